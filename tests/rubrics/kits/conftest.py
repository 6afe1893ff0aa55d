import copy
from pathlib import Path

import pytest
import yaml

FULL_KIT_TEXT = (Path(__file__).parent / "full_kit.yaml").read_text(encoding="utf-8")


@pytest.fixture
def full_kit_text() -> str:
    """A kit using every field of the format, written exactly as export_kit writes it."""
    return FULL_KIT_TEXT


@pytest.fixture
def kit() -> dict:
    """The full kit as data, a fresh copy to change in each test."""
    return copy.deepcopy(yaml.safe_load(FULL_KIT_TEXT))


def as_text(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
