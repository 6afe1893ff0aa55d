"""What happens to an application: submitted, screened, moved, reviewed, scheduled.

Each function is the one entry point for its state change: it validates, writes the rows,
a StageChange for every move and an AuditEntry, all in one transaction.
"""

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Avg
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from accounts.access import INTERVIEWER, in_group
from interviews.media import UnreadableVideo, video_seconds
from interviews.models import (
    Application,
    AuditEntry,
    Interview,
    KnockoutAnswer,
    Requisition,
    ResumeReview,
    ResumeScore,
    StageChange,
    VideoResponse,
    VideoReview,
)
from interviews.privacy import PRIVACY_NOTICE_VERSION
from interviews.scales import RESUME_NO, RESUME_YES
from interviews.services import notifications
from interviews.services.people import find_or_create_candidate
from interviews.signals import application_stage_changed
from rubrics.models import CodingVariant, KnockoutOption, Level, Question, QuestionKind, Round, Stage

Status = Application.Status
CONSENT_REQUIRED = "Please agree to the privacy notice: we cannot consider an application without it."


def stage_of_kind(requisition: Requisition, kind: str) -> Stage:
    stage = requisition.loop.stages.filter(kind=kind).order_by("order", "pk").first()
    if stage is None:
        raise ValidationError(f"The loop of this requisition has no {Stage.Kind(kind).label.lower()} stage.")
    return stage


def screen_questions(requisition: Requisition, kind: str, stage_kind: str = Stage.Kind.APPLICATION):
    """The questions of a kind asked in the loop's stage of ``stage_kind``, in round order."""
    return (
        Question.objects.filter(kind=kind, round_questions__round__stage__template=requisition.loop_id,
                                round_questions__round__stage__kind=stage_kind)
        .order_by("round_questions__round__order", "round_questions__order", "pk")
        .distinct()
    )


def next_stage(application: Application) -> Stage | None:
    return (
        application.requisition.loop.stages.filter(order__gt=application.stage.order)
        .order_by("order", "pk").first()
    )


def _record_move(*, application: Application, from_stage: Stage | None, by, reason: str) -> StageChange:
    return StageChange.objects.create(
        application=application, from_stage=from_stage, to_stage=application.stage, status=application.status,
        by=by if by is not None and by.is_authenticated else None, reason=reason,
    )


@contextmanager
def _stored_files_removed_on_failure() -> Iterator[list[FieldFile]]:
    """Files are written to storage at once, outside the transaction: when the transaction rolls
    back, delete the files it stored so that nothing is left pointing nowhere."""
    stored: list[FieldFile] = []
    try:
        yield stored
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


# A recorder stops a moment after its limit: answers this much over it are still accepted.
VIDEO_GRACE_SECONDS = 1


def _video_durations(questions: list[Question], videos: Mapping[Question, UploadedFile]) -> dict[Question, int]:
    """Each answer's length in whole seconds, read from the file; refuses (storing nothing) an
    unreadable video or one longer than its question allows, keyed by the form field."""
    durations, errors = {}, {}
    for question in questions:
        try:
            seconds = video_seconds(videos[question])
        except UnreadableVideo:
            errors[f"video_{question.pk}"] = [f"Your answer to “{question.title}” could not be read as a video: "
                                              "please record it again or upload another file."]
            continue
        limit = question.response_seconds
        if limit and seconds > limit + VIDEO_GRACE_SECONDS:
            errors[f"video_{question.pk}"] = [
                f"Your answer to “{question.title}” is {round(seconds)} seconds long; the limit is {limit} seconds. "
                "Please record a shorter answer."]
        durations[question] = round(seconds)
    if errors:
        raise ValidationError(errors)
    return durations


