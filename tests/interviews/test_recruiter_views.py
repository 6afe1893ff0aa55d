import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.models import Interview, StageChange, VideoReview
from tests.factories import ApplicationFactory, CandidateFactory, RequisitionFactory, VideoResponseFactory


def pipeline_queries(client, requisition, query: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("interviews:pipeline", args=[requisition.pk]) + query)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_pipeline_query_count_is_constant_from_10_to_100_applications(client, recruiter, requisition, loop):
    client.force_login(recruiter)
    ApplicationFactory.create_batch(10, requisition=requisition)
    ten = pipeline_queries(client, requisition, "?page=1")
    ApplicationFactory.create_batch(90, requisition=requisition)
    assert pipeline_queries(client, requisition, "?page=1") == ten
    assert pipeline_queries(client, requisition, "?page=4") == ten


@pytest.mark.django_db
def test_pipeline_counts_per_stage_and_status(client, recruiter, requisition, loop):
    client.force_login(recruiter)
    ApplicationFactory.create_batch(3, requisition=requisition)
    ApplicationFactory(requisition=requisition, status="archived")
    ApplicationFactory(requisition=requisition, stage=loop.application_stage, status="declined")
    table = client.get(reverse("interviews:pipeline", args=[requisition.pk])).context["stage_table"]
    # columns: active, declined, archived, offer made, hired, rejected
    assert [(row["stage"].key, row["counts"], row["total"]) for row in table] == [
        ("application", [0, 1, 0, 0, 0, 0], 1), ("resume", [3, 0, 1, 0, 0, 0], 4),
        ("interviews", [0, 0, 0, 0, 0, 0], 0),
    ]


@pytest.mark.django_db
def test_pipeline_searches_and_filters(client, recruiter, requisition, loop):
    client.force_login(recruiter)
    grace = ApplicationFactory(requisition=requisition, candidate=CandidateFactory(name="Grace Hopper"))
    ApplicationFactory(requisition=requisition, candidate=CandidateFactory(name="Alan Turing"))
    archived = ApplicationFactory(requisition=requisition, status="archived",
                                  candidate=CandidateFactory(email="hopper@navy.example"))
    url = reverse("interviews:pipeline", args=[requisition.pk])
    assert list(client.get(url, {"q": "hopper"}).context["page"]) == [archived, grace]
    assert list(client.get(url, {"q": "hopper", "status": "active"}).context["page"]) == [grace]
    assert list(client.get(url, {"stage": loop.interview_stage.pk}).context["page"]) == []


@pytest.mark.django_db
def test_pipeline_paginates_by_25(client, recruiter, requisition):
    client.force_login(recruiter)
    ApplicationFactory.create_batch(30, requisition=requisition)
    url = reverse("interviews:pipeline", args=[requisition.pk])
    assert len(client.get(url).context["page"]) == 25
    assert len(client.get(url, {"page": 2}).context["page"]) == 5


@pytest.mark.django_db
def test_htmx_filter_returns_only_the_list_partial(client, recruiter, requisition):
    client.force_login(recruiter)
    response = client.get(reverse("interviews:pipeline", args=[requisition.pk]), headers={"HX-Request": "true"})
    assert [t.name for t in response.templates][0] == "interviews/recruiter/_applications.html"


@pytest.mark.django_db
def test_requisitions_list_shows_only_own_requisitions(client, recruiter, requisition):
    RequisitionFactory(loop=requisition.loop)
    client.force_login(recruiter)
    assert list(client.get(reverse("interviews:requisitions")).context["page"]) == [requisition]


@pytest.mark.django_db
def test_advance_with_reason_shows_in_history(client, recruiter, requisition, loop):
    application = ApplicationFactory(requisition=requisition)
    client.force_login(recruiter)
    response = client.post(reverse("interviews:move", args=[application.pk]),
                           {"action": "advance", "reason": "Great portfolio"}, follow=True)
    assert response.redirect_chain == [(reverse("interviews:application", args=[application.pk]), 302)]
    assert [(c.to_stage, c.by, c.reason) for c in response.context["history"]] == [
        (loop.interview_stage, recruiter, "Great portfolio")
    ]


@pytest.mark.django_db
def test_move_without_reason_says_so_and_changes_nothing(client, recruiter, requisition):
    application = ApplicationFactory(requisition=requisition)
    client.force_login(recruiter)
    response = client.post(reverse("interviews:move", args=[application.pk]), {"action": "archive", "reason": " "})
    assert response.status_code == 400
    assert response.context["form"].errors == {"reason": ["Say why: the reason is kept in the history."]}
    assert StageChange.objects.count() == 0


@pytest.mark.django_db
def test_hiring_manager_reads_but_cannot_move(client, hiring_manager, requisition):
    application = ApplicationFactory(requisition=requisition)
    client.force_login(hiring_manager)
    page = client.get(reverse("interviews:application", args=[application.pk]))
    assert page.status_code == 200
    assert "Save the move" not in page.content.decode()
    response = client.post(reverse("interviews:move", args=[application.pk]), {"action": "archive", "reason": "x"})
    assert response.status_code == 403
    assert StageChange.objects.count() == 0


@pytest.mark.django_db
def test_resume_review_form_requires_every_criterion_and_keeps_notes(client, recruiter, requisition, loop):
    application = ApplicationFactory(requisition=requisition)
    client.force_login(recruiter)
    response = client.post(reverse("interviews:resume-review", args=[application.pk]),
                           {f"criterion_{loop.criteria[0].pk}": "4", "notes": "Strong SQL"})
    assert response.status_code == 400
    assert response.context["form"].errors == {f"criterion_{loop.criteria[1].pk}": ["Score this criterion (1–4)."]}
    assert "Strong SQL" in response.content.decode()


