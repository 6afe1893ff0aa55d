"""Reading a kit file: YAML to plain data, then the JSON Schema and the cross-references.

Every problem is reported at once as ``place: message (line N)`` — the place in the file
(``questions[3].options``) and the line it is on — so a recruiter can fix a kit in one pass.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from jsonschema import Draft202012Validator

from rubrics.kits import yaml_lines

FORMAT = "hiring-kit/1"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "kit.schema.json"
MAX_KIT_BYTES = 2 * 1024 * 1024
FILE = "file"  # the place of problems with the file as a whole

KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # as the schema's $defs/key
Lines = dict[tuple, int]


@dataclass(frozen=True)
class Problem:
    path: tuple
    message: str
    line: int | None = None  # None for kit data that never was a file (a draft being published)

    @property
    def place(self) -> str:
        return place(self.path)

    @property
    def detail(self) -> str:
        """The message with its line: what goes after ``place: ``."""
        return self.message if self.line is None else f"{self.message} (line {self.line})"

    def __str__(self) -> str:
        return f"{self.place}: {self.detail}"

    def sort_key(self) -> tuple:
        return (self.line or 0, [(0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in self.path],
                self.message)


class KitError(ValidationError):
    """A kit that cannot be imported.

    ``errors`` lists every problem as a line ``place: message (line N)``, in the order of the file;
    ``message_dict`` maps each place to its messages (with their lines) for the API.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=Problem.sort_key)
        self.errors = [str(problem) for problem in self.problems]
        by_place: dict[str, list[str]] = {}
        for problem in self.problems:
            by_place.setdefault(problem.place, []).append(problem.detail)
        super().__init__(by_place)


@cache
def kit_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(kit_schema())


