"""What happens to a scorecard: start, autosave, submit, amend.

Submission rules (refused with every problem at once, keyed by form field name):
- every question of the round is rated on its scale. Only a **case-study part** may be
  skipped (DESIGN: an interviewer may skip a part); at least one part of each case study must
  be rated. Other questions cannot be skipped: the round's questions are what makes the loop
  structured and comparable, so an unasked question is a scheduling problem to raise, not a
  blank on the scorecard;
- every competency the round covers has a competency rating: chosen by the interviewer, or
  derived from the answers that evidence it;
- a recommendation is given;
- a Strong No or Strong Yes needs written evidence: strengths or gaps on at least one answer.

Declared evidence: rating a question (or a case-study part) rates every competency it declares,
at the interview's target level (``KitQuestion.evidence``). Per competency, the scorecard's one
rating that calibration counts is the interviewer's own choice if they made one, else the weighted
mean of those answers' scores (``derived``); either way it keeps the answers as its ``sources``.

Autosaving a draft is not audited (it is not a state change); starting, submitting and
amending are.

Every save and submission bumps the scorecard's ``version`` (an amendment's new revision carries
on from the one it amends). A caller that read the scorecard at some version passes it as
``expected_version``; if the scorecard has moved on since (another tab or device saved or
submitted it) nothing is written and ``ScorecardConflict`` says so, so evidence is never
silently overwritten by a stale copy.

Pages and the API call the two entry points ``autosave_scorecard`` and ``submit_scorecard_draft``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, Q, QuerySet
from django.utils import timezone

from interviews import scales
from interviews.models import (
    AttitudeRating,
    AuditEntry,
    CompetencyRating,
    Interview,
    QuestionAnswer,
    Recommendation,
    Scorecard,
)
from interviews.services.kits import (
    EXERCISE_ATTITUDE_SCORES,
    RoundKit,
    answer_field,
    competency_field,
    load_round_kit,
)
from interviews.signals import scorecard_submitted
from interviews.validators import NOTE_MAX_CHARS, reject_control_characters
from rubrics.models import QuestionKind

STRONG = {Recommendation.STRONG_NO, Recommendation.STRONG_YES}


@dataclass
class AnswerInput:
    question_id: int
    part_id: int | None = None
    choice: str = ""
    skipped: bool = False
    strengths: str = ""
    gaps: str = ""
    indicator_ids: list[int] = field(default_factory=list)


@dataclass
class DraftInput:
    answers: list[AnswerInput] = field(default_factory=list)
    competency_choices: dict[int, str] = field(default_factory=dict)  # competency id -> level choice
    attitude_scores: dict[int, int] = field(default_factory=dict)  # attitude id -> 1..4
    recommendation: int | None = None
    summary: str = ""


class ScorecardConflict(Exception):
    """The scorecard changed after the caller read it (another tab or device saved or submitted
    it): nothing was written. ``scorecard`` is the stored one, as it is now."""

    def __init__(self, message: str, *, scorecard: Scorecard) -> None:
        super().__init__(message)
        self.message = message
        self.scorecard = scorecard

    @property
    def version(self) -> int:
        return self.scorecard.version

    @property
    def submitted(self) -> bool:
        return self.scorecard.is_submitted


class SubmissionRefused(ValidationError):
    """The submission rules refused the draft; the draft itself was saved as typed (``scorecard``,
    at its new ``version``). The errors are keyed by form field name, as ``ValidationError``'s."""

    def __init__(self, errors: dict[str, list[str]], *, scorecard: Scorecard) -> None:
        super().__init__(errors)
        self.scorecard = scorecard


def latest_scorecard(*, interview: Interview, interviewer: AbstractBaseUser) -> Scorecard | None:
    return Scorecard.objects.filter(interview=interview, interviewer=interviewer).order_by("-revision").first()


