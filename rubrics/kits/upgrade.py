"""Kit files of the previous format (hiring-kit/1) -> the current one, with a note on each change.

hiring-kit/1 wrote lists (what to prepare, ground rules, a scenario role's constraints …) as text
blocks, and had no way for an exercise to say it evidences nothing on purpose. On the way in:
- each of those texts becomes a list, one item per non-blank line;
- an exercise that declares no competency or attitude (and a case study whose parts inherit
  nothing) is marked ``notes_only``, so that it still publishes and says plainly that its rating
  moves no verdict; the note names it so the author can declare its evidence instead.
No Django here.
"""

from typing import Any

PREVIOUS = "hiring-kit/1"
QUESTION_LISTS = ("what_to_prepare", "deliverables", "ground_rules", "success_criteria", "review_beforehand")
ROLE_LISTS = ("constraints", "tensions", "guidance", "avoid")
EXERCISES = {"coding_test", "presentation", "work_simulation", "case_study"}


def text_items(text: str) -> list[str]:
    """A text block -> its non-blank lines, stripped (a leading "- " bullet dropped)."""
    items = []
    for line in text.splitlines():
        line = line.strip()
        line = line[2:].strip() if line.startswith("- ") else line
        if line:
            items.append(line)
    return items


def upgrade(data: Any, current: str) -> list[str]:
    """Convert ``data`` (a hiring-kit/1 kit, changed in place) to ``current``; the notes on what changed."""
    notes: list[str] = []
    data["format"] = current
    questions = data.get("questions")
    for index, question in enumerate(questions if isinstance(questions, list) else []):
        if not isinstance(question, dict):
            continue
        place = f"questions[{index}]"
        converted = _lists(question, QUESTION_LISTS)
        for role_index, role in enumerate(question.get("scenario_roles") or []):
            if isinstance(role, dict):
                converted += [f"scenario_roles[{role_index}].{name}" for name in _lists(role, ROLE_LISTS)]
        if converted:
            notes.append(f"{place}: {', '.join(converted)} turned into a list, one item per line")
        if question.get("kind") in EXERCISES and not (question.get("competencies") or question.get("attitudes")):
            question["notes_only"] = True
            notes.append(f"{place}: declares no competency or attitude, so it was marked notes_only "
                         "(its rating moves no verdict); declare what it evidences to count it")
    return notes


def _lists(item: dict, names: tuple[str, ...]) -> list[str]:
    done = []
    for name in names:
        if isinstance(item.get(name), str):
            item[name] = text_items(item[name])
            done.append(name)
    return done
