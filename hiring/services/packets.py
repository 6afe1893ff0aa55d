"""Packets: render and store one application's PDF; batch bookkeeping."""

import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from hiring.models import Packet, PacketBatch, PacketBatchItem
from hiring.packets import context, pdf


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


def finish_batch_item(*, batch_id: int, application_id: int) -> None:
    PacketBatchItem.objects.filter(batch_id=batch_id, application_id=application_id, done_at=None).update(
        done_at=timezone.now())


def batch_progress(batch: PacketBatch) -> tuple[int, int]:
    """(done, total) items of the batch."""
    items = PacketBatchItem.objects.filter(batch=batch)
    return items.exclude(done_at=None).count(), items.count()
