"""One call for the demo: recalibrate on the demo's ratings and render every packet."""

from typing import TextIO

from hiring.models import Packet
from hiring.services import calibration, packets
from interviews.models import Application


def build_demo_packets(*, stdout: TextIO, pdfs: bool = True) -> int:
    """Recalibrate, then render (and store) the PDF packet of every application; returns how many.

    ``pdfs=False`` stops after the calibration: each PDF is then rendered when first downloaded.
    """
    run = calibration.recalibrate()
    stdout.write(f"Calibration run {run.pk}: {run.n_ratings} ratings, {run.iterations} iterations, "
                 f"converged={run.converged}.\n")
    if not pdfs:
        stdout.write("Packet PDFs are rendered when first downloaded.\n")
        return 0
    app_ids = list(Application.objects.order_by("pk").values_list("pk", flat=True))
    for app_id in app_ids:
        packets.render_packet(application_id=app_id)
    stdout.write(f"Rendered packets for {len(app_ids)} application(s); {Packet.objects.count()} stored.\n")
    return len(app_ids)
