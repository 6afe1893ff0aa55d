import pytest

from rubrics.kits import KitError, parse_kit, validate_kit
from tests.rubrics.kits.conftest import as_text


def errors_of(data) -> dict[str, list[str]]:
    with pytest.raises(KitError) as caught:
        validate_kit(data)
    return caught.value.message_dict


def test_an_unknown_field_is_refused(kit):
    kit["levels"][0]["colour"] = "blue"
    kit["questions"][0]["colour"] = "blue"
    assert errors_of(kit) == {
        "levels[0]": ["Fields are not allowed ('colour' was unexpected)."],
        "questions[0]": ["'colour' is not a field of this kind of question."],
    }


def test_the_full_kit_is_valid(kit):
    validate_kit(kit)


def test_a_kit_of_another_format_is_refused(kit):
    kit["format"] = "hiring-kit/2"
    assert errors_of(kit) == {"format": ["This is not a hiring-kit/1 kit file (format: 'hiring-kit/2')."]}


def test_a_list_instead_of_a_mapping_is_refused():
    assert errors_of([1, 2]) == {"file": ["A kit file is a YAML mapping that starts with 'format: hiring-kit/1'."]}


def test_broken_yaml_names_line_and_column():
    with pytest.raises(KitError) as caught:
        parse_kit("format: hiring-kit/1\nrole: [unclosed\n")
    assert caught.value.message_dict == {
        "file": ["This is not valid YAML (line 3, column 1: expected ',' or ']', but got '<stream end>')."]
    }


def test_a_key_given_twice_in_one_mapping_is_refused(full_kit_text):
    with pytest.raises(KitError) as caught:
        parse_kit(full_kit_text.replace("  title: Data Scientist\n", "  title: Data Scientist\n  title: Again\n", 1))
    assert caught.value.message_dict == {
        "file": ["This is not valid YAML (line 5, column 3: the key 'title' appears twice)."]
    }


def test_schema_errors_are_all_reported_by_place(kit):
    kit["levels"][1]["key"] = "Mid Level"
    kit["questions"][2]["options"] = [{"text": "Yes", "outcome": "maybe"}]
    kit["questions"][0]["audience"] = "Everyone"
    del kit["role"]["title"]
    assert errors_of(kit) == {
        "levels[1].key": ["'Mid Level' is not a key: use lowercase letters, digits and single dashes."],
        "questions[0]": ["'audience' is not a field of this kind of question."],
        "questions[2].options": ["Give at least 2 items."],
        "questions[2].options[0].outcome": ["'maybe' is not one of: qualifies, auto_decline."],
        "role": ["'title' is a required property."],
    }


def test_a_field_of_another_kind_is_refused_but_its_own_kind_accepts_it(kit):
    kit["questions"][3]["scenario"] = "A video question has no scenario."
    assert errors_of(kit) == {
        "questions[3]": ["'scenario' is not a field of this kind of question."]
    }


def test_required_fields_of_a_kind_are_required(kit):
    del kit["questions"][3]["response_seconds"]
    del kit["questions"][8]["parts"]
    assert errors_of(kit) == {
        "questions[3]": ["'response_seconds' is a required property."],
        "questions[8]": ["'parts' is a required property."],
    }


def test_proficiency_must_be_a_whole_or_half_step(kit):
    kit["competencies"][0]["expectations"]["mid"]["proficiency"] = 3.3
    assert errors_of(kit) == {"competencies[0].expectations.mid.proficiency": ["3.3 is not a whole or half step."]}


