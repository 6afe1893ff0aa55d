"""The packet as PDF, rendered by WeasyPrint from the print variant of the one packet template."""

import logging

from django.conf import settings
from weasyprint import HTML

from hiring.packets import html

# WeasyPrint's HTML cascade reports every presentation attribute of the inlined SVG chart
# (fill, stroke, …) as an unknown CSS property; its SVG renderer still draws them.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def render(context: dict) -> bytes:
    return HTML(string=html.render_print(context), base_url=str(settings.BASE_DIR)).write_pdf()
