"""Every rated question and case-study part rates the competencies it declares, at the target level."""

from decimal import Decimal

import pytest

from interviews.services.kits import load_round_kit
from tests.evidence.kit import evidence_loop, interview, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def loop(hiring_manager, recruiter):
    return evidence_loop(hiring_manager=hiring_manager, recruiter=recruiter)


def ratings(scorecard) -> dict[str, tuple[Decimal, bool]]:
    return {r.competency.key: (r.score, r.derived) for r in scorecard.competency_ratings.select_related("competency")}


def test_case_study_parts_are_credited_to_their_own_competencies(loop, interviewer):
    card = score(loop, interview(loop, "Pat Parts", level="mid", interviewers=[interviewer]), interviewer,
                 model="mid", presentation="meets", goals="exceeds", story="below")
    by_key = {r.competency.key: r for r in card.competency_ratings.select_related("competency")}
    # Goals (Exceeds at Mid: 3 + 1) counts for Analysis only, beside the Mid answer (3).
    assert [(s["part"], s["choice"], s["score"]) for s in by_key["analysis"].sources] == [
        (None, "mid", 3.0), (loop.parts["goals"].pk, "exceeds", 4.0)]
    assert by_key["analysis"].score == Decimal("3.5")
    # Story (Below at Mid: 2, weight 2) counts for Communication only, beside the presentation's Meets (3).
    assert [(s["part"], s["choice"], s["score"], s["weight"]) for s in by_key["communication"].sources] == [
        (None, "meets", 3.0, 1.0), (loop.parts["story"].pk, "below", 2.0, 2.0)]
    assert by_key["communication"].score == Decimal("2.3")


def test_a_skipped_part_credits_nothing(loop, interviewer):
    card = score(loop, interview(loop, "Sam Skip", level="mid", interviewers=[interviewer]), interviewer,
                 goals="meets", story=None)
    communication = card.competency_ratings.get(competency__key="communication")
    assert [s["question"] for s in communication.sources] == [loop.questions["past-project"].pk]


def test_exceeds_and_meets_on_an_exercise_differ_at_the_top_level(loop, interviewer):
    meets = score(loop, interview(loop, "Mo Meets", interviewers=[interviewer]), interviewer, presentation="meets",
                  story=None)
    exceeds = score(loop, interview(loop, "Ex Exceeds", interviewers=[interviewer]), interviewer,
                    presentation="exceeds", story=None)
    # Senior, the top level, expects Communication at 5, the scale maximum: Exceeds lies above it.
    assert ratings(meets)["communication"] == (Decimal("5.0"), True)
    assert ratings(exceeds)["communication"] == (Decimal("6.0"), True)


def test_each_part_is_rated_against_its_own_anchors(loop, interviewer):
    kit = load_round_kit(interview(loop, "Ann Anchors", interviewers=[interviewer]))
    case = kit.question(loop.questions["churn-case"].pk)
    assert case.anchors_for(loop.parts["goals"]) == {
        "exceeds": "Goals with guardrails.", "meets": "A clear goal.", "below": "Orders alone."}
    assert case.anchors_for(loop.parts["story"]) == {}
    assert [(c.key, w) for c, w in case.evidence(loop.parts["story"])] == [("communication", Decimal("2"))]
