import pytest

from rubrics.kits import KitError, parse_kit, validate_kit
from tests.rubrics.kits.conftest import as_text


def errors_of(data) -> list[str]:
    """Kit data has no lines, so its problems are ``place: message``, ordered by place."""
    with pytest.raises(KitError) as caught:
        validate_kit(data)
    return caught.value.errors


def errors_of_text(text: str) -> list[str]:
    with pytest.raises(KitError) as caught:
        parse_kit(text)
    return caught.value.errors


def test_the_full_kit_is_valid(kit):
    validate_kit(kit)


def test_an_unknown_field_is_named_by_its_own_place(kit):
    kit["levels"][0]["colour"] = "blue"
    kit["questions"][0]["colour"] = "blue"
    assert errors_of(kit) == [
        "levels[0].colour: unknown field",
        "questions[0].colour: not a field of a competency question",
    ]


def test_a_kit_of_another_format_is_refused_without_further_checks(kit):
    kit["format"] = "hiring-kit/9"
    del kit["role"]
    assert errors_of(kit) == ['format: this is not a hiring-kit/2 kit file (format: "hiring-kit/9")']


def test_a_list_instead_of_a_mapping_is_refused():
    assert errors_of([1, 2]) == ['file: a kit file is a YAML mapping that starts with "format: hiring-kit/2"']


def test_an_empty_file_is_refused_at_line_one():
    assert errors_of_text("") == ['file: a kit file is a YAML mapping that starts with "format: hiring-kit/2" (line 1)']


def test_broken_yaml_stops_at_once_with_its_line():
    assert errors_of_text("format: hiring-kit/1\nrole: [unclosed\n") == [
        "file: not valid YAML: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence) (line 3)"
    ]


def test_a_file_over_the_size_limit_is_refused():
    assert errors_of_text("#" * (2 * 1024 * 1024 + 1)) == ["file: a kit file may be at most 2 MB (line 1)"]


def test_every_key_given_twice_is_reported_and_the_first_value_kept(full_kit_text):
    text = full_kit_text.replace("  title: Data Scientist\n", "  title: Data Scientist\n  title: Again\n", 1)
    text = text.replace("- key: mid\n  name: Mid\n", "- key: mid\n  name: Mid\n  name: Middle\n", 1)
    assert errors_of_text(text) == [
        'role: duplicate key "title" (line 5)',
        'levels[1]: duplicate key "name" (line 24)',
    ]


def test_anchors_aliases_and_merge_keys_work(full_kit_text):
    text = full_kit_text.replace("- key: mid\n  name: Mid\n", "- &mid\n  key: mid\n  name: Mid\n", 1).replace(
        "- key: senior\n  name: Senior\n", "- <<: *mid\n  key: senior\n  name: Senior\n", 1)
    assert parse_kit(text)["levels"][1:] == [
        {"key": "mid", "name": "Mid"},
        {"key": "senior", "name": "Senior", "internal_title": "Data Scientist III"},
    ]


def test_an_alias_that_contains_itself_is_refused():
    assert errors_of_text("format: hiring-kit/1\nrole: &r\n  self: *r\n") == [
        "file: not valid YAML: an alias refers to a mapping or list that contains it (line 2)"
    ]


def test_aliases_that_expand_to_huge_data_are_refused():
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 10)}]\n" for n in range(6))
    assert errors_of_text(text) == ["file: not valid YAML: the aliases in this file expand to too much data (line 1)"]


def test_a_python_tag_is_refused_with_its_line():
    assert errors_of_text("format: hiring-kit/1\nrole: !!python/object:os.system {}\n") == [
        "file: not valid YAML: the tag tag:yaml.org,2002:python/object:os.system is not allowed in a kit (line 2)"
    ]


