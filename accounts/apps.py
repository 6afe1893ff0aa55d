from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts (who is who)"

    def ready(self) -> None:
        from accounts.groups import ensure_groups

        # No sender: permissions of apps listed after this one only exist once their own
        # post_migrate has run, so the grants are (idempotently) completed after every app.
        post_migrate.connect(ensure_groups, dispatch_uid="accounts.ensure_groups")
