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
def test_export_fills_in_the_defaults_an_import_left_out():
    kit = {
        "format": "hiring-kit/1", "role": {"key": "analyst", "title": "Analyst"},
        "levels": [{"key": "one", "name": "One"}], "disciplines": [{"key": "d", "name": "D"}],
        "competencies": [{"key": "c", "name": "C", "discipline": "d",
                          "expectations": {"one": {"proficiency": 3, "behaviour": "Does it."}}}],
        "loops": [{"key": "l", "name": "L", "stages": [{"key": "s", "name": "S", "kind": "interviews",
                                                        "rounds": [{"key": "r", "name": "R"}]}]}],
    }
    exported = yaml.safe_load(export_kit(role=import_kit(text=yaml.safe_dump(kit)).role))
    assert exported["scale"] == {"min": 1, "max": 5}
    assert exported["exercise_conversion"] == {"below": -1, "exceeds": 1}
    assert exported["attitudes"] == []
    assert exported["questions"] == []
    assert exported["loops"][0]["stages"][0]["rounds"] == [{"key": "r", "name": "R", "duration_minutes": 45}]
    assert "decision_rule" not in exported