@transaction.atomic
def start_scorecard(*, interview: Interview, interviewer: AbstractBaseUser) -> Scorecard:
    """The interviewer's latest revision for the interview; a new draft (revision 1) if none."""
    if not interview.interviewers.filter(pk=interviewer.pk).exists():
        raise PermissionDenied("Only an interviewer assigned to this interview can score it.")
    scorecard = latest_scorecard(interview=interview, interviewer=interviewer)
    if scorecard is None:
        try:
            with transaction.atomic():
                scorecard = Scorecard.objects.create(interview=interview, interviewer=interviewer, revision=1)
        except IntegrityError:  # another tab started it at the same moment
            return latest_scorecard(interview=interview, interviewer=interviewer)
        AuditEntry.record(scorecard, "scorecard.started", actor=interviewer, interview_id=interview.pk)
    return scorecard


@transaction.atomic
def save_draft(*, scorecard: Scorecard, draft: DraftInput, kit: RoundKit | None = None,
               expected_version: int | None = None) -> Scorecard:
    """Replace the draft's answers and ratings with ``draft``. Only types are checked: an
    incomplete draft is fine. Ids that are not part of the round are ignored.

    Raises ``ScorecardConflict`` if the scorecard is submitted, or if ``expected_version`` is given
    and the scorecard is no longer at it."""
    scorecard = _check_draft(Scorecard.objects.select_for_update().get(pk=scorecard.pk), expected_version)
    kit = kit or load_round_kit(scorecard.interview)
    _write_draft(scorecard, draft, kit)
    scorecard.version += 1
    scorecard.save(update_fields=["recommendation", "summary", "version", "updated_at"])
    return scorecard


def _check_draft(scorecard: Scorecard, expected_version: int | None) -> Scorecard:
    """``scorecard``, read under lock, if it may still be written from ``expected_version``."""
    if scorecard.is_submitted:
        raise ScorecardConflict("This scorecard was already submitted; nothing was changed. Amend it to change it.",
                                scorecard=scorecard)
    if expected_version is not None and expected_version != scorecard.version:
        raise ScorecardConflict(
            f"This scorecard was saved elsewhere (another tab or window, at "
            f"{timezone.localtime(scorecard.updated_at):%H:%M:%S}) after this copy was opened; nothing was saved "
            f"from this copy.", scorecard=scorecard)
    return scorecard


@dataclass
class _Saved:
    """What a draft save left in the database, as built in memory."""

    answers: list[QuestionAnswer]
    competency_ids: set[int]


def _write_draft(scorecard: Scorecard, draft: DraftInput, kit: RoundKit) -> _Saved:
    """Make the locked draft's rows equal ``draft`` with as few writes as possible; sets (does not
    save) its recommendation and summary."""
    _check_text(draft)
    answers, indicator_links = _build_answers(scorecard, draft.answers, kit)
    competency_ratings = _build_competency_ratings(scorecard, draft.competency_choices, kit, answers)
    attitude_ids = {a.pk for a in kit.attitudes}
    attitude_ratings = [
        AttitudeRating(scorecard=scorecard, attitude_id=aid, score=score)
        for aid, score in draft.attitude_scores.items() if aid in attitude_ids and score in scales.ATTITUDE_SCORES
    ]
    _sync_answers(scorecard, answers, indicator_links, kit)
    _sync_rows(CompetencyRating.objects.filter(scorecard=scorecard), competency_ratings, "competency_id",
               ["score", "derived", "sources"])
    _sync_rows(AttitudeRating.objects.filter(scorecard=scorecard), attitude_ratings, "attitude_id", ["score"])
    scorecard.recommendation = draft.recommendation
    scorecard.summary = draft.summary
    return _Saved(answers=answers, competency_ids={r.competency_id for r in competency_ratings})


def _check_text(draft: DraftInput) -> None:
    """Refuse notes that are too long or hold control characters, keyed by form field name."""
    texts = {"summary": draft.summary}
    for item in draft.answers:
        key = answer_field(item.question_id, item.part_id)
        texts[f"{key}-strengths"], texts[f"{key}-gaps"] = item.strengths, item.gaps
    errors: dict[str, list[str]] = {}
    for key, text in texts.items():
        if len(text) > NOTE_MAX_CHARS:
            errors[key] = [f"At most {NOTE_MAX_CHARS:,} characters (this has {len(text):,})."]
        else:
            try:
                reject_control_characters(text)
            except ValidationError as refused:
                errors[key] = refused.messages
    if errors:
        raise ValidationError(errors)