def place(path) -> str:
    """('questions', 3, 'options') -> 'questions[3].options'; () -> 'file'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or FILE


def line_of(lines: Lines | None, path: tuple) -> int | None:
    """The line of the node at ``path``, or of its nearest ancestor that has one."""
    if lines is None:
        return None
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def read_kit(text: str) -> tuple[dict, Lines]:
    """YAML text -> (the kit as plain data, the line of every path), validated; raises KitError."""
    if len(text.encode("utf-8")) > MAX_KIT_BYTES:
        raise KitError([Problem((), f"a kit file may be at most {MAX_KIT_BYTES // (1024 * 1024)} MB", 1)])
    try:
        loaded = yaml_lines.load(text)
    except yaml.YAMLError as exc:
        raise KitError([Problem((), f"not valid YAML: {_yaml_problem(exc)}", _yaml_line(exc, text))]) from None
    except RecursionError:
        raise KitError([Problem((), "not valid YAML: nested too deeply", 1)]) from None
    duplicates = [Problem(path, f"duplicate key {_quote(key)}", line) for path, key, line in loaded.duplicates]
    validate_kit(loaded.data, lines=loaded.lines, problems=duplicates)
    return loaded.data, loaded.lines


def parse_kit(text: str) -> dict:
    """YAML text -> the kit as plain data, validated; raises KitError."""
    return read_kit(text)[0]


def validate_kit(data: Any, *, lines: Lines | None = None, problems: list[Problem] | None = None) -> None:
    """Raise KitError listing every schema and cross-reference problem of the kit data (plus ``problems``)."""
    problems = list(problems or [])
    if not isinstance(data, dict):
        message = f'a kit file is a YAML mapping that starts with "format: {FORMAT}"'
        raise KitError([*problems, Problem((), message, line_of(lines, ()))])
    if "format" in data and data["format"] != FORMAT:
        # Another format means another schema: its other problems would only be noise.
        message = f"this is not a {FORMAT} kit file (format: {_show(data['format'])})"
        raise KitError([*problems, Problem(("format",), message, line_of(lines, ("format",)))])
    found = [*_schema_problems(data), *ReferenceCheck(data).problems]
    problems += [Problem(path, message, line_of(lines, path)) for path, message in found]
    if problems:
        raise KitError(problems)


# --- the schema -------------------------------------------------------------------------------

TYPE_NAMES = {"string": "text", "number": "a number", "integer": "a whole number", "object": "a mapping",
              "array": "a list", "boolean": "true or false", "null": "nothing"}
KIND_NAMES = {"coding_test": "coding test", "resume_criterion": "resume criterion",
              "work_simulation": "work simulation", "case_study": "case study"}
MIN_ITEMS = {"options": "a knockout needs at least two options",
             "variants": "a coding test needs at least one variant",
             "parts": "a case study needs at least one part",
             "levels": "a kit needs at least one level"}


def _schema_problems(data: dict) -> list[tuple[tuple, str]]:
    found: list[tuple[tuple, str]] = []
    for error in _validator().iter_errors(data):
        found += _explain(error, data)
    return found


def _explain(error, data: dict) -> list[tuple[tuple, str]]:
    path, value, rule, limit = tuple(error.absolute_path), error.instance, error.validator, error.validator_value
    if "propertyNames" in error.schema_path:  # value is the name of a field or of a level
        if rule == "enum":
            return [((*path, value), f"not a field of {_kind_phrase(_at(data, path))}")]
        return [((*path, value), _key_message(value, rule))]
    if rule == "additionalProperties":
        known = error.schema.get("properties", {})
        return [((*path, name), "unknown field") for name in value if name not in known]
    if rule == "required":
        return [(path, f"missing required field {_quote(name)}") for name in limit if name not in value]
    if rule == "type":
        return [(path, f"expected {TYPE_NAMES.get(limit, limit)}, got {_show(value)}")]
    if rule in ("pattern", "maxLength") and error.schema.get("pattern"):
        return [(path, _key_message(value, rule))]
    if rule == "const":
        return [(path, f"expected {_show(limit)}, got {_show(value)}")]
    if rule == "enum":
        return [(path, f"{_show(value)} is not one of {', '.join(map(str, limit))}")]
    if rule == "minItems":
        default = f"needs at least {limit} item{'s' if limit > 1 else ''}"
        return [(path, MIN_ITEMS.get(path[-1] if path else "", default))]
    if rule == "uniqueItems":
        seen: set[str] = set()
        repeats = []
        for index, item in enumerate(value):
            identity = json.dumps(item, sort_keys=True, default=str)
            if identity in seen:
                repeats.append(((*path, index), f"{_show(item)} is already listed"))
            seen.add(identity)
        return repeats
    if rule == "maxLength":
        return [(path, f"longer than {limit} characters")]
    if rule == "minLength":
        return [(path, "must not be empty")]
    if rule == "minimum":
        return [(path, f"{_show(value)} is below the minimum {_show(limit)}")]
    if rule == "maximum":
        return [(path, f"{_show(value)} is above the maximum {_show(limit)}")]
    if rule == "multipleOf":
        return [(path, f"{_show(value)} is not a whole or half step")]
    return [(path, error.message[:1].lower() + error.message[1:])]  # not expected with this schema


def _key_message(value: Any, rule: str) -> str:
    if rule == "maxLength":
        return f"{_show(value)} is longer than 80 characters, too long for a key"
    return f"{_show(value)} is not a key: use lowercase letters, digits and single dashes"


def _kind_phrase(question: Any) -> str:
    kind = question.get("kind") if isinstance(question, dict) else None
    name = KIND_NAMES.get(kind, kind) if isinstance(kind, str) else "this kind of"
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name} question"


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _show(value: Any) -> str:
    """A value as a kit author would write it: "text" quoted, numbers bare, never a Python repr."""
    if isinstance(value, str):
        return _quote(value if len(value) <= 40 else value[:39] + "…")
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


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None) if isinstance(exc, yaml.MarkedYAMLError) else None
    if context:  # "while parsing a flow sequence" reads best after the problem, "expected …" before it
        problem = f"{problem} ({context})" if context.startswith("while") else f"{context}, {problem}"
    return problem


def _yaml_line(exc: yaml.YAMLError, text: str) -> int:
    if isinstance(exc, yaml_lines.LoadError):
        return exc.line
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return mark.line + 1
    position = getattr(exc, "position", None)  # a reader error: a character YAML does not allow
    return text[:position].count("\n") + 1 if isinstance(position, int) else 1


# --- what a schema cannot say -----------------------------------------------------------------

def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _decimals(value: float | int) -> int:
    return max(0, -Decimal(str(value)).as_tuple().exponent)


def _entries(value: Any) -> list[tuple[int, dict]]:
    """The mappings of a list, with their indexes; anything of the wrong shape is the schema's to report."""
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)] \
        if isinstance(value, list) else []


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _keys(value: Any) -> list[tuple[int, str]]:
    return [(index, key) for index, key in enumerate(value) if isinstance(key, str)] \
        if isinstance(value, list) else []


