from django.apps import AppConfig


class HiringConfig(AppConfig):
    name = "hiring"
    verbose_name = "Hiring decisions"

    def ready(self) -> None:
        from hiring import celery, receivers  # noqa: F401  (binds Celery to settings; connects signals)
