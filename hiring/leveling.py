"""From calibrated estimates to a verdict per level. Pure: plain dataclasses in, plain out.

Units: estimates, standard errors and bars are on the role's proficiency scale (e.g. 1–5);
probabilities are in [0, 1]; attitude ratings are 1 (Strong No) … 4 (Strong Yes).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from scipy.stats import norm

MEETS = "meets"
DOES_NOT_MEET = "does not meet"
NOT_ENOUGH_EVIDENCE = "not enough evidence"
CONJUNCTIVE = "conjunctive"
COMPENSATORY = "compensatory"


@dataclass(frozen=True)
class Estimate:
    mean: float  # calibrated proficiency, on the role's scale
    se: float  # posterior standard deviation, same scale; 0 means known exactly


@dataclass(frozen=True)
class Requirement:
    competency: str  # the competency's identity (e.g. "data-scientist:sql")
    bar: float  # the level's expected proficiency, on the role's scale
    weight: float = 1.0  # weight in the compensatory mean
    label: str = ""  # how reasons name it; the identity when empty


@dataclass(frozen=True)
class LevelSpec:
    key: str
    name: str
    rank: int  # 1 = most junior
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class Rule:
    combine: str  # CONJUNCTIVE or COMPENSATORY
    probability: float  # p in [0.5, 1): P >= p meets, P <= 1 - p does not meet
    red_flag_rating: int = 1  # an attitude rating <= this is a red flag
    red_flags_block: bool = True  # a red flag forbids "meets" at every level


@dataclass(frozen=True)
class AttitudeScore:
    attitude: str
    interviewer: str
    score: int  # 1 Strong No … 4 Strong Yes


@dataclass(frozen=True)
class CompetencyCheck:
    competency: str
    bar: float
    weight: float
    estimate: Estimate | None  # None: nobody rated it
    probability: float | None  # P(true proficiency >= bar); None when not rated
    verdict: str
    label: str = ""


@dataclass(frozen=True)
class LevelVerdict:
    key: str
    name: str
    rank: int
    verdict: str
    probability: float | None  # conjunctive: the weakest competency's; compensatory: the mean's
    reason: str
    checks: tuple[CompetencyCheck, ...]
    unassessed: tuple[str, ...]  # required competencies nobody rated
    evidence_verdict: str = ""  # the verdict the ratings alone give, before red flags


@dataclass(frozen=True)
class Leveling:
    levels: tuple[LevelVerdict, ...]  # in rank order
    recommended: str | None  # key of the highest level met; None when none is
    red_flags: tuple[AttitudeScore, ...] = field(default=())


def probability_meets(estimate: Estimate, bar: float) -> float:
    """P(true proficiency >= bar) under a normal posterior N(mean, se²)."""
    if estimate.se <= 0:
        return 1.0 if estimate.mean >= bar else 0.0
    return float(norm.sf(bar, loc=estimate.mean, scale=estimate.se))


def classify(probability: float, p: float) -> str:
    """>= p meets, <= 1 - p does not meet, between: the interval is too wide to decide."""
    if probability >= p:
        return MEETS
    if probability <= 1 - p:
        return DOES_NOT_MEET
    return NOT_ENOUGH_EVIDENCE


def _checks(level: LevelSpec, estimates: Mapping[str, Estimate], p: float) -> list[CompetencyCheck]:
    checks = []
    for req in level.requirements:
        est = estimates.get(req.competency)
        prob = None if est is None else probability_meets(est, req.bar)
        verdict = NOT_ENOUGH_EVIDENCE if prob is None else classify(prob, p)
        checks.append(CompetencyCheck(req.competency, req.bar, req.weight, est, prob, verdict,
                                      req.label or req.competency))
    return checks


def _conjunctive(checks: list[CompetencyCheck], p: float) -> tuple[str, float | None, str]:
    rated = [c for c in checks if c.probability is not None]
    weakest = min((c.probability for c in rated), default=None)
    failing = [c.label for c in checks if c.verdict == DOES_NOT_MEET]
    if failing:
        return DOES_NOT_MEET, weakest, f"Below the bar with probability ≥ {p:.0%}: {', '.join(failing)}."
    missing = [c.label for c in checks if c.estimate is None]
    if missing:
        return NOT_ENOUGH_EVIDENCE, weakest, f"Never assessed: {', '.join(missing)}."
    unsure = [c.label for c in checks if c.verdict == NOT_ENOUGH_EVIDENCE]
    if unsure:
        return NOT_ENOUGH_EVIDENCE, weakest, f"Interval too wide to decide: {', '.join(unsure)}."
    return MEETS, weakest, f"Every required competency meets its bar with probability ≥ {p:.0%}."


def _compensatory(checks: list[CompetencyCheck], p: float) -> tuple[str, float | None, str]:
    missing = [c.label for c in checks if c.estimate is None]
    if missing:
        return NOT_ENOUGH_EVIDENCE, None, f"Never assessed: {', '.join(missing)}."
    total = sum(c.weight for c in checks)
    gap = sum(c.weight * (c.estimate.mean - c.bar) for c in checks) / total
    # Independence between competencies' posteriors is assumed.
    se = sum((c.weight * c.estimate.se) ** 2 for c in checks) ** 0.5 / total
    prob = probability_meets(Estimate(gap, se), 0.0)
    verdict = classify(prob, p)
    reason = {
        MEETS: f"Weighted mean is {gap:+.2f} points from the bars; meets with probability ≥ {p:.0%}.",
        DOES_NOT_MEET: f"Weighted mean is {gap:+.2f} points from the bars; below with probability ≥ {p:.0%}.",
        NOT_ENOUGH_EVIDENCE: f"Weighted mean is {gap:+.2f} ± {1.96 * se:.2f} points: too wide to decide.",
    }[verdict]
    return verdict, prob, reason


def level_verdict(level: LevelSpec, estimates: Mapping[str, Estimate], rule: Rule) -> LevelVerdict:
    """The verdict for one level from the estimates alone (no red flags)."""
    checks = _checks(level, estimates, rule.probability)
    if not checks:
        verdict, prob, reason = NOT_ENOUGH_EVIDENCE, None, "The decision rule names no competency for this level."
    elif rule.combine == COMPENSATORY:
        verdict, prob, reason = _compensatory(checks, rule.probability)
    elif rule.combine == CONJUNCTIVE:
        verdict, prob, reason = _conjunctive(checks, rule.probability)
    else:
        raise ValueError(f"unknown combine {rule.combine!r}")
    unassessed = tuple(c.competency for c in checks if c.estimate is None)
    return LevelVerdict(level.key, level.name, level.rank, verdict, prob, reason, tuple(checks), unassessed,
                        evidence_verdict=verdict)


def red_flags(attitudes: Sequence[AttitudeScore], rule: Rule) -> tuple[AttitudeScore, ...]:
    """Every attitude rating at or below the rule's red-flag rating."""
    return tuple(a for a in attitudes if a.score <= rule.red_flag_rating)


def assess(levels: Sequence[LevelSpec], estimates: Mapping[str, Estimate], rule: Rule,
           attitudes: Sequence[AttitudeScore] = ()) -> Leveling:
    """Verdict per level, recommended level (highest met) and red flags.

    ``estimates`` maps competency identity -> calibrated Estimate; a competency absent from it
    was never rated. When red flags block, a level the ratings would call "meets" becomes
    "does not meet" and its reason names the flags.
    """
    flags = red_flags(attitudes, rule)
    verdicts = []
    for level in sorted(levels, key=lambda lv: lv.rank):
        v = level_verdict(level, estimates, rule)
        if flags and rule.red_flags_block and v.verdict == MEETS:
            named = ", ".join(sorted({f.attitude for f in flags}))
            v = LevelVerdict(v.key, v.name, v.rank, DOES_NOT_MEET, v.probability,
                             f"Blocked by attitude red flag(s): {named}. The ratings alone meet this level.",
                             v.checks, v.unassessed, evidence_verdict=MEETS)
        verdicts.append(v)
    met = [v for v in verdicts if v.verdict == MEETS]
    return Leveling(tuple(verdicts), met[-1].key if met else None, flags)