ANSWER_FIELDS = ["choice", "score", "skipped", "strengths", "gaps"]


def _sync_answers(scorecard: Scorecard, answers: list[QuestionAnswer], links: list[list[int]],
                  kit: RoundKit) -> None:
    """Update changed answers in place. When answers come or go, replace them all instead, so that
    their pk order stays the order of the round, as the read-only page shows them."""
    through = QuestionAnswer.indicators.through
    stored = {(a.question_id, a.part_id): a for a in QuestionAnswer.objects.filter(scorecard=scorecard)}
    if set(stored) != {(a.question_id, a.part_id) for a in answers}:
        QuestionAnswer.objects.filter(scorecard=scorecard).delete()
        QuestionAnswer.objects.bulk_create(answers)
        through.objects.bulk_create([
            through(questionanswer_id=answer.pk, indicator_id=indicator_id)
            for answer, ids in zip(answers, links, strict=True) for indicator_id in ids
        ])
        return
    observed: dict[int, set[int]] = {}
    if any(kq.indicators for kq in kit.questions):  # else no answer can have any
        for answer_id, indicator_id in through.objects.filter(questionanswer__scorecard=scorecard).values_list(
                "questionanswer_id", "indicator_id"):
            observed.setdefault(answer_id, set()).add(indicator_id)
    changed, fields, unlink, link = [], set(), [], []
    for answer, ids in zip(answers, links, strict=True):
        old = stored[(answer.question_id, answer.part_id)]
        answer.pk = old.pk
        differ = {name for name in ANSWER_FIELDS if getattr(old, name) != getattr(answer, name)}
        if differ:
            changed.append(answer)
            fields |= differ
        had = observed.get(old.pk, set())
        unlink += [(old.pk, i) for i in had - set(ids)]
        link += [through(questionanswer_id=old.pk, indicator_id=i) for i in ids if i not in had]
    if changed:
        QuestionAnswer.objects.bulk_update(changed, [name for name in ANSWER_FIELDS if name in fields])
    if unlink:
        condition = Q()
        for answer_id, indicator_id in unlink:
            condition |= Q(questionanswer_id=answer_id, indicator_id=indicator_id)
        through.objects.filter(condition).delete()
    if link:
        through.objects.bulk_create(link)


def _sync_rows(stored: QuerySet, rows: list[Model], key: str, fields: list[str]) -> None:
    """Ratings keyed by ``key``: update changed ``fields``; replace them all when keys come or go."""
    old = {getattr(r, key): r for r in stored}
    if set(old) != {getattr(r, key) for r in rows}:
        if old:
            stored.delete()
        stored.model.objects.bulk_create(rows)
        return
    changed = []
    for row in rows:
        row.pk = old[getattr(row, key)].pk
        if any(getattr(old[getattr(row, key)], name) != getattr(row, name) for name in fields):
            changed.append(row)
    if changed:
        stored.model.objects.bulk_update(changed, fields)


def _build_answers(scorecard: Scorecard, inputs: Iterable[AnswerInput],
                   kit: RoundKit) -> tuple[list[QuestionAnswer], list[list[int]]]:
    answers, links, seen = [], [], set()
    for item in inputs:
        kq = kit.question(item.question_id)
        if kq is None or (item.question_id, item.part_id) in seen:
            continue
        if item.part_id is not None and item.part_id not in {p.pk for p in kq.parts}:
            continue
        if item.part_id is None and kq.rated_in_parts:
            continue
        seen.add((item.question_id, item.part_id))
        skipped = item.skipped and item.part_id is not None
        choice = "" if skipped else item.choice
        part = kq.part(item.part_id)
        answers.append(QuestionAnswer(
            scorecard=scorecard, question_id=item.question_id, part_id=item.part_id, choice=choice,
            score=kit.answer_score(kq, choice, part=part) if choice else None, skipped=skipped,
            strengths=item.strengths, gaps=item.gaps,
        ))
        allowed = {i.pk for i in kq.indicators}
        links.append(sorted({i for i in item.indicator_ids if i in allowed}))
    return answers, links


