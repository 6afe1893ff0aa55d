"""Bounds on free text that people type into the evidence: notes, summaries, reasons."""

import re

from django.core.exceptions import ValidationError

# About 1,500 words: more than any interview note needs, little enough that a packet quoting
# every note of a candidate stays quick to render.
NOTE_MAX_CHARS = 10_000

# C0 control characters and DEL, except tab, line feed and carriage return, which text may hold.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def reject_control_characters(value: str) -> None:
    match = CONTROL_CHARACTERS.search(value or "")
    if match:
        raise ValidationError(
            "This text contains a control character (U+%(code)04X) that cannot be stored; remove it.",
            code="control_characters", params={"code": ord(match.group())})
