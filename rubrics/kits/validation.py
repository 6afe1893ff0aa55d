"""Reading a kit file: YAML to plain data, then the JSON Schema, then the cross-references.

Every problem is reported at once, keyed by where it is in the file
(``questions[3].options``), so a recruiter can fix a kit in one pass.
"""

import json
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from jsonschema import Draft202012Validator

FORMAT = "hiring-kit/1"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "kit.schema.json"
MAX_KIT_BYTES = 2 * 1024 * 1024
FILE = "file"  # the error key for problems with the file as a whole


class KitError(ValidationError):
    """A kit file that cannot be imported; ``message_dict`` maps a place in the file to its problems."""


@cache
def kit_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(kit_schema())


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping instead of keeping the last one."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_kit(text: str) -> dict:
    """YAML text -> the kit as plain data, validated; raises KitError."""
    if len(text.encode("utf-8")) > MAX_KIT_BYTES:
        raise KitError({FILE: [f"A kit file may be at most {MAX_KIT_BYTES // (1024 * 1024)} MB."]})
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise KitError({FILE: [f"This is not valid YAML ({where}{problem})."]}) from None
    validate_kit(data)
    return data


def validate_kit(data: Any) -> None:
    """Raise KitError listing every schema and cross-reference problem of the kit data."""
    if not isinstance(data, dict):
        raise KitError({FILE: ["A kit file is a YAML mapping that starts with 'format: hiring-kit/1'."]})
    if data.get("format") != FORMAT:
        raise KitError({"format": [f"This is not a {FORMAT} kit file (format: {data.get('format')!r})."]})
    errors = _schema_errors(data)
    if not errors:
        errors = _ReferenceCheck(data).errors
    if errors:
        raise KitError(errors)