def _build_competency_ratings(scorecard: Scorecard, choices: dict[int, str], kit: RoundKit,
                              answers: Iterable[QuestionAnswer]) -> list[CompetencyRating]:
    evidence = answer_evidence(kit=kit, answers=answers)
    ratings = []
    for competency in kit.competencies:
        sources = evidence.get(competency.pk, [])
        choice = choices.get(competency.pk, "")
        score = kit.competency_score(competency.pk, choice) if choice else None
        derived = score is None
        if derived:
            score = scales.weighted_mean([(Decimal(str(s["score"])), Decimal(str(s["weight"]))) for s in sources])
        if score is not None:
            ratings.append(CompetencyRating(scorecard=scorecard, competency=competency, score=score,
                                            derived=derived, sources=sources))
    return ratings


def answer_evidence(*, kit: RoundKit, answers: Iterable[QuestionAnswer]) -> dict[int, list[dict]]:
    """Per competency id, the rated answers that evidence it, in round order, as rating sources:
    ``{"question": id, "part": id | None, "choice": str, "score": float, "weight": float}``."""
    found: dict[int, list[dict]] = {}
    for answer in answers:
        kq = kit.question(answer.question_id)
        if kq is None or not answer.choice or answer.skipped or kq.kind == QuestionKind.ATTITUDE:
            continue
        part = kq.part(answer.part_id)
        for competency, weight in kq.evidence(part):
            score = kit.answer_score(kq, answer.choice, competency.pk)
            if score is not None:
                found.setdefault(competency.pk, []).append({
                    "question": answer.question_id, "part": answer.part_id, "choice": answer.choice,
                    "score": float(score), "weight": float(weight)})
    return found


def suggested_competency_choices(*, kit: RoundKit, answers: Iterable[QuestionAnswer]) -> dict[int, str]:
    """Per competency, the level choice nearest to the weighted mean of the answers' scores for it."""
    suggestions = {}
    for competency_id, sources in answer_evidence(kit=kit, answers=answers).items():
        mean = scales.weighted_mean([(Decimal(str(s["score"])), Decimal(str(s["weight"]))) for s in sources])
        choice = scales.nearest_level_choice(mean, kit.level_keys, kit.proficiency(competency_id))
        if choice:
            suggestions[competency_id] = choice
    return suggestions


def suggested_attitude_scores(*, kit: RoundKit, answers: Iterable[QuestionAnswer]) -> dict[int, int]:
    """Per attitude, the weighted mean (to the nearest whole point) of the answers that evidence it:
    attitude questions by their 1–4 rating, exercises by Below 2 / Meets 3 / Exceeds 4."""
    scores: dict[int, list[tuple[Decimal, Decimal]]] = {}
    for answer in answers:
        kq = kit.question(answer.question_id)
        if kq is None or not answer.choice or answer.skipped:
            continue
        if kq.kind == QuestionKind.ATTITUDE:
            score = scales.attitude_score(answer.choice)
        else:
            score = EXERCISE_ATTITUDE_SCORES.get(answer.choice) if kq.is_exercise else None
        if score is None:
            continue
        for attitude, weight in kq.attitude_evidence(kq.part(answer.part_id)):
            scores.setdefault(attitude.pk, []).append((Decimal(score), weight))
    return {aid: int(scales.weighted_mean(values).to_integral_value(rounding=ROUND_HALF_UP))
            for aid, values in scores.items()}


def submission_errors(*, scorecard: Scorecard, kit: RoundKit) -> dict[str, list[str]]:
    """Every reason the scorecard cannot be submitted yet, keyed by form field name."""
    return _rule_errors(kit=kit, answers=scorecard.answers.all(),
                        rated={r.competency_id for r in scorecard.competency_ratings.all()},
                        recommendation=scorecard.recommendation)


