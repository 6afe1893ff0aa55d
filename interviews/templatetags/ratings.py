from django import template

from interviews import scales

register = template.Library()


@register.filter
def choice_label(choice: str, levels) -> str:
    """{{ answer.choice|choice_label:levels }} with levels the role's (key, name) pairs."""
    return scales.choice_label(choice or "", levels or [])
