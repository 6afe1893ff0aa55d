from django.apps import AppConfig


class RubricsConfig(AppConfig):
    name = "rubrics"
    verbose_name = "Rubrics (loop configuration)"

    def ready(self) -> None:
        from rubrics import signals  # noqa: F401  (guards published versions)
