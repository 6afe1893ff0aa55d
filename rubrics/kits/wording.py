"""How kit problems show values: as a kit author would write them, never as a Python repr."""

import json
from datetime import date
from decimal import Decimal
from typing import Any


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def show(value: Any) -> str:
    """A value as a kit author would write it: "text" quoted, numbers bare, never a Python repr."""
    if isinstance(value, str):
        return quote(value if len(value) <= 40 else value[:39] + "…")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if value is None:
        return "nothing"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