class ReferenceCheck:
    """Keys unique per list, references that resolve, expectations on the scale, knockouts that can pass.

    Robust to malformed data: whatever has the wrong shape is skipped (the schema reports it).
    """

    def __init__(self, data: dict) -> None:
        self.data = data
        self.problems: list[tuple[tuple, str]] = []
        # A list whose keys are broken (or missing) is not checked against: that would only echo its problems.
        self.levels = self._unique(("levels",), "level", required=True)
        self.disciplines = self._unique(("disciplines",), "discipline", required=True)
        self.competencies = self._unique(("competencies",), "competency", required=True)
        self.attitudes = self._unique(("attitudes",), "attitude")
        self.questions = self._unique(("questions",), "question")
        self._scale()
        self._competencies()
        self._questions()
        self._loops()
        self._decision_rule()

    def add(self, path: tuple, message: str) -> None:
        self.problems.append((path, message))

    def _unique(self, path: tuple, what: str, *, required: bool = False) -> set[str] | None:
        """The keys of a list, after reporting repeats; None when the list is too broken to check against."""
        items: Any = self.data
        for part in path:
            items = items[part] if isinstance(items, dict | list) and _has(items, part) else None
        if items is None and not required:
            return set()
        if not isinstance(items, list):
            return None
        seen: set[str] = set()
        for index, item in _entries(items):
            key = item.get("key")
            if isinstance(key, str) and key in seen:
                self.add((*path, index, "key"), f"duplicate {what} key {_quote(key)}")
            if isinstance(key, str):
                seen.add(key)
        well_formed = all(isinstance(item, dict) and _is_key(item.get("key")) for item in items)
        return seen if well_formed else None

    def _refs(self, path: tuple, keys: Any, known: set[str] | None, what: str) -> None:
        if known is None:
            return
        for index, key in _keys(keys):
            if key not in known:
                self.add((*path, index), f"unknown {what} {_quote(key)}")

    def _scale(self) -> None:
        scale = self.data.get("scale", {"min": 1, "max": 5})
        low, high = (_mapping(scale).get(end) for end in ("min", "max"))
        self.scale = (low, high) if _is_number(low) and _is_number(high) and low < high else None
        if _is_number(low) and _is_number(high) and low >= high:
            self.add(("scale", "min"), f"{_show(low)} must be below the maximum {_show(high)}")

    def _competencies(self) -> None:
        level_order = [item["key"] for _, item in _entries(self.data.get("levels"))] if self.levels else []
        for index, competency in _entries(self.data.get("competencies")):
            path = ("competencies", index)
            discipline = competency.get("discipline")
            if isinstance(discipline, str) and self.disciplines is not None and discipline not in self.disciplines:
                self.add((*path, "discipline"), f"unknown discipline {_quote(discipline)}")
            expectations = competency.get("expectations")
            if not isinstance(expectations, dict):
                continue
            for level_key in level_order:
                if level_key not in expectations:
                    self.add((*path, "expectations"), f"missing the expectation at level {_quote(level_key)}")
            for level_key, expectation in expectations.items():
                if self.levels is None:
                    continue
                if level_key not in self.levels:
                    self.add((*path, "expectations", level_key), f"unknown level {_quote(level_key)}")
                else:
                    self._on_scale((*path, "expectations", level_key, "proficiency"),
                                   _mapping(expectation).get("proficiency"))

    def _on_scale(self, path: tuple, value: Any) -> None:
        if self.scale is None or not _is_number(value):
            return
        low, high = self.scale
        if value > high:
            self.add(path, f"{_show(value)} is above the scale maximum {_show(high)}")
        elif value < low:
            self.add(path, f"{_show(value)} is below the scale minimum {_show(low)}")

    def _questions(self) -> None:
        for index, question in _entries(self.data.get("questions")):
            path = ("questions", index)
            self._refs((*path, "competencies"), question.get("competencies"), self.competencies, "competency")
            self._refs((*path, "attitudes"), question.get("attitudes"), self.attitudes, "attitude")
            options = _entries(question.get("options"))
            if question.get("kind") == "knockout" and options and all(
                option.get("outcome") != "qualifies" for _, option in options
            ):
                self.add((*path, "options"), "a knockout needs at least one option that qualifies")
            self._unique((*path, "variants"), "variant")
            self._unique((*path, "parts"), "part")

    def _loops(self) -> None:
        self._unique(("loops",), "loop")
        for index, loop in _entries(self.data.get("loops")):
            self._unique(("loops", index, "stages"), "stage")
            for stage_index, stage in _entries(loop.get("stages")):
                self._unique(("loops", index, "stages", stage_index, "rounds"), "round")
                for round_index, round_ in _entries(stage.get("rounds")):
                    path = ("loops", index, "stages", stage_index, "rounds", round_index)
                    self._refs((*path, "questions"), round_.get("questions"), self.questions, "question")
                    self._refs((*path, "covers"), round_.get("covers"), self.competencies, "competency")

    def _decision_rule(self) -> None:
        rule = _mapping(self.data.get("decision_rule"))
        probability = rule.get("probability")
        if _is_number(probability) and _decimals(probability) > 2:
            self.add(("decision_rule", "probability"), f"{_show(probability)} has more than two decimals")
        for level_key, requirements in _mapping(rule.get("requirements")).items():
            path = ("decision_rule", "requirements", level_key)
            if self.levels is not None and level_key not in self.levels:
                self.add(path, f"unknown level {_quote(level_key)}")
            seen: set[str] = set()
            for index, requirement in _entries(requirements):
                key, weight = requirement.get("competency"), requirement.get("weight", 1)
                if isinstance(key, str) and self.competencies is not None and key not in self.competencies:
                    self.add((*path, index, "competency"), f"unknown competency {_quote(key)}")
                elif isinstance(key, str) and key in seen:
                    self.add((*path, index, "competency"), f"{_quote(key)} is already required at this level")
                if isinstance(key, str):
                    seen.add(key)
                if _is_number(weight) and _decimals(weight) > 2:
                    self.add((*path, index, "weight"), f"{_show(weight)} has more than two decimals")


def _is_key(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 80 and KEY.fullmatch(value) is not None


def _has(container: dict | list, part: str | int) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(part, int) and 0 <= part < len(container)