def submit_application(
    *,
    requisition: Requisition,
    name: str,
    email: str,
    phone: str = "",
    resume: UploadedFile | None = None,
    knockout_answers: Mapping[Question, KnockoutOption],
    videos: Mapping[Question, UploadedFile],
    consent_notice: str,
) -> Application:
    """Create the application, for the person with that e-mail address (new or returning),
    then evaluate the knockouts.

    ``consent_notice`` is the version of the privacy notice the candidate agreed to; it must
    be the current one. An auto-decline option declines at once, naming the (first, in loop order) question and
    answer in the StageChange; otherwise the application moves on to the resume screen.
    """
    if requisition.status != Requisition.Status.OPEN:
        raise ValidationError("This opening is closed.")
    if not consent_notice:
        raise ValidationError({"consent": CONSENT_REQUIRED})
    if consent_notice != PRIVACY_NOTICE_VERSION:
        raise ValidationError({"consent": "The privacy notice changed since this page was opened: please read it "
                                          "again and agree to it."})
    if Application.objects.filter(requisition=requisition, candidate__email__iexact=email).exists():
        raise ValidationError({"email": "An application with this e-mail address was already received."})
    knockouts = list(screen_questions(requisition, QuestionKind.KNOCKOUT))
    missing = [q.title for q in knockouts if q not in knockout_answers]
    if missing:
        raise ValidationError(f"Please answer every question (missing: {', '.join(missing)}).")
    for question, option in knockout_answers.items():
        if option.question_id != question.pk:
            raise ValidationError(f"That answer does not belong to the question “{question.title}”.")
    video_questions = list(screen_questions(requisition, QuestionKind.VIDEO))
    missing = [q.title for q in video_questions if q not in videos]
    if missing:
        raise ValidationError(f"Please add a video answer for: {', '.join(missing)}.")
    durations = _video_durations(video_questions, videos)

    with _stored_files_removed_on_failure() as stored, transaction.atomic():
        candidate = find_or_create_candidate(name=name, email=email, phone=phone)
        application = Application.objects.create(
            candidate=candidate, requisition=requisition, stage=stage_of_kind(requisition, Stage.Kind.APPLICATION),
            consent_at=timezone.now(), consent_notice=consent_notice,
        )
        if resume is not None:
            application.resume.save(resume.name, resume, save=False)
            stored.append(application.resume)
            application.save(update_fields=["resume"])
        _record_move(application=application, from_stage=None, by=None, reason="Applied.")
        AuditEntry.record(application, "application.submitted")
        KnockoutAnswer.objects.bulk_create(
            KnockoutAnswer(application=application, question=q, option=knockout_answers[q]) for q in knockouts
        )
        for question in video_questions:
            upload = videos[question]
            response = VideoResponse(application=application, question=question, content_type=upload.content_type,
                                     size=upload.size, duration_seconds=durations.get(question))
            response.file.save(upload.name, upload, save=False)
            stored.append(response.file)
            response.save()

        declined = next((q for q in knockouts if knockout_answers[q].outcome == KnockoutOption.Outcome.AUTO_DECLINE),
                        None)
        if declined is not None:
            reason = f"Knockout “{declined.title}”: answered “{knockout_answers[declined].text}”."
            _move(application=application, to_stage=application.stage, status=Status.DECLINED, by=None, reason=reason,
                  action="application.declined")
        else:
            _move(application=application, to_stage=stage_of_kind(requisition, Stage.Kind.RESUME), status=Status.ACTIVE,
                  by=None, reason="Passed the knockout questions.", action="application.advanced")
        notifications.application_mail(application)
        return application


def _move(*, application: Application, to_stage: Stage, status: str, by, reason: str, action: str) -> StageChange:
    from_stage = application.stage
    application.stage = to_stage
    application.status = status
    application.save(update_fields=["stage", "status", "updated_at"])
    change = _record_move(application=application, from_stage=from_stage, by=by, reason=reason)
    AuditEntry.record(application, action, actor=by, from_stage=from_stage.pk, to_stage=to_stage.pk,
                      status=status, reason=reason)
    moved = {"application_id": application.pk, "from_stage_id": from_stage.pk, "to_stage_id": to_stage.pk,
             "status": status, "reason": reason, "by_id": change.by_id}
    transaction.on_commit(lambda: application_stage_changed.send(sender=Application, **moved))
    return change


# Statuses reached only through their own service, which checks what that step needs.
OUTCOME_STATUSES = {Status.OFFER: "make_offer", Status.HIRED: "hire_application", Status.REJECTED: "reject_application",
                    Status.DECLINED: "submit_application"}
