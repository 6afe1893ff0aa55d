import io
from collections import defaultdict
from statistics import mean

import pytest

from hiring.demo import build_demo
from interviews.demo import (
    HARSH,
    HARSH_ONLY_CANDIDATE,
    LENIENT,
    LENIENT_ONLY_CANDIDATE,
    REQUISITION_TITLE,
    build_demo_pipeline,
)
from interviews.models import Application, Candidate, CompetencyRating, Interview, Requisition, Scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_kit():
    """The whole demo, as load_demo builds it; returns what it printed."""
    out = io.StringIO()
    build_demo(stdout=out, packets=False)
    return out.getvalue().splitlines()


def snapshot() -> list[tuple]:
    return sorted(CompetencyRating.objects.filter(scorecard__is_current=True).values_list(
        "scorecard__interview__application__candidate__name", "scorecard__interview__round__key",
        "scorecard__interviewer__username", "competency__key", "score", "scorecard__recommendation"))


def test_demo_pipeline_has_candidates_at_every_stage_and_is_idempotent(demo_kit):
    out = io.StringIO()
    build_demo_pipeline(stdout=out)
    assert demo_kit[2] == (f"Created {REQUISITION_TITLE!r} on Data Scientist (v1): 12 candidates, 48 interviews, "
                           "44 submitted scorecards, 1 drafts.")
    assert out.getvalue().splitlines() == [f"The requisition {REQUISITION_TITLE!r} exists already; left as it is."]
    statuses = defaultdict(int)
    for status, kind in Application.objects.values_list("status", "stage__kind"):
        statuses[(status, kind)] += 1
    assert dict(statuses) == {("declined", "application_screen"): 2, ("archived", "resume_screen"): 2,
                              ("active", "interviews"): 8}
    assert Scorecard.objects.filter(submitted_at__isnull=False).count() == 44
    assert Interview.objects.filter(scorecards__isnull=True).count() == 3  # one upcoming, two overdue
    assert len({s.interviewer_id for s in Scorecard.objects.submitted()}) == 8


def test_demo_pipeline_is_deterministic(demo_kit):
    first = snapshot()
    Requisition.objects.filter(title=REQUISITION_TITLE).delete()
    Candidate.objects.all().delete()
    build_demo_pipeline(stdout=io.StringIO())
    assert snapshot() == first


def test_demo_harsh_and_lenient_interviewers_show_in_raw_means(demo_kit):
    by_interviewer, by_candidate = defaultdict(list), defaultdict(list)
    for candidate, _, interviewer, _, score, _ in snapshot():
        by_interviewer[interviewer].append(float(score))
        by_candidate[candidate].append(float(score))
    means = {name: mean(scores) for name, scores in by_interviewer.items()}
    neutral = mean(s for name, scores in by_interviewer.items() if name not in HARSH + LENIENT for s in scores)
    assert all(means[name] < neutral - 0.5 for name in HARSH), means
    assert all(means[name] > neutral + 0.5 for name in LENIENT), means
    assert mean(by_candidate[LENIENT_ONLY_CANDIDATE]) - mean(by_candidate[HARSH_ONLY_CANDIDATE]) > 1.5
    raters = defaultdict(set)
    for candidate, _, interviewer, *_ in snapshot():
        raters[interviewer].add(candidate)
    # Every biased interviewer also rated candidates that neutral interviewers rated: severity is estimable.
    neutral_candidates = set().union(*(raters[n] for n in raters if n not in HARSH + LENIENT))
    assert all(len(raters[name] & neutral_candidates) >= 2 for name in HARSH + LENIENT)


def test_candidates_past_the_application_screen_have_their_screen_evidence(demo_kit):
    from interviews.models import ResumeReview, StageChange

    for application in Application.objects.exclude(status="declined"):
        assert application.resume.name.endswith(".pdf")
        with application.resume.open("rb") as resume:
            assert resume.read(5) == b"%PDF-"
        assert application.knockout_answers.count() == 2
        assert not application.knockout_answers.filter(option__outcome="auto_decline").exists()
        assert [v.content_type for v in application.video_responses.all()] == ["video/webm"] * (
            application.video_responses.count())
        assert application.video_responses.count() >= 1
        moved = StageChange.objects.filter(application=application, reason__contains="by the resume rule")
        assert (moved.count(), ResumeReview.objects.filter(application=application).count()) == (1, 1)


def test_histories_start_with_the_application_like_the_services_write_them(demo_kit):
    from interviews.models import StageChange

    for application in Application.objects.all():
        first = StageChange.objects.filter(application=application).order_by("at", "pk").first()
        assert (first.from_stage, first.status, first.reason) == (None, "active", "Applied.")
