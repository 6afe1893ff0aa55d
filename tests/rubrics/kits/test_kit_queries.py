import copy
import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rubrics.kits import export_kit, import_kit
from tests.rubrics.kits.conftest import as_text

pytestmark = pytest.mark.django_db


def kit_of_size(kit: dict, copies: int) -> dict:
    """The full kit with every question ``copies`` times (each copy in the rounds of its original)."""
    kit = copy.deepcopy(kit)
    originals = list(kit["questions"])
    for number in range(1, copies):
        for question in originals:
            kit["questions"].append(copy.deepcopy(question) | {"key": f"{question['key']}-{number}"})
    for loop in kit["loops"]:
        for stage in loop["stages"]:
            for round_ in stage["rounds"]:
                keys = round_.get("questions", [])
                round_["questions"] = keys + [f"{key}-{number}" for number in range(1, copies) for key in keys]
    return kit


def queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


# Importing: the role lookup, whether it has a decision rule, then one insert per table the kit
# fills (levels, disciplines, competencies, expectations, attitudes, questions and each of their
# tables, loops, stages, rounds, their questions and covers, the decision rule and its
# requirements), plus the savepoints of the import and of bulk_create.
IMPORT_QUERIES = 25
# Replacing also finds and deletes the draft's rows, a few queries per table (and per table of
# interviews that points at them), whatever the number of rows.
REPLACE_QUERIES = 106
# Exporting: one query per table read, whatever the number of rows.
EXPORT_QUERIES = 25


# 9 and 18 questions: a query per question (or per link, indicator or part) shows as a difference;
# past about 25 questions SQLite needs a second insert for the questions.
@pytest.mark.parametrize("copies", [1, 2])
def test_importing_and_exporting_a_kit_cost_the_same_queries_at_any_size(kit, copies):
    text = as_text(kit_of_size(kit, copies))
    imported = []
    assert queries(lambda: imported.append(import_kit(text=text))) == IMPORT_QUERIES
    role = imported[0].role
    assert role.questions.count() == 9 * copies
    assert queries(lambda: import_kit(text=text, replace=True)) == REPLACE_QUERIES
    assert queries(lambda: export_kit(role=role)) == EXPORT_QUERIES
    assert gc.isenabled()  # paused while reading, importing and writing, and back on
