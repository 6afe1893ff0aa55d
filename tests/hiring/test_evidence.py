import pytest
from django.utils import timezone

from hiring import evidence
from interviews.models import CompetencyRating, Scorecard
from tests.hiring.loop import make_application, make_loop, rate


@pytest.mark.django_db
def test_ratings_frame_holds_current_submitted_ratings_with_role_scoped_competency(hiring_manager, recruiter,
                                                                                   interviewer):
    loop = make_loop(hiring_manager=hiring_manager, recruiter=recruiter, competencies=2)
    app = make_application(loop, "Ada Lovelace")
    card = rate(loop, app, interviewer, [3.5, 2.0])
    draft = Scorecard.objects.create(interview=card.interview, interviewer=recruiter)  # not submitted
    CompetencyRating.objects.create(scorecard=draft, competency=loop.competencies[0], score=5)
    frame = evidence.ratings_frame()
    key = loop.role.key
    assert frame.to_dict("records") == [
        {"candidate": app.pk, "interviewer": interviewer.pk, "competency": f"{key}:skill-0", "score": 3.5,
         "interview": card.interview_id},
        {"candidate": app.pk, "interviewer": interviewer.pk, "competency": f"{key}:skill-1", "score": 2.0,
         "interview": card.interview_id},
    ]


@pytest.mark.django_db
def test_an_amended_scorecard_replaces_the_previous_revision(hiring_manager, recruiter, interviewer):
    loop = make_loop(hiring_manager=hiring_manager, recruiter=recruiter, competencies=1)
    app = make_application(loop, "Ada Lovelace")
    first = rate(loop, app, interviewer, [2.0])
    Scorecard.objects.filter(pk=first.pk).update(is_current=False)
    second = Scorecard.objects.create(interview=first.interview, interviewer=interviewer, revision=2,
                                      is_current=True, submitted_at=timezone.now(), amend_reason="typo")
    CompetencyRating.objects.create(scorecard=second, competency=loop.competencies[0], score=4)
    assert evidence.ratings_frame()["score"].tolist() == [4.0]


@pytest.mark.django_db
def test_ratings_frame_is_one_query(hiring_manager, recruiter, interviewer, django_assert_num_queries):
    loop = make_loop(hiring_manager=hiring_manager, recruiter=recruiter)
    for i in range(3):
        rate(loop, make_application(loop, f"C {i}"), interviewer, [3, 3, 3])
    with django_assert_num_queries(1):
        assert len(evidence.ratings_frame()) == 9
