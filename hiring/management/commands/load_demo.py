from django.core.management.base import BaseCommand

from hiring.demo import build_demo


class Command(BaseCommand):
    help = "Load the demo: the Data Scientist kit (published) and log-ins for every kind of user. Idempotent."

    def handle(self, *args, **options) -> None:
        build_demo(stdout=self.stdout)
