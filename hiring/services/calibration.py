"""Recalibration: fit the model on every rating and store the run; the debounce bookkeeping."""

import dataclasses
import logging
import pickle
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hiring import agreement, evidence
from hiring.calibration import CalibrationResult, fit
from hiring.models import CalibrationRun, CompetencyEstimate, Debounce, InterviewerSeverity

logger = logging.getLogger(__name__)

RECALIBRATION_KEY = "recalibrate"


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
                                            interviewers=result.interviewers.iloc[:0], covariance=None,
                                            posterior=None, integration=None))


def recalibrate() -> CalibrationRun:
    """Fit the calibration model on every current rating and store the run with its results."""
    run = CalibrationRun.objects.create()
    frame = evidence.ratings_frame()
    if frame.empty:
        run.status, run.finished_at = CalibrationRun.Status.FINISHED, timezone.now()
        run.save(update_fields=["status", "finished_at"])
        return run
    try:
        result = fit(frame, init=_warm_start(), scale=evidence.competency_scales())
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
        run.posterior = pickle.dumps(result.posterior)
        run.save()
    return run


def serve_pending_recalibration(*, packet: bool = False) -> None:
    """Eager mode only: refit now if a scorecard was submitted since the latest run started.

    Called where calibrated results are read (packets, the calibration page), so that on a
    laptop without workers every submission still shows up, at the cost of one refit per read
    that follows new evidence. A packet (``packet=True``) waits for no refit once a finished run
    has its incremental-update state: the packet solves its candidate from the current ratings
    with that run's components held.
    """
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        return
    if packet and CalibrationRun.objects.finished().exclude(posterior=None).exists():
        return
    if recalibration_pending():
        recalibrate()


def recalibration_pending(*, older_than_seconds: int = 0) -> bool:
    """A recalibration was requested (at least ``older_than_seconds`` ago) after the latest run started."""
    requested = Debounce.objects.filter(key=RECALIBRATION_KEY).values_list("requested_at", flat=True).first()
    if requested is None or requested > timezone.now() - timedelta(seconds=older_than_seconds):
        return False
    latest = CalibrationRun.objects.order_by("-started_at").values_list("started_at", flat=True).first()
    return latest is None or latest < requested


def is_latest_request(*, key: str, requested_at: str) -> bool:
    latest = Debounce.objects.filter(key=key).values_list("requested_at", flat=True).first()
    return latest is not None and latest.isoformat() == requested_at
