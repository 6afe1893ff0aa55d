"""Reading a kit file: YAML to plain data, then the JSON Schema and the cross-references.

Every problem is reported at once as ``place: message (line N)`` — the place in the file
(``questions[3].options``) and the line it is on — so a recruiter can fix a kit in one pass.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from jsonschema import Draft202012Validator

from rubrics.kits import upgrade, yaml_lines
from rubrics.kits.references import ReferenceCheck
from rubrics.kits.wording import quote, show

FORMAT = "hiring-kit/2"
ITEM_PATTERN = "^[^\\n]*$"  # as the schema's $defs/item
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "kit.schema.json"
MAX_KIT_BYTES = 2 * 1024 * 1024
FILE = "file"  # the place of problems with the file as a whole

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
    data, lines, _ = read_kit_noting(text)
    return data, lines


def read_kit_noting(text: str) -> tuple[dict, Lines, list[str]]:
    """As ``read_kit``, plus the notes on converting a file of the previous format (else none)."""
    if len(text.encode("utf-8")) > MAX_KIT_BYTES:
        raise KitError([Problem((), f"a kit file may be at most {MAX_KIT_BYTES // (1024 * 1024)} MB", 1)])
    try:
        loaded = yaml_lines.load(text)
    except yaml.YAMLError as exc:
        raise KitError([Problem((), f"not valid YAML: {_yaml_problem(exc)}", _yaml_line(exc, text))]) from None
    except RecursionError:
        raise KitError([Problem((), "not valid YAML: nested too deeply", 1)]) from None
    duplicates = [Problem(path, f"duplicate key {quote(key)}", line) for path, key, line in loaded.duplicates]
    notes = []
    if isinstance(loaded.data, dict) and loaded.data.get("format") == upgrade.PREVIOUS:
        notes = [f"converted from {upgrade.PREVIOUS} to {FORMAT}", *upgrade.upgrade(loaded.data, FORMAT)]
    validate_kit(loaded.data, lines=loaded.lines, problems=duplicates)
    return loaded.data, loaded.lines, notes


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
        message = f"this is not a {FORMAT} kit file (format: {show(data['format'])})"
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
        return [(path, f"missing required field {quote(name)}") for name in limit if name not in value]
    if rule == "type":
        return [(path, f"expected {TYPE_NAMES.get(limit, limit)}, got {show(value)}")]
    if rule == "pattern" and error.schema.get("pattern") == ITEM_PATTERN:
        return [(path, "a list item is one line: write each item as its own list entry")]
    if rule in ("pattern", "maxLength") and error.schema.get("pattern"):
        return [(path, _key_message(value, rule))]
    if rule == "const":
        return [(path, f"expected {show(limit)}, got {show(value)}")]
    if rule == "enum":
        return [(path, f"{show(value)} is not one of {', '.join(map(str, limit))}")]
    if rule == "minItems":
        default = f"needs at least {limit} item{'s' if limit > 1 else ''}"
        return [(path, MIN_ITEMS.get(path[-1] if path else "", default))]
    if rule == "uniqueItems":
        seen: set[str] = set()
        repeats = []
        for index, item in enumerate(value):
            identity = json.dumps(item, sort_keys=True, default=str)
            if identity in seen:
                repeats.append(((*path, index), f"{show(item)} is already listed"))
            seen.add(identity)
        return repeats
    if rule == "maxLength":
        return [(path, f"longer than {limit} characters")]
    if rule == "minLength":
        return [(path, "must not be empty")]
    if rule == "minimum":
        return [(path, f"{show(value)} is below the minimum {show(limit)}")]
    if rule == "maximum":
        return [(path, f"{show(value)} is above the maximum {show(limit)}")]
    if rule == "multipleOf":
        return [(path, f"{show(value)} is not a whole or half step")]
    return [(path, error.message[:1].lower() + error.message[1:])]  # not expected with this schema


def _key_message(value: Any, rule: str) -> str:
    if rule == "maxLength":
        return f"{show(value)} is longer than 80 characters, too long for a key"
    return f"{show(value)} is not a key: use lowercase letters, digits and single dashes"


def _kind_phrase(question: Any) -> str:
    kind = question.get("kind") if isinstance(question, dict) else None
    name = KIND_NAMES.get(kind, kind) if isinstance(kind, str) else "this kind of"
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name} question"


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


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
