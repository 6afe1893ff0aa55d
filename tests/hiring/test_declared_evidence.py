"""Declared evidence reaches calibration and the packet, with where each rating came from."""

import pytest
from django.urls import reverse

from accounts.access import INTERVIEWER
from hiring.packets import context
from hiring.services.calibration import recalibrate
from tests.evidence.kit import evidence_loop, interview, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def loop(hiring_manager, recruiter):
    return evidence_loop(hiring_manager=hiring_manager, recruiter=recruiter)


@pytest.fixture
def panel(make_user):
    return [make_user(name, INTERVIEWER, first_name=name.title()) for name in ("ada", "bo")]


def communication(application_id: int) -> dict:
    return next(c for c in context.build(application_id)["competencies"] if c["name"] == "Communication")


def test_a_presentation_rated_exceeds_raises_the_calibrated_estimate_and_the_packet_says_why(loop, panel):
    # Background candidates, so that both interviewers' severities are estimable.
    for i, (model, presentation) in enumerate([("mid", "below"), ("senior", "meets"), ("junior", "below"),
                                               ("mid", "meets"), ("senior", "exceeds")]):
        background = interview(loop, f"Background {i}", interviewers=panel)
        for person in panel:
            score(loop, background, person, model=model, presentation=presentation, story=None)
    meets = interview(loop, "Mia Meets", interviewers=panel[:1])
    exceeds = interview(loop, "Eli Exceeds", interviewers=panel[:1])
    score(loop, meets, panel[0], presentation="meets", story=None)
    score(loop, exceeds, panel[0], presentation="exceeds", story=None)
    recalibrate()

    low, high = communication(meets.application_id), communication(exceeds.application_id)
    assert (low["raw_mean"], high["raw_mean"]) == (5.0, 6.0)
    assert high["estimate"] > low["estimate"] + 0.3
    [rating] = high["ratings"]
    assert (rating["interviewer"], rating["derived"], rating["score"]) == ("Ada", True, 6.0)
    assert rating["sources"] == [{"text": "Presentation, rated Exceeds against Senior", "score": 6.0, "weight": 1.0}]


def test_the_packet_names_each_source_and_shows_skipped_parts(loop, panel):
    case = interview(loop, "Cas Case", level="mid", interviewers=panel[:1])
    score(loop, case, panel[0], model="mid+", presentation="meets", goals="exceeds", story=None)
    data = context.build(case.application_id)
    analysis = next(c for c in data["competencies"] if c["name"] == "Analysis")
    assert [s["text"] for s in analysis["ratings"][0]["sources"]] == [
        "Explain a model, rated between Mid and Senior", "Churn case — Goals, rated Exceeds against Mid"]
    assert data["skipped"] == [{"question": "Churn case", "part": "Story", "round": "Onsite", "interviewer": "Ada"}]


def test_the_packet_page_shows_provenance_and_skipped_parts(loop, panel, client):
    case = interview(loop, "Pia Page", interviewers=panel[:1])
    score(loop, case, panel[0], presentation="exceeds", story=None)
    client.force_login(loop.requisition.hiring_manager)
    page = client.get(reverse("hiring:packet", args=[case.application_id])).content.decode()
    assert "<li>Presentation, rated Exceeds against Senior: 6.00</li>" in page
    assert "<p>Churn case — Story: skipped by Ada (Onsite).</p>" in page
