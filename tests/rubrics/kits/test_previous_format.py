"""A kit file of the previous format (hiring-kit/1) still imports, converted, with a note on what changed."""

from pathlib import Path

import pytest

from rubrics.kits import FORMAT, export_kit, import_kit
from rubrics.models import Question

V1_KIT = (Path(__file__).parent / "kit_v1.yaml").read_text(encoding="utf-8")
FULL_KIT = (Path(__file__).parent / "full_kit.yaml").read_text(encoding="utf-8")

pytestmark = pytest.mark.django_db


def test_a_previous_format_kit_imports_as_the_current_format():
    assert V1_KIT.startswith("format: hiring-kit/1\n")
    result = import_kit(text=V1_KIT)
    assert result.notes == [
        "converted from hiring-kit/1 to hiring-kit/2",
        "questions[6]: what_to_prepare, deliverables, ground_rules turned into a list, one item per line",
        "questions[7]: ground_rules, success_criteria, review_beforehand, scenario_roles[0].constraints, "
        "scenario_roles[0].tensions, scenario_roles[0].guidance, scenario_roles[0].avoid turned into a list, "
        "one item per line",
    ]
    # Converted, it is exactly the kit written in the current format.
    assert export_kit(role=result.role) == FULL_KIT
    assert FULL_KIT.startswith(f"format: {FORMAT}\n")


def test_a_previous_format_exercise_that_declares_nothing_is_imported_as_notes_only():
    text = V1_KIT.replace("  competencies:\n  - storytelling\n  anchors:\n    exceeds: The audience", "  anchors:\n"
                          "    exceeds: The audience")
    result = import_kit(text=text)
    assert result.notes[2] == ("questions[6]: declares no competency or attitude, so it was marked notes_only "
                                "(its rating moves no verdict); declare what it evidences to count it")
    assert Question.objects.get(key="memo-talk").notes_only is True


def test_a_current_format_kit_imports_without_notes():
    assert import_kit(text=FULL_KIT).notes == []