def test_schema_errors_are_all_reported_by_place(kit):
    kit["levels"][1]["key"] = "Mid Level"
    kit["questions"][2]["options"] = [{"text": "Yes", "outcome": "maybe"}]
    kit["questions"][0]["audience"] = "Everyone"
    kit["scale"]["max"] = "five"
    del kit["role"]["title"]
    assert errors_of(kit) == [
        'levels[1].key: "Mid Level" is not a key: use lowercase letters, digits and single dashes',
        "questions[0].audience: not a field of a competency question",
        "questions[2].options: a knockout needs at least one option that qualifies",
        "questions[2].options: a knockout needs at least two options",
        'questions[2].options[0].outcome: "maybe" is not one of qualifies, auto_decline',
        'role: missing required field "title"',
        'scale.max: expected a number, got "five"',
    ]


def test_a_field_of_another_kind_is_refused_but_its_own_kind_accepts_it(kit):
    kit["questions"][3]["scenario"] = "A video question has no scenario."
    assert errors_of(kit) == ["questions[3].scenario: not a field of a video question"]


def test_required_fields_of_a_kind_are_required(kit):
    del kit["questions"][3]["response_seconds"]
    del kit["questions"][8]["parts"]
    assert errors_of(kit) == [
        'questions[3]: missing required field "response_seconds"',
        'questions[8]: missing required field "parts"',
    ]


def test_proficiency_must_be_a_whole_or_half_step(kit):
    kit["competencies"][0]["expectations"]["mid"]["proficiency"] = 3.3
    assert errors_of(kit) == ["competencies[0].expectations.mid.proficiency: 3.3 is not a whole or half step"]


def test_dangling_references_are_reported_where_they_are(kit):
    kit["competencies"][1]["discipline"] = "design"
    kit["questions"][0]["competencies"] = ["sql", "python"]
    kit["questions"][1]["attitudes"] = ["humility"]
    kit["loops"][0]["stages"][2]["rounds"][0]["questions"] = ["design-a-test", "whiteboard"]
    kit["loops"][0]["stages"][2]["rounds"][0]["covers"] = ["charm"]
    kit["decision_rule"]["requirements"]["staff"] = [{"competency": "sql"}]
    kit["decision_rule"]["requirements"]["junior"][1]["competency"] = "excel"
    assert errors_of(kit) == [
        'competencies[1].discipline: unknown discipline "design"',
        'decision_rule.requirements.junior[1].competency: unknown competency "excel"',
        'decision_rule.requirements.staff: unknown level "staff"',
        'loops[0].stages[2].rounds[0].covers[0]: unknown competency "charm"',
        'loops[0].stages[2].rounds[0].questions[1]: unknown question "whiteboard"',
        'questions[0].competencies[1]: unknown competency "python"',
        'questions[1].attitudes[0]: unknown attitude "humility"',
    ]


def test_a_repeated_key_in_a_list_is_reported_where_it_repeats(kit):
    kit["levels"].append({"key": "senior", "name": "Senior again"})
    kit["questions"][5]["variants"][1]["key"] = "without-ai"
    kit["loops"][0]["stages"][1]["key"] = "application"
    kit["questions"][0]["competencies"] = ["sql", "sql"]
    assert errors_of(kit) == [
        'levels[3].key: duplicate level key "senior"',
        'loops[0].stages[1].key: duplicate stage key "application"',
        'questions[0].competencies[1]: "sql" is already listed',
        'questions[5].variants[1].key: duplicate variant key "without-ai"',
    ]


def test_every_competency_needs_an_expectation_at_every_level(kit):
    del kit["competencies"][2]["expectations"]["mid"]
    kit["competencies"][2]["expectations"]["staff"] = {"proficiency": 5, "behaviour": "Leads."}
    assert errors_of(kit) == [
        'competencies[2].expectations: missing the expectation at level "mid"',
        'competencies[2].expectations.staff: unknown level "staff"',
    ]


def test_proficiency_must_lie_on_the_scale(kit):
    kit["scale"] = {"min": 2, "max": 4}
    assert errors_of(kit) == [
        "competencies[0].expectations.senior.proficiency: 4.5 is above the scale maximum 4",
        "competencies[1].expectations.junior.proficiency: 1.5 is below the scale minimum 2",
    ]


def test_scale_must_be_ordered(kit):
    kit["scale"] = {"min": 5, "max": 5}
    assert errors_of(kit) == ["scale.min: 5 must be below the maximum 5"]


