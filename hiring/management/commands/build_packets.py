from django.core.management.base import BaseCommand, CommandError

from hiring.services import packets, queueing
from interviews.models import Requisition


class Command(BaseCommand):
    help = "Queue a PDF packet build for every application of a requisition (eager mode: builds them now)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("requisition_id", type=int)

    def handle(self, *args, requisition_id: int, **options) -> None:
        requisition = Requisition.objects.filter(pk=requisition_id).first()
        if requisition is None:
            raise CommandError(f"No requisition {requisition_id}.")
        batch = queueing.start_packet_batch(requisition=requisition, wait=True)
        done, total = packets.batch_progress(batch)
        self.stdout.write(f"Batch {batch.pk}: {total} packet(s) queued for {requisition}; {done} done so far.")
