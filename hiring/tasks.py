"""Thin Celery wrappers: ids in, a service call, idempotent, retried on transient errors."""

import logging

from celery import group, shared_task
from django.db import OperationalError

from hiring import services
from hiring.models import PacketBatch, PacketBatchItem
from interviews.models import Application

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, ConnectionError)
RETRY = {"acks_late": True, "autoretry_for": TRANSIENT, "retry_backoff": True, "retry_backoff_max": 300,
         "retry_jitter": True, "max_retries": 5}


@shared_task(**RETRY)
def render_packet_pdf(application_id: int, batch_id: int | None = None) -> int | None:
    """Render and store the packet PDF (once per distinct inputs); mark the batch item done."""
    if not Application.objects.filter(pk=application_id).exists():
        logger.warning("application %s gone before rendering", application_id)
        return None
    packet = services.render_packet(application_id=application_id)
    if batch_id is not None:
        services.finish_batch_item(batch_id=batch_id, application_id=application_id)
    return packet.pk


@shared_task(**RETRY)
def recalibrate() -> int:
    return services.recalibrate().pk


@shared_task(**RETRY)
def recalibrate_debounced(requested_at: str) -> int | None:
    """Recalibrate unless a newer request superseded this one (that one will run instead)."""
    if not services.is_latest_request(key=services.RECALIBRATION_KEY, requested_at=requested_at):
        return None
    return services.recalibrate().pk


@shared_task(**RETRY)
def remind_overdue_scorecards() -> int:
    return services.remind_overdue_scorecards()


def build_batch(batch_id: int) -> None:
    """Fan the batch out as a group of render tasks (eager mode: runs them all now)."""
    batch = PacketBatch.objects.get(pk=batch_id)
    app_ids = PacketBatchItem.objects.filter(batch=batch).values_list("application_id", flat=True)
    group(render_packet_pdf.s(a, batch.pk) for a in app_ids).apply_async()