IN_PIPELINE = (Status.ACTIVE, Status.OFFER)


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why: the reason is kept in the application's history."})
    return reason


@transaction.atomic
def move_application(
    *, application: Application, to_stage: Stage | None = None, status: str | None = None,
    by: AbstractBaseUser, reason: str,
) -> StageChange:
    """Move to another stage of the same loop and/or change the status, with a required reason."""
    reason = _required_reason(reason)
    to_stage = to_stage or application.stage
    status = status or application.status
    if to_stage.template_id != application.requisition.loop_id:
        raise ValidationError({"to_stage": "That stage belongs to another loop."})
    if status not in Status.values:
        raise ValidationError({"status": "Unknown status."})
    if status != application.status and status in OUTCOME_STATUSES:
        raise ValidationError({"status": f"“{Status(status).label}” is set by {OUTCOME_STATUSES[status]}, "
                                         "which checks what that step needs."})
    if to_stage.pk == application.stage_id and status == application.status:
        raise ValidationError("The application is already there: nothing to change.")
    action = "application.archived" if status == Status.ARCHIVED else "application.moved"
    return _move(application=application, to_stage=to_stage, status=status, by=by, reason=reason, action=action)


def can_advance(application: Application) -> bool:
    """The one rule the pages and the service share: active, and a stage after this one."""
    return application.status == Status.ACTIVE and next_stage(application) is not None


@transaction.atomic
def advance_application(*, application: Application, by: AbstractBaseUser, reason: str) -> StageChange:
    if application.status != Status.ACTIVE:
        raise ValidationError(f"Only an active application advances; this one is "
                              f"{application.get_status_display().lower()}.")
    stage = next_stage(application)
    if stage is None:
        raise ValidationError("This is the last stage of the loop.")
    return move_application(application=application, to_stage=stage, status=Status.ACTIVE, by=by, reason=reason)


@transaction.atomic
def archive_application(*, application: Application, by: AbstractBaseUser, reason: str) -> StageChange:
    if application.status != Status.ACTIVE:
        raise ValidationError(f"Only an active application is archived; this one is "
                              f"{application.get_status_display().lower()}.")
    return move_application(application=application, status=Status.ARCHIVED, by=by, reason=reason)


@transaction.atomic
def unarchive_application(*, application: Application, by: AbstractBaseUser, reason: str) -> StageChange:
    """Back to active at the stage it was archived in, with the reason in the history."""
    reason = _required_reason(reason)
    if application.status != Status.ARCHIVED:
        raise ValidationError("Only an archived application can be un-archived.")
    if application.requisition.status != Requisition.Status.OPEN:
        raise ValidationError("The requisition is closed: reopen it before un-archiving a candidate.")
    return _move(application=application, to_stage=application.stage, status=Status.ACTIVE, by=by, reason=reason,
                 action="application.unarchived")


def _check_at_the_end(application: Application, done: str) -> None:
    if application.status not in IN_PIPELINE or application.stage.kind != Stage.Kind.INTERVIEWS:
        raise ValidationError(f"Only an application in the interviews stage, active or with an offer, is {done}; "
                              f"this one is {application.get_status_display().lower()} at {application.stage.name}.")


@transaction.atomic
def make_offer(*, application: Application, by: AbstractBaseUser, reason: str) -> StageChange:
    reason = _required_reason(reason)
    if application.status != Status.ACTIVE or application.stage.kind != Stage.Kind.INTERVIEWS:
        raise ValidationError("An offer is made to an active application in the interviews stage.")
    return _move(application=application, to_stage=application.stage, status=Status.OFFER, by=by, reason=reason,
                 action="application.offered")


@transaction.atomic
def hire_application(*, application: Application, level: Level, by: AbstractBaseUser, reason: str) -> StageChange:
    """Hired at one of the requisition's target levels; the requisition closes once every opening is filled."""
    reason = _required_reason(reason)
    _check_at_the_end(application, "hired")
    requisition = Requisition.objects.select_for_update().get(pk=application.requisition_id)
    if requisition.status != Requisition.Status.OPEN:
        raise ValidationError("The requisition is closed: no opening is left to fill.")
    if not requisition.target_levels.filter(pk=level.pk).exists():
        raise ValidationError({"level": "Choose one of the requisition's target levels."})
    application.requisition = requisition
    application.hired_level = level
    application.save(update_fields=["hired_level", "updated_at"])
    change = _move(application=application, to_stage=application.stage, status=Status.HIRED, by=by, reason=reason,
                   action="application.hired")
    hired = requisition.applications.filter(status=Status.HIRED).count()
    if hired >= requisition.openings:
        _close(requisition=requisition, by=by,
               reason=f"Every opening is filled ({hired} of {requisition.openings} hired).")
    return change


