"""From calibrated estimates to a verdict per level. Pure: plain dataclasses in, plain out.

Units: estimates, standard errors and bars are on the role's proficiency scale (e.g. 1–5);
covariances are in points²; probabilities are in [0, 1]; attitude ratings are 1 (Strong No) …
4 (Strong Yes).

A candidate's competency estimates share the candidate's general level and each interview's
halo, so their posterior errors are correlated. ``covariance`` (pairs of competency
identities -> posterior covariance) carries that: compensatory rules use it for the variance
of the weighted mean, conjunctive rules for P(every required competency meets its bar) under
the joint normal posterior. Without it the estimates are treated as independent.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.stats import multivariate_normal, norm

MEETS = "meets"
DOES_NOT_MEET = "does not meet"
NOT_ENOUGH_EVIDENCE = "not enough evidence"
CONJUNCTIVE = "conjunctive"
COMPENSATORY = "compensatory"


@dataclass(frozen=True)
class Estimate:
    mean: float  # calibrated proficiency, on the role's scale
    se: float  # posterior standard deviation, same scale; 0 means known exactly
    n_ratings: int = 0  # ratings behind the estimate


# (competency identity, competency identity) -> posterior covariance of their estimates, points².
# Either order of a pair may be given; missing pairs are independent.
Covariance = Mapping[tuple[str, str], float]


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
    probability: float | None  # conjunctive: P(every one meets), joint; compensatory: the weighted mean's
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


def covariance_matrix(competencies: Sequence[str], estimates: Mapping[str, Estimate],
                      covariance: Covariance | None = None) -> np.ndarray:
    """The posterior covariance matrix (points²) of the named competencies' estimates, in order.

    The diagonal is se²; an off-diagonal entry comes from ``covariance`` (either order of the
    pair), clipped to a correlation in [-1, 1]; absent pairs are 0.
    """
    se = np.array([estimates[c].se for c in competencies], dtype=float)
    matrix = np.diag(se**2)
    if covariance:
        for i, a in enumerate(competencies):
            for j in range(i + 1, len(competencies)):
                b = competencies[j]
                value = covariance.get((a, b), covariance.get((b, a), 0.0))
                limit = se[i] * se[j]
                matrix[i, j] = matrix[j, i] = min(max(float(value), -limit), limit)
    return matrix


def probability_all_meet(means: Sequence[float], matrix: np.ndarray, bars: Sequence[float]) -> float:
    """P(x_k >= bar_k for every k) for x ~ N(means, matrix) (points, points²).

    Exactly known components (variance 0) either pass or make the answer 0. Two or more
    uncertain ones use Genz's integration (scipy), seeded so equal inputs give equal answers.
    """
    gap = np.asarray(means, dtype=float) - np.asarray(bars, dtype=float)
    sd = np.sqrt(np.clip(np.diag(matrix), 0.0, None))
    known = sd <= 0
    if np.any(gap[known] < 0):
        return 0.0
    free = np.flatnonzero(~known)
    if len(free) == 0:
        return 1.0
    if len(free) == 1:
        return float(norm.cdf(gap[free[0]] / sd[free[0]]))
    # In units of each SD, so the integration tolerance means the same at every scale.
    scaled = matrix[np.ix_(free, free)] / np.outer(sd[free], sd[free])
    value = multivariate_normal.cdf(gap[free] / sd[free], mean=np.zeros(len(free)), cov=scaled,
                                    allow_singular=True, abseps=1e-6, releps=1e-6, rng=0)
    return float(min(max(value, 0.0), 1.0))


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


def _joint(checks: list[CompetencyCheck], estimates: Mapping[str, Estimate],
           covariance: Covariance | None) -> float | None:
    rated = [c for c in checks if c.estimate is not None]
    if not rated:
        return None
    matrix = covariance_matrix([c.competency for c in rated], estimates, covariance)
    return probability_all_meet([c.estimate.mean for c in rated], matrix, [c.bar for c in rated])


def _conjunctive(checks: list[CompetencyCheck], p: float, joint: float | None) -> tuple[str, float | None, str]:
    failing = [c.label for c in checks if c.verdict == DOES_NOT_MEET]
    if failing:
        return DOES_NOT_MEET, joint, f"Below the bar with probability ≥ {p:.0%}: {', '.join(failing)}."
    missing = [c.label for c in checks if c.estimate is None]
    if missing:
        return NOT_ENOUGH_EVIDENCE, joint, f"Never assessed: {', '.join(missing)}."
    if joint >= p:
        return MEETS, joint, f"Every required competency meets its bar, together, with probability ≥ {p:.0%}."
    if joint <= 1 - p:
        weakest = sorted(checks, key=lambda c: c.probability)[:2]
        names = " and ".join(c.label for c in weakest)
        return DOES_NOT_MEET, joint, (f"Each competency might meet its bar, but all of them together do so with "
                                      f"probability ≤ {1 - p:.0%}; weakest: {names}.")
    unsure = [c.label for c in checks if c.verdict == NOT_ENOUGH_EVIDENCE]
    if unsure:
        return NOT_ENOUGH_EVIDENCE, joint, f"Interval too wide to decide: {', '.join(unsure)}."
    return NOT_ENOUGH_EVIDENCE, joint, ("Each competency is likely to meet its bar, but together they fall short "
                                        f"of {p:.0%}.")


def weighted_gap(checks: Sequence[CompetencyCheck], estimates: Mapping[str, Estimate],
                 covariance: Covariance | None) -> tuple[float, float]:
    """(mean, posterior SD) of the weighted mean of (estimate - bar) over rated checks, points."""
    total = sum(c.weight for c in checks)
    weights = np.array([c.weight for c in checks]) / total
    gap = float(weights @ np.array([c.estimate.mean - c.bar for c in checks]))
    matrix = covariance_matrix([c.competency for c in checks], estimates, covariance)
    return gap, float(np.sqrt(max(weights @ matrix @ weights, 0.0)))


def _compensatory(checks: list[CompetencyCheck], p: float, estimates: Mapping[str, Estimate],
                  covariance: Covariance | None) -> tuple[str, float | None, str]:
    missing = [c.label for c in checks if c.estimate is None]
    if missing:
        return NOT_ENOUGH_EVIDENCE, None, f"Never assessed: {', '.join(missing)}."
    gap, se = weighted_gap(checks, estimates, covariance)
    prob = probability_meets(Estimate(gap, se), 0.0)
    verdict = classify(prob, p)
    reason = {
        MEETS: f"Weighted mean is {gap:+.2f} points from the bars; meets with probability ≥ {p:.0%}.",
        DOES_NOT_MEET: f"Weighted mean is {gap:+.2f} points from the bars; below with probability ≥ {p:.0%}.",
        NOT_ENOUGH_EVIDENCE: f"Weighted mean is {gap:+.2f} ± {1.96 * se:.2f} points: too wide to decide.",
    }[verdict]
    return verdict, prob, reason


def level_verdict(level: LevelSpec, estimates: Mapping[str, Estimate], rule: Rule,
                  covariance: Covariance | None = None) -> LevelVerdict:
    """The verdict for one level from the estimates alone (no red flags)."""
    checks = _checks(level, estimates, rule.probability)
    if not checks:
        verdict, prob, reason = NOT_ENOUGH_EVIDENCE, None, "The decision rule names no competency for this level."
    elif rule.combine == COMPENSATORY:
        verdict, prob, reason = _compensatory(checks, rule.probability, estimates, covariance)
    elif rule.combine == CONJUNCTIVE:
        verdict, prob, reason = _conjunctive(checks, rule.probability, _joint(checks, estimates, covariance))
    else:
        raise ValueError(f"unknown combine {rule.combine!r}")
    unassessed = tuple(c.competency for c in checks if c.estimate is None)
    return LevelVerdict(level.key, level.name, level.rank, verdict, prob, reason, tuple(checks), unassessed,
                        evidence_verdict=verdict)


def red_flags(attitudes: Sequence[AttitudeScore], rule: Rule) -> tuple[AttitudeScore, ...]:
    """Every attitude rating at or below the rule's red-flag rating."""
    return tuple(a for a in attitudes if a.score <= rule.red_flag_rating)


