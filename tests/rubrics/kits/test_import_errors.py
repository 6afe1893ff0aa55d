"""One test per kind of import error: the exact lines reported, and nothing written.

Line numbers refer to full_kit.yaml after the edit each test makes.
"""

import copy
import gc
import re

import pytest
import yaml
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rubrics.kits import KitError, import_kit
from tests.rubrics.kits.conftest import FULL_KIT_TEXT, as_text

pytestmark = pytest.mark.django_db
ERROR_LINE = re.compile(r"^[^:]+: .+ \(line \d+\)$")


def row_counts() -> dict[str, int]:
    models = apps.get_app_config("rubrics").get_models(include_auto_created=True)
    return {model._meta.label: model._base_manager.count() for model in models}


@pytest.fixture(autouse=True)
def another_role():
    """A role already in the database, so "nothing written" also means "nothing of it touched"."""
    import_kit(text=FULL_KIT_TEXT.replace("key: data-scientist", "key: analyst", 1))


def refused(text: str) -> list[str]:
    before = row_counts()
    with pytest.raises(KitError) as caught:
        import_kit(text=text)
    assert row_counts() == before
    assert gc.isenabled()  # paused during the import, and back on
    return caught.value.errors


def edit(old: str, new: str, text: str = FULL_KIT_TEXT) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_an_unknown_key_is_refused():
    text = edit("  title: Data Scientist\n", "  title: Data Scientist\n  colour: blue\n")
    assert refused(text) == ["role.colour: unknown field (line 5)"]


def test_a_value_of_the_wrong_type_is_refused():
    assert refused(edit("  max: 5\n", "  max: five\n")) == ['scale.max: expected a number, got "five" (line 13)']


def test_a_missing_required_field_is_refused_at_the_mapping_that_lacks_it():
    text = edit("- key: mid\n  name: Mid\n", "- key: mid\n")
    assert refused(text) == ['levels[1]: missing required field "name" (line 21)']


def test_a_dangling_reference_is_refused():
    text = edit("  - experiment-design\n  - sql\n  guidance:", "  - experiment-design\n  - foo\n  guidance:")
    assert refused(text) == ['questions[0].competencies[1]: unknown competency "foo" (line 87)']


def test_a_key_given_twice_in_one_mapping_is_refused():
    text = edit("- key: mid\n  name: Mid\n", "- key: mid\n  name: Mid\n  name: Middle\n")
    assert refused(text) == ['levels[1]: duplicate key "name" (line 23)']


def test_a_key_used_twice_in_one_list_is_refused():
    text = edit("  internal_title: Data Scientist III\n",
                "  internal_title: Data Scientist III\n- key: senior\n  name: Senior again\n")
    assert refused(text) == ['levels[3].key: duplicate level key "senior" (line 26)']


def test_a_proficiency_off_the_scale_is_refused():
    text = edit("      proficiency: 4.5\n", "      proficiency: 7\n", edit("      proficiency: 2\n", "      proficiency: 0.5\n"))
    assert refused(text) == [
        "competencies[0].expectations.junior.proficiency: 0.5 is below the scale minimum 1 (line 38)",
        "competencies[0].expectations.senior.proficiency: 7 is above the scale maximum 5 (line 44)",
    ]


def test_a_missing_expectation_is_refused():
    text = edit("    senior:\n      proficiency: 4\n      behaviour: Changes a director's mind with evidence.\n", "")
    assert refused(text) == ['competencies[1].expectations: missing the expectation at level "senior" (line 49)']


def test_a_knockout_that_nobody_can_pass_is_refused():
    text = edit("  - text: 'Yes'\n    outcome: qualifies\n  - text: No, and I would need sponsorship\n"
                "    outcome: auto_decline\n", "  - text: 'No'\n    outcome: auto_decline\n")
    assert refused(text) == [
        "questions[2].options: a knockout needs at least one option that qualifies (line 112)",
        "questions[2].options: a knockout needs at least two options (line 112)",
    ]


def test_a_field_not_allowed_for_the_kind_is_refused():
    text = edit("  rationale: Separates", "  audience: Everyone\n  rationale: Separates")
    assert refused(text) == ["questions[0].audience: not a field of a competency question (line 84)"]


def test_a_yaml_syntax_error_stops_at_its_line():
    text = edit("  title: Data Scientist\n", "  title: Data: Scientist\n")
    assert refused(text) == ["file: not valid YAML: mapping values are not allowed here (line 4)"]


def test_a_role_that_exists_is_refused_without_replace():
    import_kit(text=FULL_KIT_TEXT)
    assert refused(FULL_KIT_TEXT) == [
        'role.key: a role "data-scientist" already exists; import with --replace to overwrite its draft (line 3)'
    ]


def test_every_problem_of_a_file_is_listed_in_line_order():
    text = edit("  title: Data Scientist\n", "  title: Data Scientist\n  colour: blue\n")  # +1 line from here
    text = edit("  max: 5\n", "  max: five\n", text)
    text = edit("- key: mid\n  name: Mid\n", "- key: mid\n  name: Mid\n  name: Middle\n", text)  # +1
    text = edit("  rationale: Separates", "  audience: Everyone\n  rationale: Separates", text)  # +1
    text = edit("      - work-permit\n", "      - work-permit\n      - whiteboard\n", text)
    assert refused(text) == [
        "role.colour: unknown field (line 5)",
        'scale.max: expected a number, got "five" (line 14)',
        'levels[1]: duplicate key "name" (line 24)',
        "questions[0].audience: not a field of a competency question (line 86)",
        'loops[0].stages[0].rounds[0].questions[1]: unknown question "whiteboard" (line 242)',
    ]


# --- random damage never breaks the importer --------------------------------------------------

def _places(data, path=()) -> list[tuple]:
    """Every path into the kit data, containers and values alike."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


def _mutate(data, path: tuple, kind: str, value):
    value = copy.deepcopy(value)  # st.just() hands out one shared object: placing it twice could nest it in itself
    *parents, last = path
    parent = data
    for part in parents:
        parent = parent[part]
    if kind == "delete":
        del parent[last]
    elif kind == "retype":
        parent[last] = value
    elif kind == "unknown key" and isinstance(parent[last], dict):
        parent[last]["surprise"] = value
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(last, parent[last])


MUTATION = st.tuples(
    st.integers(min_value=1, max_value=10_000),  # which place, modulo the number of places
    st.sampled_from(["delete", "retype", "unknown key", "duplicate"]),
    st.one_of(st.none(), st.booleans(), st.integers(-3, 10), st.floats(-2, 8, allow_nan=False),
              st.text(max_size=8), st.just([]), st.just({}), st.just(["sql"]), st.just({"key": "x"})),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(MUTATION, min_size=1, max_size=3))
def test_a_damaged_kit_imports_or_is_refused_with_located_errors(mutations):
    data = yaml.safe_load(FULL_KIT_TEXT)
    for choice, kind, value in mutations:
        places = _places(data)[1:]
        if places:
            _mutate(data, places[choice % len(places)], kind, value)
    try:
        import_kit(text=as_text(data), replace=True)
    except KitError as exc:
        assert exc.errors
        assert [line for line in exc.errors if not ERROR_LINE.match(line)] == []
