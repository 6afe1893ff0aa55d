"""Publishing refuses a scored question or part that evidences nothing, and a loop that leaves a
competency a level needs unevidenced, naming each."""

import pytest
from django.core.exceptions import ValidationError

from rubrics.kits import import_kit, publish_role
from rubrics.needs import level_needs, role_needs
from tests.rubrics.kits.conftest import as_text

pytestmark = pytest.mark.django_db


def refusal(kit: dict) -> list[str]:
    role = import_kit(text=as_text(kit)).role
    with pytest.raises(ValidationError) as refused:
        publish_role(role=role)
    return refused.value.messages


def question(kit: dict, key: str) -> dict:
    return next(q for q in kit["questions"] if q["key"] == key)


def test_an_exercise_that_evidences_nothing_is_refused_by_its_place(kit):
    del question(kit, "memo-talk")["competencies"]
    assert refusal(kit) == [
        "The draft cannot be published yet:",
        "questions[6]: “Present a past analysis” evidences no competency or attitude: declare what its rating "
        "evidences, or mark it notes_only",
    ]


def test_a_notes_only_exercise_publishes(kit):
    talk = question(kit, "memo-talk")
    del talk["competencies"]
    talk["notes_only"] = True
    assert publish_role(role=import_kit(text=as_text(kit)).role).version == 1


def test_a_case_study_part_that_evidences_nothing_is_refused_by_its_place(kit):
    case = question(kit, "churn-case")
    del case["competencies"]
    case["parts"][0]["competencies"] = ["experiment-design"]
    assert refusal(kit) == [
        "The draft cannot be published yet:",
        "questions[8].parts[1]: part “Design the analysis” of “Churn case” evidences no competency or attitude: "
        "declare what its rating evidences, or mark it notes_only",
    ]
    case["parts"][1]["notes_only"] = True
    assert publish_role(role=import_kit(text=as_text(kit), replace=True).role).version == 1


def test_a_must_have_no_round_evidences_is_refused_naming_the_competency_and_levels(kit):
    take_home = kit["loops"][1]["stages"][0]["rounds"][0]
    take_home["covers"] = ["experiment-design"]
    assert refusal(kit) == [
        "The draft cannot be published yet:",
        # The rule lists nothing for Mid, so Mid needs every competency it has an expectation for.
        "loops[1]: no round of “Take-home loop” evidences Storytelling, which Mid and Senior need",
    ]


def test_without_a_decision_rule_every_level_needs_each_competency_it_has_an_expectation_for(kit):
    del kit["decision_rule"]
    role = import_kit(text=as_text(kit)).role
    every = (["experiment-design", "sql", "storytelling"], True)  # in framework order: analytics first
    assert {entry.level: (entry.competencies, entry.implicit) for entry in role_needs(role)} == {
        "junior": every, "mid": every, "senior": every}


def test_a_level_the_rule_lists_nothing_for_falls_back_to_the_default():
    needs = level_needs(levels=["one", "two"], competencies=["a", "b"],
                        expectations=[("a", "one"), ("b", "one"), ("b", "two")],
                        requirements={"one": [("b", 2.0)]})
    assert [(n.level, n.needs, n.implicit) for n in needs] == [
        ("one", (("b", 2.0),), False), ("two", (("b", 1.0),), True)]
