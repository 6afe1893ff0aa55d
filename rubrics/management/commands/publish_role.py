from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rubrics.kits import publish_role
from rubrics.management.commands.import_kit import explain
from rubrics.models import Role


class Command(BaseCommand):
    help = "Publish a role's draft as its next immutable version."

    def add_arguments(self, parser) -> None:
        parser.add_argument("role", help="the role's key")

    def handle(self, *args, role: str, **options) -> None:
        draft = Role.objects.filter(key=role, published_from__isnull=True).first()
        if draft is None:
            raise CommandError(f"There is no role {role!r}.")
        try:
            version = publish_role(role=draft)
        except ValidationError as exc:
            raise CommandError(f"{role} was not published:\n{explain(exc)}") from None
        self.stdout.write(f"Published {draft.title} as version {version.version}.")
