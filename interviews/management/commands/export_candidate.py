from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interviews.models import Candidate
from interviews.services.export import export_candidate


class Command(BaseCommand):
    help = ("Write a candidate's subject-access export (JSON files and their resume and videos) as a zip. "
            "Find the candidate by id or by e-mail address.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("candidate", help="The candidate's id or e-mail address.")
        parser.add_argument("-o", "--output", type=Path, help="The zip to write (default: candidate-ID-data.zip).")

    def handle(self, *args, candidate: str, output: Path | None, **options) -> None:
        found = (Candidate.objects.filter(pk=int(candidate)) if candidate.isdigit()
                 else Candidate.objects.with_email(candidate)).first()
        if found is None:
            raise CommandError(f"No candidate {candidate!r}.")
        output = output or Path(f"candidate-{found.pk}-data.zip")
        if output.exists():
            raise CommandError(f"{output} exists already; choose another --output.")
        try:
            with output.open("wb") as out:
                names = export_candidate(candidate=found, by=None, out=out)
        except BaseException:
            output.unlink(missing_ok=True)
            raise
        self.stdout.write(f"Wrote {output}: {len(names)} files for candidate {found.pk}.")
