"""Services that hand work to Celery: the debounced recalibration request, the packet batch.

The only service module that imports ``hiring.tasks``; the tasks import the modules that do
the work (calibration, packets), never this one.
"""

import logging
import threading

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from hiring import tasks
from hiring.models import Debounce, PacketBatch, PacketBatchItem, WebhookDelivery, WebhookSubscription
from hiring.services import webhooks
from hiring.services.calibration import RECALIBRATION_KEY
from interviews.models import Application, AuditEntry, Requisition

logger = logging.getLogger(__name__)


def request_recalibration(*, delay_seconds: int | None = None) -> None:
    """Ask for a recalibration in ``delay_seconds``; a later request supersedes this one."""
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
    transaction.on_commit(lambda: enqueue(tasks.recalibrate_debounced, kwargs={"requested_at": stamp},
                                          countdown=delay))


def enqueue(task, *, kwargs: dict, countdown: int | None = None) -> bool:
    """Hand ``task`` to the broker; False (logged) if the broker cannot be reached. The caller's
    change is committed by then and stays: what the task would do is recorded in the database
    (a pending recalibration request, a delivery row) and caught up once the broker is back."""
    try:
        task.apply_async(kwargs=kwargs, countdown=countdown, retry=False)
    except Exception:  # kombu and redis each raise their own connection errors
        logger.warning("broker unavailable: %s not queued now; it is caught up later", task.name, exc_info=True)
        return False
    return True


@transaction.atomic
def start_packet_batch(*, requisition: Requisition, by=None, wait: bool = False) -> PacketBatch:
    """Queue a packet build for every application of the requisition; the batch counts progress.

    Never holds the caller: with a broker the workers build; without one (eager mode) a thread
    of this process does, after the response, unless ``wait`` (a command line wants it done).
    """
    batch = PacketBatch.objects.create(requisition=requisition, started_by=by)
    app_ids = list(Application.objects.filter(requisition=requisition).order_by("pk").values_list("pk", flat=True))
    PacketBatchItem.objects.bulk_create(PacketBatchItem(batch=batch, application_id=a) for a in app_ids)
    if by is not None:
        AuditEntry.record(requisition, "packets.build_started", actor=by, batch=batch.pk, applications=len(app_ids))
    if settings.CELERY_TASK_ALWAYS_EAGER and not wait:
        transaction.on_commit(lambda: build_in_background(batch.pk))
    else:
        transaction.on_commit(lambda: tasks.build_batch(batch.pk))
    return batch


BACKGROUND: dict[int, threading.Thread] = {}  # batch id -> its building thread, in eager mode


def build_in_background(batch_id: int) -> threading.Thread:
    def build() -> None:
        try:
            tasks.build_batch(batch_id)
        except Exception:  # a thread has no caller to tell: log it; the progress page shows what is missing
            logger.exception("packet batch %s failed", batch_id)
        finally:
            BACKGROUND.pop(batch_id, None)
            connection.close()

    thread = threading.Thread(target=build, name=f"packet-batch-{batch_id}", daemon=True)
    BACKGROUND[batch_id] = thread
    thread.start()
    return thread


def emit_event(*, event: str, data: dict) -> list[int]:
    """Record a delivery of ``event`` for every active subscription to it; send each after commit.

    Returns the deliveries' ids. Without a broker the deliveries (and their retries) run in process,
    without waiting between attempts; one that still fails is logged, never fails the caller, and
    stays in the delivery log.
    """
    subscriptions = [s for s in WebhookSubscription.objects.filter(active=True) if event in s.events]
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=s, event=event, payload=data) for s in subscriptions)
    ids = [d.pk for d in deliveries]
    if ids:
        transaction.on_commit(lambda: _send(ids))
    return ids


def _send(ids: list[int]) -> None:
    for delivery_id in ids:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            _deliver_now(delivery_id)
        else:
            enqueue(tasks.deliver_webhook, kwargs={"delivery_id": delivery_id})


def _deliver_now(delivery_id: int) -> None:
    """No broker: as many attempts as the task makes, at once (eager Celery cannot retry a task)."""
    for _ in range(1 + tasks.deliver_webhook.max_retries):
        try:
            webhooks.deliver(delivery_id=delivery_id)
            return
        except webhooks.DeliveryFailed:
            continue
    logger.warning("webhook delivery %s failed after its retries", delivery_id)
