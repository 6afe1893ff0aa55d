from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HiringConfig(AppConfig):
    name = "hiring"
    verbose_name = "Hiring decisions"

    def ready(self) -> None:
        from hiring import celery, receivers  # noqa: F401  (binds Celery to settings; connects signals)

        # No sender: permissions of apps listed after "hiring" only exist once their own
        # post_migrate has run, so the grants are (idempotently) completed after every app.
        post_migrate.connect(ensure_groups, dispatch_uid="hiring.ensure_groups")


def ensure_groups(using="default", apps=None, **kwargs) -> None:
    """Create the staff groups with their model permissions; idempotent, runs after every migrate."""
    from django.contrib.auth.models import Group, Permission

    from hiring.access import GROUP_PERMISSIONS

    for name, grants in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        perms = Permission.objects.using(using).filter(content_type__app_label__in=list(grants))
        group.permissions.add(*perms)
