from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.models import AuditEntry, Scorecard
from interviews.services.kits import load_round_kit
from interviews.services.scorecards import (
    AnswerInput,
    DraftInput,
    ScorecardConflict,
    amend_scorecard,
    save_draft,
    start_scorecard,
    submit_scorecard,
    suggested_attitude_scores,
    suggested_competency_choices,
)
from interviews.signals import scorecard_submitted
from tests.interviews.scoring.conftest import complete_draft

pytestmark = pytest.mark.django_db


def submit_errors(scorecard, by) -> dict:
    with pytest.raises(ValidationError) as refused:
        submit_scorecard(scorecard=scorecard, by=by)
    return refused.value.message_dict


def test_start_creates_one_draft_and_returns_it_again(loop, interviewer):
    first = start_scorecard(interview=loop.interview, interviewer=interviewer)
    again = start_scorecard(interview=loop.interview, interviewer=interviewer)
    assert (first.pk, first.revision, first.is_submitted) == (again.pk, 1, False)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["scorecard.started"]


def test_start_refuses_an_interviewer_not_assigned(loop, make_user):
    with pytest.raises(PermissionDenied):
        start_scorecard(interview=loop.interview, interviewer=make_user("stranger"))


def test_draft_stores_choices_converted_to_the_scale(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    save_draft(scorecard=scorecard, draft=complete_draft(loop))
    scores = {(a.question_id, a.part_id): (a.choice, a.score, a.skipped) for a in scorecard.answers.all()}
    assert scores == {
        (loop.q_comp.pk, None): ("mid+", Decimal("3.5"), False),
        (loop.q_att.pk, None): ("3", Decimal("3"), False),
        (loop.q_case.pk, loop.parts[0].pk): ("exceeds", Decimal("4"), False),  # mid 3 + 1
        (loop.q_case.pk, loop.parts[1].pk): ("", None, True),
        (loop.q_code.pk, None): ("meets", Decimal("3"), False),
    }
    ratings = {r.competency_id: r.score for r in scorecard.competency_ratings.all()}
    assert ratings == {loop.analysis.pk: Decimal("3.5"), loop.communication.pk: Decimal("4.5")}
    assert [(r.attitude_id, r.score) for r in scorecard.attitude_ratings.all()] == [(loop.curiosity.pk, 3)]


def test_draft_keeps_only_the_indicators_of_the_interviews_variant(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    ids = list(loop.q_code.indicators.values_list("pk", flat=True))
    save_draft(scorecard=scorecard, draft=DraftInput(answers=[AnswerInput(question_id=loop.q_code.pk,
                                                                          indicator_ids=ids)]))
    kept = scorecard.answers.get().indicators.order_by("text").values_list("text", flat=True)
    assert list(kept) == ["Checks the assistant's output", "Tests edge cases"]


def test_draft_ignores_questions_of_other_rounds_and_skips_of_whole_questions(loop, interviewer):
    other = build_other_question(loop)
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    save_draft(scorecard=scorecard, draft=DraftInput(answers=[
        AnswerInput(question_id=other.pk, choice="mid"),
        AnswerInput(question_id=loop.q_comp.pk, skipped=True, choice="mid"),
    ]))
    assert [(a.question_id, a.skipped, a.choice) for a in scorecard.answers.all()] == [(loop.q_comp.pk, False, "mid")]


def build_other_question(loop):
    from tests.factories import QuestionFactory
    return QuestionFactory(role=loop.role)


def test_autosave_refuses_a_submitted_scorecard(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    save_draft(scorecard=scorecard, draft=complete_draft(loop))
    submit_scorecard(scorecard=scorecard, by=interviewer)
    with pytest.raises(ScorecardConflict):
        save_draft(scorecard=scorecard, draft=DraftInput())


def test_submit_of_an_empty_draft_lists_every_missing_rating(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    errors = submit_errors(scorecard, interviewer)
    assert errors == {
        f"q{loop.q_comp.pk}": ["Rate “Messy data”."],
        f"q{loop.q_att.pk}": ["Rate “Learning”."],
        f"q{loop.q_case.pk}-p{loop.parts[0].pk}": ["Rate part “Goals” or mark it skipped."],
        f"q{loop.q_case.pk}-p{loop.parts[1].pk}": ["Rate part “Story” or mark it skipped."],
        f"q{loop.q_code.pk}": ["Rate “SQL test”."],
        f"c{loop.analysis.pk}": ["Rate Analysis: this round must cover it."],
        f"c{loop.communication.pk}": ["Rate Communication: this round must cover it."],
        "recommendation": ["Give a recommendation."],
    }
    assert scorecard.is_submitted is False


def test_submit_refuses_when_every_case_study_part_is_skipped(loop, interviewer):
    draft = complete_draft(loop)
    draft.answers[2] = AnswerInput(question_id=loop.q_case.pk, part_id=loop.parts[0].pk, skipped=True)
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    save_draft(scorecard=scorecard, draft=draft)
    assert submit_errors(scorecard, interviewer) == {
        f"q{loop.q_case.pk}-p{loop.parts[0].pk}": [
            "Rate at least one part of “Churn case”; not every part can be skipped."],
    }


def test_submit_refuses_a_covered_competency_that_nothing_rates(loop, interviewer):
    draft = complete_draft(loop, competency_choices={loop.analysis.pk: "mid"})
    draft.answers[2] = AnswerInput(question_id=loop.q_case.pk, part_id=loop.parts[0].pk, skipped=True)
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    save_draft(scorecard=scorecard, draft=draft)
    assert submit_errors(scorecard, interviewer) == {
        f"q{loop.q_case.pk}-p{loop.parts[0].pk}": [
            "Rate at least one part of “Churn case”; not every part can be skipped."],
        f"c{loop.communication.pk}": ["Rate Communication: this round must cover it."]}


def test_a_covered_competency_left_unchosen_is_rated_by_the_answers_that_evidence_it(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    save_draft(scorecard=scorecard, draft=complete_draft(loop, competency_choices={loop.analysis.pk: "mid"}))
    submit_scorecard(scorecard=scorecard, by=interviewer)
    # The case study's rated part (Exceeds against the interview's target level Mid: 3 + 1) rates Communication.
    rating = scorecard.competency_ratings.get(competency=loop.communication)
    assert (rating.score, rating.derived) == (Decimal("4.0"), True)
    assert rating.sources == [{"question": loop.q_case.pk, "part": loop.parts[0].pk, "choice": "exceeds",
                               "score": 4.0, "weight": 1.0}]
    chosen = scorecard.competency_ratings.get(competency=loop.analysis)
    assert (chosen.score, chosen.derived) == (Decimal("3"), False)
    assert [s["choice"] for s in chosen.sources] == ["mid+", "meets"]


@pytest.mark.parametrize("recommendation", [1, 4])
def test_strong_recommendation_needs_written_evidence(loop, interviewer, recommendation):
    draft = complete_draft(loop, recommendation=recommendation)
    draft.answers[0].strengths = ""
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    save_draft(scorecard=scorecard, draft=draft)
    label = {1: "Strong No", 4: "Strong Yes"}[recommendation]
    assert submit_errors(scorecard, interviewer) == {"recommendation": [
        f"A {label} recommendation needs written evidence: note strengths or gaps on at least one answer."]}


def test_strong_recommendation_with_a_gap_noted_is_accepted(loop, interviewer):
    draft = complete_draft(loop, recommendation=1)
    draft.answers[0].strengths = ""
    draft.answers[4].gaps = "Could not write a join."
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    save_draft(scorecard=scorecard, draft=draft)
    assert submit_scorecard(scorecard=scorecard, by=interviewer).is_current is True


def test_submit_makes_the_revision_current_audits_and_signals_after_commit(
        loop, interviewer, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    scorecard_submitted.connect(receiver)
    try:
        scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
        save_draft(scorecard=scorecard, draft=complete_draft(loop))
        with django_capture_on_commit_callbacks(execute=True):
            submit_scorecard(scorecard=scorecard, by=interviewer)
            assert received == []
    finally:
        scorecard_submitted.disconnect(receiver)
    scorecard.refresh_from_db()
    assert (scorecard.is_current, scorecard.is_submitted) == (True, True)
    assert [{k: v for k, v in r.items() if k != "signal"} for r in received] == [
        {"scorecard_id": scorecard.pk, "application_id": loop.application.pk}]
    entry = AuditEntry.objects.get(action="scorecard.submitted")
    assert (entry.actor, entry.target, entry.data) == (interviewer, scorecard, {"revision": 1, "recommendation": 3})


def test_only_the_scorecards_interviewer_can_submit_it(loop, interviewer, peer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    save_draft(scorecard=scorecard, draft=complete_draft(loop))
    with pytest.raises(PermissionDenied):
        submit_scorecard(scorecard=scorecard, by=peer)


def test_submit_twice_is_refused(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    save_draft(scorecard=scorecard, draft=complete_draft(loop))
    submit_scorecard(scorecard=scorecard, by=interviewer)
    with pytest.raises(ScorecardConflict) as refused:
        submit_scorecard(scorecard=scorecard, by=interviewer)
    assert refused.value.message == "This scorecard was already submitted; nothing was changed. Amend it to change it."


def submitted(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    save_draft(scorecard=scorecard, draft=complete_draft(loop))
    return submit_scorecard(scorecard=scorecard, by=interviewer)


def test_amend_needs_a_reason(loop, interviewer):
    first = submitted(loop, interviewer)
    with pytest.raises(ValidationError) as refused:
        amend_scorecard(scorecard=first, by=interviewer, reason="  ")
    assert refused.value.message_dict == {"reason": ["Say why you are amending this scorecard."]}


def test_amend_copies_everything_into_a_draft_and_the_old_revision_counts_until_submitted(loop, interviewer):
    first = submitted(loop, interviewer)
    indicator = loop.q_comp.indicators.first()
    first.answers.get(question=loop.q_comp).indicators.add(indicator)
    second = amend_scorecard(scorecard=first, by=interviewer, reason="Mixed up two candidates' notes.")
    assert (second.revision, second.is_submitted, second.amend_reason) == (
        2, False, "Mixed up two candidates' notes.")

    def content(card):
        return (
            sorted((a.question_id, a.part_id, a.choice, a.score, a.skipped, a.strengths,
                    tuple(a.indicators.values_list("pk", flat=True))) for a in card.answers.all()),
            sorted(card.competency_ratings.values_list("competency_id", "score")),
            sorted(card.attitude_ratings.values_list("attitude_id", "score")),
            card.recommendation, card.summary,
        )

    assert content(second) == content(first)
    assert list(Scorecard.objects.current().values_list("pk", flat=True)) == [first.pk]
    save_draft(scorecard=second, draft=complete_draft(loop, recommendation=2))
    submit_scorecard(scorecard=second, by=interviewer)
    assert list(Scorecard.objects.current().values_list("pk", "recommendation")) == [(second.pk, 2)]
    first.refresh_from_db()
    assert (first.is_current, first.is_submitted, first.recommendation) == (False, True, 3)
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "scorecard.started", "scorecard.submitted", "scorecard.amended", "scorecard.submitted"]


def test_amend_refuses_a_second_amendment_in_progress_and_a_draft(loop, interviewer):
    first = submitted(loop, interviewer)
    second = amend_scorecard(scorecard=first, by=interviewer, reason="Typo")
    with pytest.raises(ValidationError):
        amend_scorecard(scorecard=first, by=interviewer, reason="Again")
    with pytest.raises(ValidationError):
        amend_scorecard(scorecard=second, by=interviewer, reason="A draft")


def test_competency_suggestion_is_the_level_nearest_the_mean_of_the_answers(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    draft = complete_draft(loop)
    draft.answers[4].choice = "exceeds"  # coding: analysis mid 3 + 1 = 4; competency question mid+ = 3.5
    save_draft(scorecard=scorecard, draft=draft)
    kit = load_round_kit(loop.interview)
    answers = list(scorecard.answers.all())
    # analysis: mean 3.75 rounds to 3.8, nearer "senior" (4) than "mid+" (3.5);
    # communication: one part Exceeds at mid (3 + 1 = 4), nearer "mid+" (3.75) than "senior" (4.5).
    assert suggested_competency_choices(kit=kit, answers=answers) == {
        loop.analysis.pk: "senior", loop.communication.pk: "mid+"}
    assert suggested_attitude_scores(kit=kit, answers=answers) == {loop.curiosity.pk: 3}


def test_saving_an_unchanged_draft_again_writes_only_the_scorecards_save_time(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    ids = list(loop.q_code.indicators.values_list("pk", flat=True))
    draft = complete_draft(loop)
    draft.answers[-1].indicator_ids = ids
    save_draft(scorecard=scorecard, draft=draft)
    with CaptureQueriesContext(connection) as saved:
        save_draft(scorecard=scorecard, draft=draft)
    assert [q["sql"].split()[:2] for q in saved.captured_queries if q["sql"].startswith(("INSERT", "UPDATE",
                                                                                         "DELETE"))] == [
        ["UPDATE", '"interviews_scorecard"']]


def test_saving_a_changed_draft_updates_answers_ratings_and_indicators_in_place(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    first, second = load_round_kit(loop.interview).question(loop.q_code.pk).indicators[:2]
    draft = complete_draft(loop)
    draft.answers[-1].indicator_ids = [first.pk]
    save_draft(scorecard=scorecard, draft=draft)
    answer_pks = sorted(scorecard.answers.values_list("pk", flat=True))
    draft = complete_draft(loop, competency_choices={loop.analysis.pk: "senior", loop.communication.pk: "senior"},
                           attitude_scores={loop.curiosity.pk: 4})
    draft.answers[0].choice, draft.answers[-1].indicator_ids = "senior", [second.pk]
    save_draft(scorecard=scorecard, draft=draft)
    assert sorted(scorecard.answers.values_list("pk", flat=True)) == answer_pks
    assert scorecard.answers.get(question=loop.q_comp).choice == "senior"
    assert list(scorecard.answers.get(question=loop.q_code).indicators.all()) == [second]
    ratings = {r.competency_id: r.score for r in scorecard.competency_ratings.all()}
    assert ratings == {loop.analysis.pk: Decimal("4"), loop.communication.pk: Decimal("4.5")}
    assert [(r.attitude_id, r.score) for r in scorecard.attitude_ratings.all()] == [(loop.curiosity.pk, 4)]


def test_saving_a_draft_with_fewer_answers_and_ratings_removes_the_others(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    save_draft(scorecard=scorecard, draft=complete_draft(loop))
    save_draft(scorecard=scorecard, draft=DraftInput(answers=[AnswerInput(question_id=loop.q_code.pk,
                                                                          choice="below")]))
    assert [(a.question_id, a.choice) for a in scorecard.answers.all()] == [(loop.q_code.pk, "below")]
    # What remains is the rating the one answer left derives (Below at Mid: 3 - 1), and no attitude rating.
    assert [(r.competency_id, r.score, r.derived) for r in scorecard.competency_ratings.all()] == [
        (loop.analysis.pk, Decimal("2.0"), True)]
    assert scorecard.attitude_ratings.count() == 0


def test_submit_with_a_draft_saves_it_and_submits_it(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    submitted = submit_scorecard(scorecard=scorecard, by=interviewer, draft=complete_draft(loop))
    assert (submitted.is_current, submitted.recommendation, submitted.summary) == (
        True, 3, "Solid mid-level analyst.")
    assert scorecard.answers.count() == 5
    assert AuditEntry.objects.get(action="scorecard.submitted").data == {"revision": 1, "recommendation": 3}


def test_refused_submit_with_a_draft_saves_nothing(loop, interviewer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=interviewer)
    with pytest.raises(ValidationError) as refused:
        submit_scorecard(scorecard=scorecard, by=interviewer, draft=complete_draft(loop, recommendation=None))
    assert refused.value.message_dict == {"recommendation": ["Give a recommendation."]}
    scorecard.refresh_from_db()
    assert (scorecard.summary, scorecard.answers.count(), scorecard.is_submitted) == ("", 0, False)
