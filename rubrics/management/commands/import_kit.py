import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rubrics.kits import KitError, import_kit


def explain(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "\n".join(f"  {where}: {message}" for where, messages in error.message_dict.items()
                         for message in messages)
    return "\n".join(f"  {message}" for message in error.messages)


class Command(BaseCommand):
    help = "Import a kit file (docs/kit-format.md) as a draft role; optionally publish it."
    stealth_options = ("stdin",)

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the kit file, YAML; '-' reads standard input")
        parser.add_argument("--replace", action="store_true", help="overwrite the draft of a role with the same key")
        parser.add_argument("--publish", action="store_true", help="publish the imported draft as a new version")

    def handle(self, *args, file: str, replace: bool, publish: bool, **options) -> None:
        try:
            text = options.get("stdin", sys.stdin).read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from None
        try:
            result = import_kit(text=text, replace=replace, publish=publish)
        except KitError as exc:
            # One line per problem, as the web page and the API give them; the summary goes last.
            for line in exc.errors:
                self.stderr.write(line)
            count = len(exc.errors)
            raise CommandError(f"{file} was not imported: {count} problem{'s' if count > 1 else ''}.") from None
        except ValidationError as exc:
            raise CommandError(f"{file} was not imported:\n{explain(exc)}") from None
        verb = "Imported" if result.created else "Replaced"
        self.stdout.write(f"{verb} the draft of {result.role.title} ({result.role.key}).")
        for note in result.notes:
            self.stdout.write(f"Note: {note}.")
        if result.version:
            self.stdout.write(f"Published it as version {result.version.version}.")