def test_a_knockout_needs_an_option_that_qualifies(kit):
    kit["questions"][2]["options"][0]["outcome"] = "auto_decline"
    assert errors_of(kit) == ["questions[2].options: a knockout needs at least one option that qualifies"]


def test_weights_and_probability_take_at_most_two_decimals(kit):
    kit["decision_rule"]["probability"] = 0.755
    kit["decision_rule"]["requirements"]["junior"][0]["weight"] = 1.125
    assert errors_of(kit) == [
        "decision_rule.probability: 0.755 has more than two decimals",
        "decision_rule.requirements.junior[0].weight: 1.125 has more than two decimals",
    ]


def test_a_requirement_listed_twice_at_a_level_is_refused(kit):
    kit["decision_rule"]["requirements"]["senior"][1]["competency"] = "experiment-design"
    assert errors_of(kit) == [
        'decision_rule.requirements.senior[1].competency: "experiment-design" is already required at this level',
    ]


def test_texts_longer_than_their_column_are_refused(kit):
    kit["questions"][0]["title"] = "x" * 201
    kit["levels"][0]["name"] = ""
    assert errors_of(kit) == [
        "levels[0].name: must not be empty",
        "questions[0].title: longer than 200 characters",
    ]


def test_an_unquoted_date_where_text_belongs_is_a_type_error(kit):
    text = as_text(kit).replace("name: Junior", "name: 2024-01-01", 1)
    assert errors_of_text(text) == ["levels[0].name: expected text, got the date 2024-01-01 (line 19)"]


def test_not_a_number_is_named_as_written(full_kit_text):
    text = full_kit_text.replace("proficiency: 2\n", "proficiency: .nan\n", 1)
    assert errors_of_text(text) == ['competencies[0].expectations.junior.proficiency: expected a number, got ".nan" (line 38)']


def test_malformed_parts_are_skipped_by_the_reference_checks(kit):
    kit["levels"] = "junior"
    kit["competencies"][0] = ["not", "a", "mapping"]
    kit["questions"][0]["competencies"] = {"sql": 1}
    kit["decision_rule"]["requirements"] = ["junior"]
    assert errors_of(kit) == [
        "competencies[0]: expected a mapping, got a list",
        "decision_rule.requirements: expected a mapping, got a list",
        'levels: expected a list, got "junior"',
        "questions[0].competencies: expected a list, got a mapping",
    ]


def test_a_second_document_is_refused_at_its_line(full_kit_text):
    assert errors_of_text(full_kit_text + "---\nformat: hiring-kit/1\n") == [
        "file: not valid YAML: expected a single document in the stream, but found another document (line 308)"
    ]


def test_a_billion_laughs_kit_is_refused_fast_before_anything_is_built():
    import time

    from rubrics.kits.yaml_lines import expanded_size
    text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 10)}]\n" for n in range(8))
    assert len(text.encode()) < 500  # the size of the one reported, 10^9 values once expanded
    started = time.process_time()
    assert errors_of_text(text) == ["file: not valid YAML: the aliases in this file expand to too much data (line 1)"]
    assert time.process_time() - started < 0.5
    import yaml
    assert expanded_size(yaml.compose("a: &a [x, x]\nb: [*a, *a, *a]\n")) == 16  # map, 2 keys, [x, x], [3 × it]


@pytest.mark.parametrize("text", ["format: hiring-kit/1\nrole: &r\n  self: *r\n", "format: [unclosed\n"])
def test_reading_and_writing_a_kit_leave_the_garbage_collector_as_they_found_it(full_kit_text, text):
    import gc

    from rubrics.kits.export import dump_kit

    parse_kit(full_kit_text)
    dump_kit({"format": "hiring-kit/2"})
    with pytest.raises(KitError):  # refused in the middle of building the document
        parse_kit(text)
    assert gc.isenabled()
    gc.disable()
    try:
        parse_kit(full_kit_text)
        assert not gc.isenabled()
    finally:
        gc.enable()