@transaction.atomic
def reject_application(*, application: Application, by: AbstractBaseUser, reason: str) -> StageChange:
    """The end of the loop without a hire (a no-hire decision, or a declined offer)."""
    reason = _required_reason(reason)
    _check_at_the_end(application, "rejected")
    change = _move(application=application, to_stage=application.stage, status=Status.REJECTED, by=by, reason=reason,
                   action="application.rejected")
    notifications.application_mail(application)
    return change


def _close(*, requisition: Requisition, by: AbstractBaseUser | None, reason: str) -> Requisition:
    requisition.status = Requisition.Status.CLOSED
    requisition.closed_at = timezone.now()
    requisition.save(update_fields=["status", "closed_at"])
    AuditEntry.record(requisition, "requisition.closed", actor=by if by is not None and by.is_authenticated else None,
                      reason=reason)
    return requisition


@transaction.atomic
def close_requisition(*, requisition: Requisition, by: AbstractBaseUser, reason: str) -> Requisition:
    """Closed by hand: the apply page refuses new applications; those in flight stay where they are."""
    reason = _required_reason(reason)
    if requisition.status == Requisition.Status.CLOSED:
        raise ValidationError("The requisition is already closed.")
    return _close(requisition=requisition, by=by, reason=reason)


def _over(reviews: int) -> str:
    return "" if reviews == 1 else f" over {reviews} reviews"


