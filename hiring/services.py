"""What happens on the decision side: recalibration, decisions."""

import dataclasses
import logging
import pickle
import time
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from hiring import agreement, evidence
from hiring.calibration import CalibrationResult, fit
from hiring.models import (
    CalibrationRun,
    CompetencyEstimate,
    Debounce,
    Decision,
    InterviewerSeverity,
    Packet,
    PacketBatch,
    PacketBatchItem,
    Reminder,
)
from hiring.packets import context, pdf
from interviews.models import Application, AuditEntry, Interview, Requisition, Scorecard
from interviews.services import pipeline

logger = logging.getLogger(__name__)


def _warm_start() -> CalibrationResult | None:
    previous = CalibrationRun.objects.finished().exclude(warm_state=None).order_by("-finished_at", "-pk").first()
    if previous is None:
        return None
    try:
        return pickle.loads(bytes(previous.warm_state))  # noqa: S301 - our own bytes, see the model
    except Exception:  # an engine upgrade may change the state's shape: start cold
        logger.warning("calibration run %s: stored warm state unusable; starting cold", previous.pk)
        return None


def _slim(result: CalibrationResult) -> bytes:
    # The tables are stored as rows; only the warm-start state and components are needed later.
    return pickle.dumps(dataclasses.replace(result, estimates=result.estimates.iloc[:0],
                                            interviewers=result.interviewers.iloc[:0]))


def recalibrate() -> CalibrationRun:
    """Fit the calibration model on every current rating and store the run with its results."""
    run = CalibrationRun.objects.create()
    frame = evidence.ratings_frame()
    if frame.empty:
        run.status, run.finished_at = CalibrationRun.Status.FINISHED, timezone.now()
        run.save(update_fields=["status", "finished_at"])
        return run
    try:
        result = fit(frame, init=_warm_start())
    except Exception as error:
        run.status, run.error, run.finished_at = CalibrationRun.Status.FAILED, str(error), timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    agree = agreement.peer_agreement(frame)
    no_peers = {"mad": None, "correlation": None, "pairs": 0}
    with transaction.atomic():
        InterviewerSeverity.objects.bulk_create(
            InterviewerSeverity(run=run, interviewer_id=int(row.interviewer), severity=float(row.severity),
                                se=float(row.se), n_ratings=int(row.n_ratings),
                                peer_mad=peers["mad"], peer_correlation=peers["correlation"],
                                peer_pairs=peers["pairs"])
            for row in result.interviewers.itertuples(index=False)
            for peers in [agree.get(row.interviewer, no_peers)]
        )
        CompetencyEstimate.objects.bulk_create(
            (CompetencyEstimate(run=run, application_id=int(row.candidate), competency=str(row.competency),
                                estimate=float(row.estimate), se=float(row.se), n_ratings=int(row.n_ratings))
             for row in result.estimates.itertuples(index=False)),
            batch_size=2000,
        )
        run.status, run.finished_at = CalibrationRun.Status.FINISHED, timezone.now()
        run.n_ratings, run.iterations = int(result.n_ratings), int(result.iterations)
        run.converged, run.seconds = bool(result.converged), float(result.seconds)
        run.components = {str(k): float(v) for k, v in result.components.items()}
        run.reliability = {str(k): float(v) for k, v in result.reliability.items()}
        run.warm_state = _slim(result)
        run.save()
    return run


@transaction.atomic
def record_decision(*, application: Application, by, outcome: str, level=None, rationale: str) -> Decision:
    """Record the hiring manager's decision on an application; audited.

    A hire moves the application to Hired at that level (closing the requisition once its
    openings are filled) and a no-hire to Rejected with the rationale as the reason, through
    the pipeline's own services; more signal leaves it where it is.
    """
    if application.requisition.hiring_manager_id != by.pk:
        raise ValidationError("Only the requisition's hiring manager records its decision.")
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": f"Unknown outcome {outcome!r}."})
    if not (rationale or "").strip():
        raise ValidationError({"rationale": "Give the rationale for the decision."})
    if outcome == Decision.Outcome.HIRE:
        if level is None:
            raise ValidationError({"level": "Choose the level to hire at."})
        if level.role_id != application.requisition.role_id:
            raise ValidationError({"level": "The level is not one of the role's levels."})
        if not application.requisition.target_levels.filter(pk=level.pk).exists():
            raise ValidationError({"level": "Choose one of the requisition's target levels."})
    elif level is not None:
        raise ValidationError({"level": "Only a hire has a level."})
    if application.status not in pipeline.IN_PIPELINE:
        raise ValidationError(f"The application is already {application.get_status_display().lower()}: "
                              "a decision is recorded while it is in the pipeline.")
    rationale = rationale.strip()
    decision = Decision.objects.create(application=application, decided_by=by, outcome=outcome, level=level,
                                       rationale=rationale)
    AuditEntry.record(application, "decision.recorded", actor=by, decision=decision.pk, outcome=outcome,
                      level=level.key if level else None)
    if outcome == Decision.Outcome.HIRE:
        pipeline.hire_application(application=application, level=level, by=by,
                                  reason=f"Hire at {level.name}: {rationale}")
    elif outcome == Decision.Outcome.NO_HIRE:
        pipeline.reject_application(application=application, by=by, reason=f"No hire: {rationale}")
    return decision


def _test_delay() -> None:
    # Lets the worker tests kill a worker mid-render; zero (off) unless the test environment sets it.
    delay = getattr(settings, "TEST_PACKET_RENDER_DELAY", 0)
    if delay:
        time.sleep(delay)


