from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """0.8312 -> "83%"; None -> "—"."""
    return "—" if value is None else f"{100 * value:.0f}%"


@register.filter
def signed(value) -> str:
    """0.4 -> "+0.40"; None -> "—"."""
    return "—" if value is None else f"{value:+.2f}"


@register.filter
def num(value) -> str:
    """3.25 -> "3.25"; None -> "—"."""
    return "—" if value is None else f"{value:.2f}"


@register.filter
def verdict_class(verdict: str) -> str:
    return {"meets": "good", "does not meet": "bad"}.get(verdict, "warn")
