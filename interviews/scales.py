"""Conversions to the scoring scale of DESIGN.md "The scoring scale". Pure: no database access.

Every competency score is on the role's proficiency scale (e.g. 1–5, half steps allowed):
- a competency question is rated by picking the level whose expectation best matches what the
  candidate showed, or a half step between two adjacent levels; the score is that level's
  expected proficiency for the competency (the mean of both levels' for a half step);
- an exercise is rated Below / Meets / Exceeds against the interview's target level; the score
  is the target level's expected proficiency plus the role's offset for the rating. It is NOT
  clipped to the role's scale: at the top level (whose expectation is often the scale maximum)
  an Exceeds scores above the maximum, and at the bottom a Below scores under the minimum, so
  Exceeds and Meets (and Meets and Below) stay distinguishable at every level. Calibration takes
  the score as it is; pages show it as it is ("6.0 on 1–5: above the top level's bar");
- attitudes use 1–4 (Strong No … Strong Yes).
"""

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

HALF_STEP_SUFFIX = "+"
EXERCISE_RATINGS = ("below", "meets", "exceeds")
ATTITUDE_SCORES = (1, 2, 3, 4)
# A yes/no resume criterion is scored at the ends of the 1–4 scale, so it weighs in the rule's mean.
RESUME_YES, RESUME_NO = 4, 1


def resume_answer(score: int, *, yes_no: bool) -> str:
    """A resume criterion's score as a reviewer gave it: "Yes"/"No" for a yes/no criterion, else "3 of 4"."""
    if yes_no:
        return "Yes" if score == RESUME_YES else "No"
    return f"{score} of 4"


def level_choice_keys(level_keys: Sequence[str]) -> list[str]:
    """The choices of a level-based rating, lowest first: each level key, and between two
    adjacent levels a half step written as the lower level's key followed by "+"."""
    keys: list[str] = []
    for index, key in enumerate(level_keys):
        keys.append(key)
        if index + 1 < len(level_keys):
            keys.append(key + HALF_STEP_SUFFIX)
    return keys


def level_choice_score(choice: str, level_keys: Sequence[str],
                       proficiency: Mapping[str, Decimal]) -> Decimal | None:
    """A level choice -> proficiency on the competency's scale.

    level_keys: the role's level keys, lowest rank first. proficiency: level key -> that
    level's expected proficiency for one competency. Returns None when the choice is not a
    valid level choice or a level it needs has no expectation for this competency.
    """
    if choice.endswith(HALF_STEP_SUFFIX):
        lower = choice[: -len(HALF_STEP_SUFFIX)]
        if lower not in level_keys:
            return None
        index = level_keys.index(lower)
        if index + 1 >= len(level_keys):
            return None
        upper = level_keys[index + 1]
        if lower not in proficiency or upper not in proficiency:
            return None
        return (proficiency[lower] + proficiency[upper]) / 2
    return proficiency.get(choice) if choice in level_keys else None


def exercise_score(rating: str, *, target: Decimal, below: Decimal, exceeds: Decimal) -> Decimal | None:
    """Below / Meets / Exceeds -> target proficiency + below / 0 / exceeds (not clipped: see above)."""
    offsets = {"below": below, "meets": Decimal(0), "exceeds": exceeds}
    if rating not in offsets:
        return None
    return target + offsets[rating]


def weighted_mean(scores: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """(score, weight) pairs -> the weighted mean rounded to one decimal (half up); None for none."""
    total = sum((weight for _, weight in scores), Decimal(0))
    if not scores or total <= 0:
        return None
    mean = sum((score * weight for score, weight in scores), Decimal(0)) / total
    return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def attitude_score(choice: str) -> int | None:
    """"1"…"4" -> 1…4; anything else -> None."""
    return int(choice) if choice in {str(score) for score in ATTITUDE_SCORES} else None


def nearest_level_choice(score: Decimal, level_keys: Sequence[str],
                         proficiency: Mapping[str, Decimal]) -> str | None:
    """The level choice whose proficiency is closest to ``score`` (ties go to the lower one).

    Used to prefill a competency rating from the mean of the answers' scores, and to show a
    stored proficiency as the level choice it came from.
    """
    best: tuple[Decimal, str] | None = None
    for choice in level_choice_keys(level_keys):
        value = level_choice_score(choice, level_keys, proficiency)
        if value is None:
            continue
        distance = abs(value - score)
        if best is None or distance < best[0]:
            best = (distance, choice)
    return best[1] if best else None


def mean_score(scores: Sequence[Decimal]) -> Decimal | None:
    """The mean of the scores rounded to one decimal (half up); None for no scores."""
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def choice_label(choice: str, levels: Sequence[tuple[str, str]]) -> str:
    """A stored rating choice as people read it: "mid" -> "Mid", "junior+" -> "Between Junior and Mid",
    "exceeds" -> "Exceeds". levels: (key, name) of the role's levels, lowest rank first."""
    if choice in EXERCISE_RATINGS:
        return choice.capitalize()
    keys = [key for key, _ in levels]
    names = dict(levels)
    if choice.endswith(HALF_STEP_SUFFIX) and choice[:-1] in names:
        index = keys.index(choice[:-1])
        if index + 1 < len(keys):
            return f"Between {names[keys[index]]} and {names[keys[index + 1]]}"
    return names.get(choice, choice)
