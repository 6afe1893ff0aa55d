from django.conf import settings
from django.core.management.base import BaseCommand

from interviews.services import retention


class Command(BaseCommand):
    help = ("Erase the candidates whose last application ended more than CANDIDATE_RETENTION_MONTHS ago "
            "(celery beat runs this nightly). --dry-run lists them and erases nothing.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report who is due; change nothing.")

    def handle(self, *args, dry_run: bool, **options) -> None:
        months = settings.CANDIDATE_RETENTION_MONTHS
        report = retention.apply_retention(dry_run=dry_run)
        verb = "would be erased" if dry_run else "erased"
        for item in report:
            ended = f"ended {item.ended_at:%Y-%m-%d}" if item.ended_at else "never applied"
            status = "" if dry_run or item.erased else " — FAILED, see the log"
            self.stdout.write(f"candidate {item.candidate_id}: {ended}; {'; '.join(item.applications) or '-'}{status}")
        count = len(report) if dry_run else sum(item.erased for item in report)
        self.stdout.write(f"{count} candidate(s) {verb} (retention: {months} months).")