def assess(levels: Sequence[LevelSpec], estimates: Mapping[str, Estimate], rule: Rule,
           attitudes: Sequence[AttitudeScore] = (), covariance: Covariance | None = None) -> Leveling:
    """Verdict per level, recommended level (highest met) and red flags.

    ``estimates`` maps competency identity -> calibrated Estimate; a competency absent from it
    was never rated. ``covariance`` gives the posterior covariances between the candidate's
    estimates (see the module docstring). When red flags block, a level the ratings would call
    "meets" becomes "does not meet" and its reason names the flags.
    """
    flags = red_flags(attitudes, rule)
    verdicts = []
    for level in sorted(levels, key=lambda lv: lv.rank):
        v = level_verdict(level, estimates, rule, covariance)
        if flags and rule.red_flags_block and v.verdict == MEETS:
            named = ", ".join(sorted({f.attitude for f in flags}))
            v = LevelVerdict(v.key, v.name, v.rank, DOES_NOT_MEET, v.probability,
                             f"Blocked by attitude red flag(s): {named}. The ratings alone meet this level.",
                             v.checks, v.unassessed, evidence_verdict=MEETS)
        verdicts.append(v)
    met = [v for v in verdicts if v.verdict == MEETS]
    return Leveling(tuple(verdicts), met[-1].key if met else None, flags)