def _rule_errors(*, kit: RoundKit, answers: Iterable[QuestionAnswer], rated: set[int],
                 recommendation: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    answers = {(a.question_id, a.part_id): a for a in answers}
    for kq in kit.questions:
        rated_parts = 0
        for part in kq.slots():
            answer = answers.get((kq.question.pk, part.pk if part else None))
            key = answer_field(kq.question.pk, part.pk if part else None)
            if part is not None and answer is not None and answer.skipped:
                continue
            if answer is None or not kit.choice_is_valid(kq, answer.choice):
                what = f"part “{part.title}”" if part else f"“{kq.question.title}”"
                hint = " or mark it skipped" if part else ""
                errors.setdefault(key, []).append(f"Rate {what}{hint}.")
            elif part is not None:
                rated_parts += 1
        if kq.rated_in_parts and rated_parts == 0 and not any(
                answer_field(kq.question.pk, p.pk) in errors for p in kq.parts):
            errors.setdefault(answer_field(kq.question.pk, kq.parts[0].pk), []).append(
                f"Rate at least one part of “{kq.question.title}”; not every part can be skipped.")
    for competency in kit.covered:
        if competency.pk not in rated:
            errors.setdefault(competency_field(competency.pk), []).append(
                f"Rate {competency.name}: this round must cover it.")
    if recommendation is None:
        errors.setdefault("recommendation", []).append("Give a recommendation.")
    elif recommendation in STRONG and not any(
            a.strengths.strip() or a.gaps.strip() for a in answers.values()):
        label = Recommendation(recommendation).label
        errors.setdefault("recommendation", []).append(
            f"A {label} recommendation needs written evidence: note strengths or gaps on at least one answer.")
    return errors


@transaction.atomic
def submit_scorecard(*, scorecard: Scorecard, by: AbstractBaseUser, kit: RoundKit | None = None,
                     draft: DraftInput | None = None, expected_version: int | None = None) -> Scorecard:
    """Submit a draft revision: it becomes the current one, the previous current one stops counting.

    With ``draft``, the draft is saved first in the same transaction and the rules are checked on
    it as saved, without reading it back; a refusal (``ValidationError``) saves nothing, so a
    caller that wants to keep a refused draft saves it separately: ``submit_scorecard_draft`` does.
    ``ScorecardConflict`` as for ``save_draft``.
    """
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if scorecard.interviewer_id != by.pk:
        raise PermissionDenied("Only the scorecard's interviewer can submit it.")
    _check_draft(scorecard, expected_version)
    kit = kit or load_round_kit(scorecard.interview)
    if draft is None:
        errors = submission_errors(scorecard=scorecard, kit=kit)
    else:
        saved = _write_draft(scorecard, draft, kit)
        errors = _rule_errors(kit=kit, answers=saved.answers, rated=saved.competency_ids,
                              recommendation=scorecard.recommendation)
    if errors:
        raise ValidationError(errors)
    if scorecard.revision > 1:  # a first revision has no earlier one that could be current
        Scorecard.objects.filter(interview_id=scorecard.interview_id, interviewer_id=scorecard.interviewer_id,
                                 is_current=True).update(is_current=False)
    scorecard.submitted_at = timezone.now()
    scorecard.is_current = True
    scorecard.version += 1
    scorecard.save(update_fields=["recommendation", "summary", "submitted_at", "is_current", "version", "updated_at"]
                   if draft is not None else ["submitted_at", "is_current", "version", "updated_at"])
    AuditEntry.record(scorecard, "scorecard.submitted", actor=by, revision=scorecard.revision,
                      recommendation=scorecard.recommendation)
    interview = kit.interview if kit.interview.pk == scorecard.interview_id else scorecard.interview
    scorecard_id, application_id = scorecard.pk, interview.application_id
    transaction.on_commit(lambda: scorecard_submitted.send(
        sender=Scorecard, scorecard_id=scorecard_id, application_id=application_id))
    return scorecard


@transaction.atomic
def amend_scorecard(*, scorecard: Scorecard, by: AbstractBaseUser, reason: str) -> Scorecard:
    """Open the next revision as a draft, copying every answer and rating of ``scorecard``.

    The amended revision keeps counting until the new one is submitted.
    """
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if scorecard.interviewer_id != by.pk:
        raise PermissionDenied("Only the scorecard's interviewer can amend it.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ["Say why you are amending this scorecard."]})
    if not scorecard.is_current:
        raise ValidationError("Only the current submitted revision can be amended.")
    last = Scorecard.objects.filter(interview_id=scorecard.interview_id, interviewer_id=by.pk).aggregate(
        last=Max("revision"))["last"]
    if last != scorecard.revision:
        raise ValidationError("An amendment of this scorecard is already in progress.")
    draft = Scorecard.objects.create(
        interview_id=scorecard.interview_id, interviewer_id=by.pk, revision=scorecard.revision + 1,
        amend_reason=reason, recommendation=scorecard.recommendation, summary=scorecard.summary,
        version=scorecard.version + 1,
    )
    old_answers = list(scorecard.answers.prefetch_related("indicators"))
    new_answers = QuestionAnswer.objects.bulk_create([
        QuestionAnswer(scorecard=draft, question_id=a.question_id, part_id=a.part_id, choice=a.choice,
                       score=a.score, skipped=a.skipped, strengths=a.strengths, gaps=a.gaps)
        for a in old_answers
    ])
    through = QuestionAnswer.indicators.through
    through.objects.bulk_create([
        through(questionanswer_id=new.pk, indicator_id=indicator.pk)
        for old, new in zip(old_answers, new_answers, strict=True) for indicator in old.indicators.all()
    ])
    CompetencyRating.objects.bulk_create([
        CompetencyRating(scorecard=draft, competency_id=r.competency_id, score=r.score, derived=r.derived,
                         sources=r.sources)
        for r in scorecard.competency_ratings.all()
    ])
    AttitudeRating.objects.bulk_create([
        AttitudeRating(scorecard=draft, attitude_id=r.attitude_id, score=r.score)
        for r in scorecard.attitude_ratings.all()
    ])
    AuditEntry.record(draft, "scorecard.amended", actor=by, revision=draft.revision, reason=reason,
                      amends=scorecard.pk)
    return draft


def autosave_scorecard(*, interview: Interview, interviewer: AbstractBaseUser, draft: DraftInput,
                       expected_version: int | None, kit: RoundKit | None = None) -> Scorecard:
    """Save what the interviewer has typed so far as their draft, starting the scorecard if need be.

    ``expected_version`` is the version the caller's copy was read at (0 before the first save).
    Returns the draft at its new version; raises ``ScorecardConflict`` (nothing written) when the
    scorecard moved on or is submitted. Each step is its own transaction: call it outside one.
    """
    scorecard = start_scorecard(interview=interview, interviewer=interviewer)
    return save_draft(scorecard=scorecard, draft=draft, kit=kit, expected_version=expected_version)


def submit_scorecard_draft(*, interview: Interview, interviewer: AbstractBaseUser, draft: DraftInput,
                           expected_version: int | None, kit: RoundKit | None = None) -> Scorecard:
    """Submit ``draft`` as the interviewer's scorecard for the interview: start it if need be, then
    submit; when the rules refuse it, keep the draft as typed and raise ``SubmissionRefused``.

    Returns the submitted scorecard. Raises ``ScorecardConflict`` (nothing written) when the
    scorecard moved on from ``expected_version`` or is already submitted, and ``PermissionDenied``
    for someone not assigned to the interview. Each step is its own transaction, so a refused
    submission rolls back whole before the draft is saved: call it outside a transaction.
    """
    kit = kit or load_round_kit(interview)
    scorecard = start_scorecard(interview=interview, interviewer=interviewer)
    try:
        return submit_scorecard(scorecard=scorecard, by=interviewer, kit=kit, draft=draft,
                                expected_version=expected_version)
    except ValidationError as refused:
        errors = refused.message_dict if hasattr(refused, "error_dict") else {"__all__": refused.messages}
        saved = save_draft(scorecard=scorecard, draft=draft, kit=kit, expected_version=expected_version)
        raise SubmissionRefused(errors, scorecard=saved) from refused
