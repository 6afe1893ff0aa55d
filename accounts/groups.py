"""The staff groups' set-up: created with their model permissions after every migrate."""

from accounts.access import GROUP_PERMISSIONS


def ensure_groups(using="default", apps=None, **kwargs) -> None:
    """Create the staff groups with their model permissions; idempotent, runs after every migrate."""
    from django.contrib.auth.models import Group, Permission

    for name, grants in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        perms = Permission.objects.using(using).filter(content_type__app_label__in=list(grants))
        group.permissions.add(*perms)