def place(path) -> str:
    """('questions', 3, 'options') -> 'questions[3].options'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or FILE


def _schema_errors(data: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        errors.setdefault(place(error.absolute_path), []).append(_explain(error))
    return errors


def _explain(error) -> str:
    if error.validator == "pattern":
        return f"{error.instance!r} is not a key: use lowercase letters, digits and single dashes."
    if "propertyNames" in error.schema_path:
        return f"{error.instance!r} is not a field of this kind of question."
    if error.validator == "enum":
        return f"{error.instance!r} is not one of: {', '.join(map(str, error.validator_value))}."
    if error.validator == "minItems":
        return f"Give at least {error.validator_value} item{'s' if error.validator_value > 1 else ''}."
    if error.validator == "maxLength":
        return f"This text is longer than {error.validator_value} characters."
    if error.validator == "multipleOf":
        return f"{error.instance} is not a whole or half step."
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties", "Fields") + "."
    return error.message[0].upper() + error.message[1:] + ("" if error.message.endswith(".") else ".")


def _decimals(value: float | int) -> int:
    return max(0, -Decimal(str(value)).as_tuple().exponent)


class _ReferenceCheck:
    """What a schema cannot say: keys unique per list, references that resolve, values within the scale."""

    def __init__(self, data: dict) -> None:
        self.data = data
        self.errors: dict[str, list[str]] = {}
        self.levels = self._unique(("levels",), data["levels"])
        self.disciplines = self._unique(("disciplines",), data["disciplines"])
        self.competencies = self._unique(("competencies",), data["competencies"])
        self.attitudes = self._unique(("attitudes",), data.get("attitudes", []))
        self.questions = self._unique(("questions",), data.get("questions", []))
        self._scale()
        self._competencies()
        self._questions()
        self._loops()
        self._decision_rule()

    def add(self, path: tuple, message: str) -> None:
        self.errors.setdefault(place(path), []).append(message)

    def _unique(self, path: tuple, items: list[dict]) -> set[str]:
        counts = Counter(item["key"] for item in items)
        for index, item in enumerate(items):
            if counts[item["key"]] > 1:
                self.add((*path, index, "key"), f"The key {item['key']!r} is used more than once in this list.")
        return set(counts)

    def _refs(self, path: tuple, keys: list[str], known: set[str], what: str) -> None:
        for index, key in enumerate(keys):
            if key not in known:
                self.add((*path, index), f"There is no {what} with the key {key!r}.")

    def _scale(self) -> None:
        scale = self.data.get("scale", {"min": 1, "max": 5})
        self.scale = (scale["min"], scale["max"])
        if scale["min"] >= scale["max"]:
            self.add(("scale",), f"The scale's min ({scale['min']}) must be below its max ({scale['max']}).")

    def _competencies(self) -> None:
        level_order = [level["key"] for level in self.data["levels"]]
        low, high = self.scale
        for index, competency in enumerate(self.data["competencies"]):
            path = ("competencies", index)
            if competency["discipline"] not in self.disciplines:
                self.add((*path, "discipline"), f"There is no discipline with the key {competency['discipline']!r}.")
            expectations = competency["expectations"]
            missing = [key for key in level_order if key not in expectations]
            if missing:
                self.add((*path, "expectations"), f"Missing the expectation at level(s): {', '.join(missing)}.")
            for level_key, expectation in expectations.items():
                if level_key not in self.levels:
                    self.add((*path, "expectations", level_key), f"There is no level with the key {level_key!r}.")
                elif not low <= expectation["proficiency"] <= high:
                    self.add((*path, "expectations", level_key, "proficiency"),
                             f"{expectation['proficiency']} is outside the scale {low}–{high}.")

    def _questions(self) -> None:
        for index, question in enumerate(self.data.get("questions", [])):
            path = ("questions", index)
            self._refs((*path, "competencies"), question.get("competencies", []), self.competencies, "competency")
            self._refs((*path, "attitudes"), question.get("attitudes", []), self.attitudes, "attitude")
            if question["kind"] == "knockout" and all(
                option["outcome"] != "qualifies" for option in question["options"]
            ):
                self.add((*path, "options"), "A knockout question needs at least one option that qualifies.")
            for sub in ("variants", "parts"):
                if sub in question:
                    self._unique((*path, sub), question[sub])

    def _loops(self) -> None:
        loops = self.data.get("loops", [])
        self._unique(("loops",), loops)
        for index, loop in enumerate(loops):
            stages = loop.get("stages", [])
            self._unique(("loops", index, "stages"), stages)
            for stage_index, stage in enumerate(stages):
                rounds = stage.get("rounds", [])
                self._unique(("loops", index, "stages", stage_index, "rounds"), rounds)
                for round_index, round_ in enumerate(rounds):
                    path = ("loops", index, "stages", stage_index, "rounds", round_index)
                    self._refs((*path, "questions"), round_.get("questions", []), self.questions, "question")
                    self._refs((*path, "covers"), round_.get("covers", []), self.competencies, "competency")

    def _decision_rule(self) -> None:
        rule = self.data.get("decision_rule")
        if rule is None:
            return
        if "probability" in rule and _decimals(rule["probability"]) > 2:
            self.add(("decision_rule", "probability"), "Give the probability with at most two decimals.")
        for level_key, requirements in rule.get("requirements", {}).items():
            path = ("decision_rule", "requirements", level_key)
            if level_key not in self.levels:
                self.add(path, f"There is no level with the key {level_key!r}.")
            counts = Counter(requirement["competency"] for requirement in requirements)
            for index, requirement in enumerate(requirements):
                key = requirement["competency"]
                if key not in self.competencies:
                    self.add((*path, index, "competency"), f"There is no competency with the key {key!r}.")
                elif counts[key] > 1:
                    self.add((*path, index, "competency"), f"The competency {key!r} is listed twice at this level.")
                if _decimals(requirement.get("weight", 1)) > 2:
                    self.add((*path, index, "weight"), "Give the weight with at most two decimals.")
