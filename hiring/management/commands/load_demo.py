from django.core.management.base import BaseCommand

from hiring.demo import build_demo


class Command(BaseCommand):
    help = ("Load the demo: the Data Scientist kit (published), log-ins for every kind of user, a requisition "
            "with candidates, interviews and scorecards, a calibration run and every packet. Idempotent.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-packets", action="store_true",
                            help="Skip calibrating and rendering the packets (the slowest part).")
        parser.add_argument("--no-pdfs", action="store_true",
                            help="Calibrate, but leave each packet PDF to be rendered when first downloaded.")

    def handle(self, *args, no_packets: bool = False, no_pdfs: bool = False, **options) -> None:
        build_demo(stdout=self.stdout, packets=not no_packets, pdfs=not no_pdfs)