def render_packet(*, application_id: int) -> Packet:
    """Render and store the application's PDF packet, unless one for the same inputs exists.

    Idempotent: the inputs' hash is unique per application, so re-running (a retry, a redelivery
    after a lost worker, a second worker racing) leaves exactly one stored packet.
    """
    data = context.build(application_id)
    existing = Packet.objects.filter(application_id=application_id, content_hash=data["content_hash"]).first()
    if existing is not None:
        return existing
    _test_delay()
    pdf_bytes = pdf.render(data)
    name = f"packets/{application_id}/{data['content_hash']}.pdf"
    if default_storage.exists(name):  # left by a render whose worker died before the row was saved
        default_storage.delete(name)
    stored = default_storage.save(name, ContentFile(pdf_bytes))
    run_id = data["run"]["id"] if data["run"] else None
    try:
        with transaction.atomic():
            return Packet.objects.create(application_id=application_id, run_id=run_id, file=stored,
                                         content_hash=data["content_hash"])
    except IntegrityError:  # another worker stored the same inputs first
        return Packet.objects.get(application_id=application_id, content_hash=data["content_hash"])


RECALIBRATION_KEY = "recalibrate"


def request_recalibration(*, delay_seconds: int | None = None) -> None:
    """Ask for a recalibration in ``delay_seconds``; a later request supersedes this one."""
    from hiring import tasks  # tasks import this module: a late import breaks the cycle

    delay = settings.RECALIBRATION_DEBOUNCE_SECONDS if delay_seconds is None else delay_seconds
    now = timezone.now()
    # One UPDATE statement in the usual case; the upsert (a transaction of its own) only the first time.
    if not Debounce.objects.filter(key=RECALIBRATION_KEY).update(requested_at=now):
        Debounce.objects.bulk_create([Debounce(key=RECALIBRATION_KEY, requested_at=now)], update_conflicts=True,
                                     unique_fields=["key"], update_fields=["requested_at"])
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # Eager mode has no countdown to debounce with: each submission would refit in the request.
        # The request waits instead until someone next reads the results (serve_pending_recalibration).
        return
    stamp = now.isoformat()
    transaction.on_commit(lambda: tasks.recalibrate_debounced.apply_async(
        kwargs={"requested_at": stamp}, countdown=delay))


def serve_pending_recalibration() -> None:
    """Eager mode only: refit now if a scorecard was submitted since the latest run started.

    Called where calibrated results are read (packets, the calibration page), so that on a
    laptop without workers every submission still shows up, at the cost of one refit per read
    that follows new evidence.
    """
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        return
    requested = Debounce.objects.filter(key=RECALIBRATION_KEY).values_list("requested_at", flat=True).first()
    latest = CalibrationRun.objects.order_by("-started_at").values_list("started_at", flat=True).first()
    if requested is not None and (latest is None or latest < requested):
        recalibrate()


def is_latest_request(*, key: str, requested_at: str) -> bool:
    latest = Debounce.objects.filter(key=key).values_list("requested_at", flat=True).first()
    return latest is not None and latest.isoformat() == requested_at


@transaction.atomic
def start_packet_batch(*, requisition: Requisition, by=None) -> PacketBatch:
    """Queue a packet build for every application of the requisition; the batch counts progress."""
    from hiring import tasks

    batch = PacketBatch.objects.create(requisition=requisition, started_by=by)
    app_ids = list(Application.objects.filter(requisition=requisition).order_by("pk").values_list("pk", flat=True))
    PacketBatchItem.objects.bulk_create(PacketBatchItem(batch=batch, application_id=a) for a in app_ids)
    if by is not None:
        AuditEntry.record(requisition, "packets.build_started", actor=by, batch=batch.pk, applications=len(app_ids))
    transaction.on_commit(lambda: tasks.build_batch(batch.pk))
    return batch


def finish_batch_item(*, batch_id: int, application_id: int) -> None:
    PacketBatchItem.objects.filter(batch_id=batch_id, application_id=application_id, done_at=None).update(
        done_at=timezone.now())


def batch_progress(batch: PacketBatch) -> tuple[int, int]:
    """(done, total) items of the batch."""
    items = PacketBatchItem.objects.filter(batch=batch)
    return items.exclude(done_at=None).count(), items.count()


OVERDUE_AFTER = timedelta(hours=24)


def remind_overdue_scorecards(*, now=None) -> int:
    """E-mail each interviewer with scorecards still unsubmitted 24 h after the interview.

    At most one e-mail per interviewer per day; returns the number of e-mails sent.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    overdue = defaultdict(list)
    submitted = set(Scorecard.objects.filter(submitted_at__isnull=False).values_list("interview_id", "interviewer_id"))
    rows = Interview.objects.filter(scheduled_at__lte=now - OVERDUE_AFTER).values_list(
        "pk", "interviewers", "round__name", "application__candidate__name", "scheduled_at")
    for interview_id, user_id, round_name, candidate, at in rows:
        if user_id is not None and (interview_id, user_id) not in submitted:
            overdue[user_id].append((round_name, candidate, at))
    already = set(Reminder.objects.filter(day=day).values_list("interviewer_id", flat=True))
    users = get_user_model().objects.in_bulk([u for u in overdue if u not in already])
    sent = 0
    for user_id, user in users.items():
        items = sorted(overdue[user_id], key=lambda i: i[2])
        try:
            with transaction.atomic():
                Reminder.objects.create(interviewer=user, day=day, scorecards=len(items))
        except IntegrityError:  # a concurrent run already claimed today's reminder
            continue
        lines = "\n".join(f"- {r} with {c}, {a:%Y-%m-%d %H:%M}" for r, c, a in items)
        send_mail(f"{len(items)} scorecard(s) overdue", f"Please submit your scorecards:\n{lines}\n",
                  settings.DEFAULT_FROM_EMAIL, [user.email or f"{user.username}@localhost"])
        sent += 1
    return sent