@transaction.atomic
def record_resume_review(
    *, application: Application, reviewer: AbstractBaseUser, scores: Mapping[Question, int], notes: str = "",
) -> ResumeReview:
    """Score every resume criterion 1–4 (a yes/no criterion: yes 4, no 1); once enough reviews are in, the
    requisition's rule advances or archives.

    The rule waits for ``requisition.resume_reviews_required`` reviews, then compares the mean
    of every score of every review of this application with ``requisition.resume_advance_at``:
    at or above advances to the interviews stage, below archives. The move is the system's
    (StageChange ``by`` empty) and gives the numbers.
    """
    if application.status != Status.ACTIVE or application.stage.kind != Stage.Kind.RESUME:
        raise ValidationError("Only an active application at the resume screen can be reviewed.")
    if ResumeReview.objects.filter(application=application, reviewer=reviewer).exists():
        raise ValidationError("You already reviewed this resume.")
    criteria = list(screen_questions(application.requisition, QuestionKind.RESUME, Stage.Kind.RESUME))
    if not criteria:
        raise ValidationError("The loop has no resume criteria to score.")
    if set(scores) != set(criteria):
        raise ValidationError("Score every criterion, and only the loop's criteria.")
    if any(not 1 <= int(score) <= 4 for score in scores.values()):
        raise ValidationError("Scores go from 1 to 4.")
    wrong = [q.title for q in criteria if q.is_yes_no and scores[q] not in (RESUME_YES, RESUME_NO)]
    if wrong:
        raise ValidationError(f"Answer yes ({RESUME_YES}) or no ({RESUME_NO}) for: {', '.join(wrong)}.")
    review = ResumeReview.objects.create(application=application, reviewer=reviewer, notes=notes)
    ResumeScore.objects.bulk_create(ResumeScore(review=review, criterion=q, score=scores[q]) for q in criteria)
    AuditEntry.record(review, "resume.reviewed", actor=reviewer, application=application.pk)

    reviews = ResumeReview.objects.filter(application=application).count()
    if reviews < application.requisition.resume_reviews_required:
        return review
    mean = ResumeScore.objects.filter(review__application=application).aggregate(mean=Avg("score"))["mean"]
    mean = Decimal(str(mean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    bar = Decimal(application.requisition.resume_advance_at).quantize(Decimal("0.01"))
    if mean >= bar:
        _move(application=application, to_stage=stage_of_kind(application.requisition, Stage.Kind.INTERVIEWS),
              status=Status.ACTIVE, by=None,
              reason=f"Resume score {mean} ≥ {bar}{_over(reviews)}: advanced by the resume rule.",
              action="application.advanced")
    else:
        _move(application=application, to_stage=application.stage, status=Status.ARCHIVED, by=None,
              reason=f"Resume score {mean} < {bar}{_over(reviews)}: archived by the resume rule.",
              action="application.archived")
    return review


@transaction.atomic
def record_video_review(
    *, response: VideoResponse, reviewer: AbstractBaseUser, score: int, notes: str = "",
) -> VideoReview:
    """One review per reviewer and response; reviewing again replaces your score and notes."""
    if not 1 <= int(score) <= 4:
        raise ValidationError({"score": "Scores go from 1 to 4."})
    review, created = VideoReview.objects.get_or_create(
        response=response, reviewer=reviewer, defaults={"score": score, "notes": notes}
    )
    if not created:
        review.score, review.notes = score, notes
        review.save(update_fields=["score", "notes"])
    AuditEntry.record(review, "video.reviewed" if created else "video.review_changed", actor=reviewer,
                      score=int(score))
    return review


@transaction.atomic
def assign_interviewers(
    *,
    application: Application,
    round: Round,
    interviewers: Iterable[AbstractBaseUser],
    target_level: Level,
    scheduled_at: datetime | None = None,
    variant: CodingVariant | None = None,
    by: AbstractBaseUser,
) -> Interview:
    """Create or update the interview of one round: who, when, at which level, which variant.

    Once it has a time, the candidate and the interviewers get a calendar invitation; a new
    time or other interviewers send it again as an update of the same event.
    """
    interviewers = list(interviewers)
    if application.status != Status.ACTIVE or application.stage.kind != Stage.Kind.INTERVIEWS:
        raise ValidationError("Interviewers are assigned to active applications in the interviews stage.")
    if round.stage.template_id != application.requisition.loop_id or round.stage.kind != Stage.Kind.INTERVIEWS:
        raise ValidationError("That round is not an interview round of this requisition's loop.")
    errors: dict[str, str] = {}
    if not interviewers:
        errors["interviewers"] = "Choose at least one interviewer."
    elif any(not in_group(user, INTERVIEWER) for user in interviewers):
        errors["interviewers"] = "Only members of the Interviewer group can be assigned."
    if not application.requisition.target_levels.filter(pk=target_level.pk).exists():
        errors["target_level"] = "Choose one of the requisition's target levels."
    variants = CodingVariant.objects.filter(question__round_questions__round=round)
    if variants.exists() and variant is None:
        errors["variant"] = "This round has a coding test: choose the variant."
    elif variant is not None and not variants.filter(pk=variant.pk).exists():
        errors["variant"] = "That variant is not one of this round's coding test."
    if errors:
        raise ValidationError(errors)
    interview, created = Interview.objects.get_or_create(
        application=application, round=round,
        defaults={"target_level": target_level, "scheduled_at": scheduled_at, "variant": variant},
    )
    before = None if created else (interview.scheduled_at, set(interview.interviewers.values_list("pk", flat=True)))
    if not created:
        interview.target_level, interview.scheduled_at, interview.variant = target_level, scheduled_at, variant
        interview.save(update_fields=["target_level", "scheduled_at", "variant"])
    interview.interviewers.set(interviewers)
    if scheduled_at is not None and before != (scheduled_at, {user.pk for user in interviewers}):
        updated = interview.invitation_sequence > 0
        interview.invitation_sequence += 1
        interview.save(update_fields=["invitation_sequence"])
        notifications.interview_invitation(interview, updated=updated)
    AuditEntry.record(interview, "interview.assigned" if created else "interview.reassigned", actor=by,
                      interviewers=sorted(user.pk for user in interviewers), target_level=target_level.pk,
                      scheduled_at=scheduled_at.isoformat() if scheduled_at else None,
                      variant=variant.pk if variant else None)
    return interview
