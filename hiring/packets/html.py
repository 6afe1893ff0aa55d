"""The packet as HTML: the page (inside the site layout) or the print document the PDF is made from."""

from django.template.loader import render_to_string

TEMPLATE = "hiring/packet.html"


def render_page(context: dict, *, request, extra: dict | None = None) -> str:
    return render_to_string(TEMPLATE, {"p": context, "layout": "base.html", "for_print": False, **(extra or {})},
                            request=request)


def render_print(context: dict) -> str:
    return render_to_string(TEMPLATE, {"p": context, "layout": "hiring/_print_base.html", "for_print": True})
