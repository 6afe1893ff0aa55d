"""The packet as PDF, rendered by WeasyPrint from the print variant of the one packet template."""

from django.conf import settings
from weasyprint import HTML

from hiring.packets import html


def render(context: dict) -> bytes:
    return HTML(string=html.render_print(context), base_url=str(settings.BASE_DIR)).write_pdf()