@pytest.mark.django_db
def test_resume_review_advances_by_the_rule(client, recruiter, requisition, loop):
    application = ApplicationFactory(requisition=requisition)
    client.force_login(recruiter)
    client.post(reverse("interviews:resume-review", args=[application.pk]),
                {f"criterion_{loop.criteria[0].pk}": "4", f"criterion_{loop.criteria[1].pk}": "3"})
    change = StageChange.objects.get()
    assert (change.to_stage, change.by, change.reason) == (
        loop.interview_stage, None, "Resume score 3.50 ≥ 2.50: advanced by the resume rule."
    )


@pytest.mark.django_db
def test_video_review_over_htmx_returns_the_partial_with_the_review(client, recruiter, requisition):
    response = VideoResponseFactory(application__requisition=requisition)
    client.force_login(recruiter)
    page = client.post(reverse("interviews:video-review", args=[response.pk]),
                       {f"video-{response.pk}-score": "3", f"video-{response.pk}-notes": "Clear"},
                       headers={"HX-Request": "true"})
    assert [t.name for t in page.templates][0] == "interviews/recruiter/_video_review.html"
    assert "Your review is saved." in page.content.decode()
    assert list(VideoReview.objects.values_list("reviewer", "score", "notes")) == [(recruiter.pk, 3, "Clear")]


@pytest.mark.django_db
def test_video_file_is_served_to_the_recruiter_with_its_type(client, recruiter, requisition):
    response = VideoResponseFactory(application__requisition=requisition)
    client.force_login(recruiter)
    served = client.get(reverse("interviews:video-file", args=[response.pk]))
    assert (served.status_code, served["Content-Type"]) == (200, "video/webm")
    assert b"".join(served.streaming_content) == b"\x1a\x45\xdf\xa3 not really a video"


@pytest.mark.django_db
def test_assign_interviewers_form_saves_the_interview(client, recruiter, interviewer, requisition, loop):
    application = ApplicationFactory(requisition=requisition, stage=loop.interview_stage)
    client.force_login(recruiter)
    url = reverse("interviews:assign", args=[application.pk, loop.coding_round.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["variant"].queryset) == [loop.without_ai, loop.with_ai]
    assert list(form.fields["target_level"].queryset) == loop.levels[1:]
    client.post(url, {"interviewers": [interviewer.pk], "scheduled_at": "2030-05-04T10:30",
                      "target_level": loop.levels[1].pk, "variant": loop.with_ai.pk})
    interview = Interview.objects.get()
    assert (list(interview.interviewers.all()), interview.target_level, interview.variant,
            interview.scheduled_at.isoformat()) == ([interviewer], loop.levels[1], loop.with_ai,
                                                    "2030-05-04T10:30:00+00:00")


@pytest.mark.django_db
def test_assign_form_without_coding_test_has_no_variant_and_says_what_is_missing(client, recruiter, requisition,
                                                                                  loop):
    application = ApplicationFactory(requisition=requisition, stage=loop.interview_stage)
    client.force_login(recruiter)
    response = client.post(reverse("interviews:assign", args=[application.pk, loop.technical_round.pk]),
                           {"target_level": loop.levels[1].pk})
    assert response.status_code == 400
    assert response.context["form"].errors == {"interviewers": ["Choose at least one interviewer."]}
    assert "variant" not in response.context["form"].fields


@pytest.mark.django_db
def test_resume_review_page_says_when_the_application_is_past_the_resume_screen(client, recruiter, requisition,
                                                                                loop):
    application = ApplicationFactory(requisition=requisition, stage=loop.interview_stage)
    client.force_login(recruiter)
    html = client.get(reverse("interviews:resume-review", args=[application.pk])).content.decode()
    assert "it cannot be reviewed now" in html
    assert "Save the review" not in html


@pytest.mark.django_db
def test_requisitions_list_searches_by_title(client, recruiter, requisition):
    other = RequisitionFactory(loop=requisition.loop, recruiter=recruiter, title="Analytics Engineer")
    client.force_login(recruiter)
    assert list(client.get(reverse("interviews:requisitions"), {"q": "analytics"}).context["page"]) == [other]


@pytest.mark.django_db
@pytest.mark.parametrize(("stage", "status", "choices"), [
    ("resume", "active", ["advance", "archive"]),
    ("interviews", "active", ["offer", "reject", "archive"]),
    ("interviews", "offer", ["reject"]),
    ("interviews", "archived", ["unarchive"]),
    ("interviews", "hired", []),
])
def test_the_page_offers_only_the_moves_the_state_allows(client, recruiter, requisition, loop, stage, status,
                                                         choices):
    stage = {"resume": loop.resume_stage, "interviews": loop.interview_stage}[stage]
    application = ApplicationFactory(requisition=requisition, stage=stage, status=status)
    client.force_login(recruiter)
    form = client.get(reverse("interviews:application", args=[application.pk])).context["move_form"]
    assert [value for value, _ in form.fields["action"].choices] == choices


@pytest.mark.django_db
def test_advance_posted_at_the_last_stage_is_refused_as_not_offered(client, recruiter, requisition, loop):
    application = ApplicationFactory(requisition=requisition, stage=loop.interview_stage)
    client.force_login(recruiter)
    response = client.post(reverse("interviews:move", args=[application.pk]), {"action": "advance", "reason": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"action": ["That move is not possible from here."]}


@pytest.mark.django_db
def test_unarchive_from_the_page_records_the_reason(client, recruiter, requisition, loop):
    application = ApplicationFactory(requisition=requisition, status="archived")
    client.force_login(recruiter)
    response = client.post(reverse("interviews:move", args=[application.pk]),
                           {"action": "unarchive", "reason": "Second look"}, follow=True)
    assert [(c.status, c.reason) for c in response.context["history"]] == [("active", "Second look")]
