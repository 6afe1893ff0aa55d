from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rubrics.kits import export_kit
from rubrics.models import Role


class Command(BaseCommand):
    help = "Write a role's configuration as a kit file (docs/kit-format.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("role", help="the role's key")
        parser.add_argument("--kit-version", dest="number", type=int,
                            help="export this published version instead of the draft")
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")

    def handle(self, *args, role: str, number: int | None, output: str | None, **options) -> None:
        roles = Role.objects.filter(key=role)
        found = roles.filter(version=number).first() if number else roles.filter(published_from__isnull=True).first()
        if found is None:
            raise CommandError(f"There is no role {role!r}" + (f" with a version {number}." if number else "."))
        text = export_kit(role=found)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
