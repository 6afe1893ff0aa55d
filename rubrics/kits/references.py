"""What a kit's JSON Schema cannot say: keys unique per list, references that resolve,
expectations on the scale, knockouts that someone can pass.
"""

import re
from decimal import Decimal
from typing import Any

from rubrics.kits.wording import quote, show

KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # as the schema's $defs/key


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
                self.add((*path, index, "key"), f"duplicate {what} key {quote(key)}")
            if isinstance(key, str):
                seen.add(key)
        well_formed = all(isinstance(item, dict) and _is_key(item.get("key")) for item in items)
        return seen if well_formed else None

    def _refs(self, path: tuple, keys: Any, known: set[str] | None, what: str) -> None:
        if known is None:
            return
        for index, key in _keys(keys):
            if key not in known:
                self.add((*path, index), f"unknown {what} {quote(key)}")

    def _scale(self) -> None:
        scale = self.data.get("scale", {"min": 1, "max": 5})
        low, high = (_mapping(scale).get(end) for end in ("min", "max"))
        self.scale = (low, high) if _is_number(low) and _is_number(high) and low < high else None
        if _is_number(low) and _is_number(high) and low >= high:
            self.add(("scale", "min"), f"{show(low)} must be below the maximum {show(high)}")

    def _competencies(self) -> None:
        level_order = [item["key"] for _, item in _entries(self.data.get("levels"))] if self.levels else []
        for index, competency in _entries(self.data.get("competencies")):
            path = ("competencies", index)
            discipline = competency.get("discipline")
            if isinstance(discipline, str) and self.disciplines is not None and discipline not in self.disciplines:
                self.add((*path, "discipline"), f"unknown discipline {quote(discipline)}")
            expectations = competency.get("expectations")
            if not isinstance(expectations, dict):
                continue
            for level_key in level_order:
                if level_key not in expectations:
                    self.add((*path, "expectations"), f"missing the expectation at level {quote(level_key)}")
            for level_key, expectation in expectations.items():
                if self.levels is None:
                    continue
                if level_key not in self.levels:
                    self.add((*path, "expectations", level_key), f"unknown level {quote(level_key)}")
                else:
                    self._on_scale((*path, "expectations", level_key, "proficiency"),
                                   _mapping(expectation).get("proficiency"))

    def _on_scale(self, path: tuple, value: Any) -> None:
        if self.scale is None or not _is_number(value):
            return
        low, high = self.scale
        if value > high:
            self.add(path, f"{show(value)} is above the scale maximum {show(high)}")
        elif value < low:
            self.add(path, f"{show(value)} is below the scale minimum {show(low)}")

    def _questions(self) -> None:
        for index, question in _entries(self.data.get("questions")):
            path = ("questions", index)
            self._evidence(path, question)
            self._refs((*path, "levels"), question.get("levels"), self.levels, "level")
            self._level_keys((*path, "level_rationale"), question.get("level_rationale"))
            for part_index, part in _entries(question.get("parts")):
                self._evidence((*path, "parts", part_index), part)
                self._level_keys((*path, "parts", part_index, "level_notes"), part.get("level_notes"))
            options = _entries(question.get("options"))
            if question.get("kind") == "knockout" and options and all(
                option.get("outcome") != "qualifies" for _, option in options
            ):
                self.add((*path, "options"), "a knockout needs at least one option that qualifies")
            self._unique((*path, "variants"), "variant")
            self._unique((*path, "parts"), "part")

    def _evidence(self, path: tuple, item: dict) -> None:
        """What a question or case-study part declares it evidences, and the weights of those."""
        self._refs((*path, "competencies"), item.get("competencies"), self.competencies, "competency")
        self._refs((*path, "attitudes"), item.get("attitudes"), self.attitudes, "attitude")
        declared = {key for _, key in _keys(item.get("competencies"))} | {key for _, key in _keys(item.get("attitudes"))}
        for key in _mapping(item.get("weights")):
            if key not in declared:
                self.add((*path, "weights", key), f"{quote(key)} is not among the competencies or attitudes declared here")
        if item.get("notes_only") is True and declared:
            self.add((*path, "notes_only"), "notes-only evidences nothing: remove it or the competencies and attitudes")

    def _level_keys(self, path: tuple, texts: Any) -> None:
        if self.levels is None:
            return
        for key in _mapping(texts):
            if key not in self.levels:
                self.add((*path, key), f"unknown level {quote(key)}")

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
            self.add(("decision_rule", "probability"), f"{show(probability)} has more than two decimals")
        for level_key, requirements in _mapping(rule.get("requirements")).items():
            path = ("decision_rule", "requirements", level_key)
            if self.levels is not None and level_key not in self.levels:
                self.add(path, f"unknown level {quote(level_key)}")
            seen: set[str] = set()
            for index, requirement in _entries(requirements):
                key, weight = requirement.get("competency"), requirement.get("weight", 1)
                if isinstance(key, str) and self.competencies is not None and key not in self.competencies:
                    self.add((*path, index, "competency"), f"unknown competency {quote(key)}")
                elif isinstance(key, str) and key in seen:
                    self.add((*path, index, "competency"), f"{quote(key)} is already required at this level")
                if isinstance(key, str):
                    seen.add(key)
                if _is_number(weight) and _decimals(weight) > 2:
                    self.add((*path, index, "weight"), f"{show(weight)} has more than two decimals")


def _is_key(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 80 and KEY.fullmatch(value) is not None


def _has(container: dict | list, part: str | int) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(part, int) and 0 <= part < len(container)