def test_dangling_references_are_reported_where_they_are(kit):
    kit["competencies"][1]["discipline"] = "design"
    kit["questions"][0]["competencies"] = ["sql", "python"]
    kit["questions"][1]["attitudes"] = ["humility"]
    kit["loops"][0]["stages"][2]["rounds"][0]["questions"] = ["design-a-test", "whiteboard"]
    kit["loops"][0]["stages"][2]["rounds"][0]["covers"] = ["charm"]
    kit["decision_rule"]["requirements"]["staff"] = [{"competency": "sql"}]
    kit["decision_rule"]["requirements"]["junior"][1]["competency"] = "excel"
    assert errors_of(kit) == {
        "competencies[1].discipline": ["There is no discipline with the key 'design'."],
        "questions[0].competencies[1]": ["There is no competency with the key 'python'."],
        "questions[1].attitudes[0]": ["There is no attitude with the key 'humility'."],
        "loops[0].stages[2].rounds[0].questions[1]": ["There is no question with the key 'whiteboard'."],
        "loops[0].stages[2].rounds[0].covers[0]": ["There is no competency with the key 'charm'."],
        "decision_rule.requirements.staff": ["There is no level with the key 'staff'."],
        "decision_rule.requirements.junior[1].competency": ["There is no competency with the key 'excel'."],
    }


def test_keys_must_be_unique_within_their_list(kit):
    kit["levels"][2]["key"] = "junior"
    kit["questions"][5]["variants"][1]["key"] = "without-ai"
    kit["loops"][0]["stages"][1]["key"] = "application"
    errors = errors_of(kit)
    assert errors["levels[0].key"] == ["The key 'junior' is used more than once in this list."]
    assert errors["levels[2].key"] == ["The key 'junior' is used more than once in this list."]
    assert errors["questions[5].variants[1].key"] == ["The key 'without-ai' is used more than once in this list."]
    assert errors["loops[0].stages[1].key"] == ["The key 'application' is used more than once in this list."]


def test_every_competency_needs_an_expectation_at_every_level(kit):
    del kit["competencies"][2]["expectations"]["mid"]
    kit["competencies"][2]["expectations"]["staff"] = {"proficiency": 5, "behaviour": "Leads."}
    assert errors_of(kit) == {
        "competencies[2].expectations": ["Missing the expectation at level(s): mid."],
        "competencies[2].expectations.staff": ["There is no level with the key 'staff'."],
    }


def test_proficiency_must_lie_on_the_scale(kit):
    kit["scale"] = {"min": 1, "max": 4}
    assert errors_of(kit) == {"competencies[0].expectations.senior.proficiency": ["4.5 is outside the scale 1–4."]}


def test_scale_must_be_ordered(kit):
    kit["scale"] = {"min": 5, "max": 5}
    errors = errors_of(kit)
    assert errors["scale"] == ["The scale's min (5) must be below its max (5)."]


def test_a_knockout_needs_an_option_that_qualifies(kit):
    kit["questions"][2]["options"][0]["outcome"] = "auto_decline"
    assert errors_of(kit) == {"questions[2].options": ["A knockout question needs at least one option that qualifies."]}


def test_weights_and_probability_take_at_most_two_decimals(kit):
    kit["decision_rule"]["probability"] = 0.755
    kit["decision_rule"]["requirements"]["junior"][0]["weight"] = 1.125
    assert errors_of(kit) == {
        "decision_rule.probability": ["Give the probability with at most two decimals."],
        "decision_rule.requirements.junior[0].weight": ["Give the weight with at most two decimals."],
    }


def test_a_requirement_listed_twice_at_a_level_is_refused(kit):
    kit["decision_rule"]["requirements"]["senior"][1]["competency"] = "experiment-design"
    assert errors_of(kit) == {
        "decision_rule.requirements.senior[0].competency": ["The competency 'experiment-design' is listed twice at this level."],
        "decision_rule.requirements.senior[1].competency": ["The competency 'experiment-design' is listed twice at this level."],
    }


def test_texts_longer_than_their_column_are_refused(kit):
    kit["questions"][0]["title"] = "x" * 201
    assert errors_of(kit) == {"questions[0].title": ["This text is longer than 200 characters."]}


def test_an_unquoted_date_where_text_belongs_is_a_type_error(kit):
    text = as_text(kit).replace("name: Junior", "name: 2024-01-01", 1)
    with pytest.raises(KitError) as caught:
        parse_kit(text)
    assert caught.value.message_dict == {"levels[0].name": ["Datetime.date(2024, 1, 1) is not of type 'string'."]}
