from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from rubrics.kits import export_kit, import_kit
from rubrics.models import Role

FULL_KIT = (Path(__file__).parent / "full_kit.yaml").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_export_of_an_imported_canonical_kit_is_byte_identical():
    imported = import_kit(text=FULL_KIT)
    assert export_kit(role=imported.role) == FULL_KIT


@pytest.mark.django_db
def test_export_import_into_empty_database_export_again_is_byte_identical(django_db_blocker):
    first = export_kit(role=import_kit(text=FULL_KIT).role)
    Role.objects.all().delete()
    assert Role.objects.count() == 0
    assert export_kit(role=import_kit(text=first).role) == first


@pytest.mark.django_db
def test_export_writes_references_in_the_order_of_the_list_they_point_into():
    kit = yaml.safe_load(FULL_KIT)
    kit["questions"][0]["competencies"] = ["sql", "experiment-design"]
    exported = yaml.safe_load(export_kit(role=import_kit(text=yaml.safe_dump(kit)).role))
    assert exported["questions"][0]["competencies"] == ["experiment-design", "sql"]


@pytest.mark.django_db
def test_export_leaves_out_the_defaults_an_import_left_out():
    kit = {
        "format": "hiring-kit/2", "role": {"key": "analyst", "title": "Analyst"},
        "levels": [{"key": "one", "name": "One"}], "disciplines": [{"key": "d", "name": "D"}],
        "competencies": [{"key": "c", "name": "C", "discipline": "d",
                          "expectations": {"one": {"proficiency": 3, "behaviour": "Does it."}}}],
        "loops": [{"key": "l", "name": "L", "stages": [{"key": "s", "name": "S", "kind": "interviews",
                                                        "rounds": [{"key": "r", "name": "R"}]}]}],
    }
    role = import_kit(text=yaml.safe_dump(kit)).role
    exported = yaml.safe_load(export_kit(role=role))
    assert exported["scale"] == {"min": 1, "max": 5}
    assert "exercise_conversion" not in exported
    assert exported["attitudes"] == []
    assert exported["questions"] == []
    assert exported["loops"][0]["stages"][0]["rounds"] == [{"key": "r", "name": "R"}]
    assert "decision_rule" not in exported
    # The defaults still apply; they are just not written as if someone had.
    assert (role.exercise_below, role.exercise_exceeds) == (Decimal("-1"), Decimal("1"))
    assert role.loop_templates.get().stages.get().rounds.get().duration_minutes == 45


@pytest.mark.django_db
def test_export_writes_the_half_of_a_conversion_that_was_set():
    kit = yaml.safe_load(DEMO_KIT)
    kit["exercise_conversion"] = {"exceeds": 1.5}
    exported = yaml.safe_load(export_kit(role=import_kit(text=yaml.safe_dump(kit)).role))
    assert exported["exercise_conversion"] == {"exceeds": 1.5}


DEMO_KIT = (Path(__file__).parents[3] / "rubrics" / "demo" / "data-scientist.yaml").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_demo_kit_round_trips_byte_identically_through_an_empty_database():
    first = export_kit(role=import_kit(text=DEMO_KIT).role)
    Role.objects.all().delete()
    second = export_kit(role=import_kit(text=first).role)
    assert second == first
    assert yaml.safe_load(first) == yaml.safe_load(DEMO_KIT)
