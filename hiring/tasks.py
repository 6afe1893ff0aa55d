"""Thin Celery wrappers: ids in, a service call, idempotent, retried on transient errors.

They import the service modules that do the work; none of those imports this module (only
``hiring.services.queueing``, which enqueues these tasks, does).
"""

import logging

from celery import group, shared_task
from django.conf import settings

from hiring.models import PacketBatch, PacketBatchItem
from hiring.services import calibration, packets, webhooks
from interviews.models import Application
from interviews.tasks import RETRY, TRANSIENT

logger = logging.getLogger(__name__)



@shared_task(**RETRY)
def render_packet_pdf(application_id: int, batch_id: int | None = None) -> int | None:
    """Render and store the packet PDF (once per distinct inputs); mark the batch item done."""
    if not Application.objects.filter(pk=application_id).exists():
        logger.warning("application %s gone before rendering", application_id)
        return None
    packet = packets.render_packet(application_id=application_id)
    if batch_id is not None:
        packets.finish_batch_item(batch_id=batch_id, application_id=application_id)
    return packet.pk


@shared_task(**RETRY)
def recalibrate() -> int:
    return calibration.recalibrate().pk


@shared_task(**RETRY)
def catch_up_recalibration() -> int | None:
    """Beat, every few minutes: run a recalibration that was asked for but whose message was lost
    (the broker was down when the scorecard was submitted)."""
    if not calibration.recalibration_pending(older_than_seconds=settings.RECALIBRATION_DEBOUNCE_SECONDS):
        return None
    return calibration.recalibrate().pk


@shared_task(**RETRY)
def recalibrate_debounced(requested_at: str) -> int | None:
    """Recalibrate unless a newer request superseded this one (that one will run instead)."""
    if not calibration.is_latest_request(key=calibration.RECALIBRATION_KEY, requested_at=requested_at):
        return None
    return calibration.recalibrate().pk


def build_batch(batch_id: int) -> None:
    """Fan the batch out as a group of render tasks (eager mode: runs them all now)."""
    batch = PacketBatch.objects.get(pk=batch_id)
    app_ids = PacketBatchItem.objects.filter(batch=batch).values_list("application_id", flat=True)
    group(render_packet_pdf.s(a, batch.pk) for a in app_ids).apply_async()


@shared_task(acks_late=True, autoretry_for=(webhooks.DeliveryFailed, *TRANSIENT), retry_backoff=True,
             retry_backoff_max=600, retry_jitter=True, max_retries=5)
def deliver_webhook(delivery_id: int) -> int | None:
    """POST one signed delivery; retried with exponential backoff until the receiver answers 2xx."""
    delivery = webhooks.deliver(delivery_id=delivery_id)
    return None if delivery is None else delivery.status_code
