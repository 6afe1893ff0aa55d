"""What would decide a level that has "not enough evidence". Pure: plain data in, plain out.

For each required competency, and for k = 1 … MAX_RATINGS more ratings of it by interviewers
not yet met, the candidate's posterior is updated as a normal model would update it: the mean
of k new ratings observes the competency's true score with error variance
``rating_variance / k``, and through the posterior covariance it also moves the other
competencies. Before the ratings are given their outcome is unknown, so the updated mean is a
draw from the preposterior N(mean, prior covariance - updated covariance); the chance that the
level is then decided (probability ≥ p or ≤ 1 - p) is exact for a compensatory rule (the
weighted mean is one normal variable) and, for a conjunctive rule, averaged over that draw by
Gauss–Hermite quadrature with quasi-random draws of the true scores. The competency that reaches ``SETTLE`` with the fewest ratings is named.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.special import roots_hermitenorm
from scipy.stats import norm, qmc

from hiring.leveling import (
    COMPENSATORY,
    NOT_ENOUGH_EVIDENCE,
    Covariance,
    Estimate,
    LevelSpec,
    Rule,
    covariance_matrix,
    level_verdict,
)

MAX_RATINGS = 8  # look no further: beyond this, more interviews are not a practical next step
SETTLE = 0.5  # "would most likely settle it": decided with at least this probability
UNASSESSED = "unassessed"  # a required competency nobody rated: rate it first
MORE_RATINGS = "more ratings"  # ``ratings`` more ratings of ``competency`` most likely decide the level
TOO_CLOSE = "too close"  # even MAX_RATINGS more ratings of any competency most likely leave it undecided

_NODES, _WEIGHTS = roots_hermitenorm(64)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()
_POINTS = 2048  # quasi-random draws of the candidate's true scores for the conjunctive rule


@dataclass(frozen=True)
class NextEvidence:
    """The most useful next evidence for one undecided level.

    - ``level``: the level's key.
    - ``kind``: UNASSESSED, MORE_RATINGS or TOO_CLOSE.
    - ``competency`` / ``label``: identity and display name of the competency to gather
      evidence on (for TOO_CLOSE: the one that comes nearest to settling it).
    - ``ratings``: about how many more ratings of it (each by an interviewer who has not yet
      rated the candidate) decide the level with probability ≥ SETTLE; None for UNASSESSED
      and TOO_CLOSE.
    - ``probability``: the chance the level is decided after ``ratings`` (TOO_CLOSE: after
      MAX_RATINGS) more ratings; None for UNASSESSED.
    - ``text``: one sentence for a hiring manager.
    """

    level: str
    kind: str
    competency: str
    label: str
    ratings: int | None
    probability: float | None
    text: str


def _normal_points(dim: int) -> np.ndarray:
    sobol = qmc.Sobol(dim, scramble=True, seed=0).random(_POINTS)
    return norm.ppf(np.clip(sobol, 1e-12, 1 - 1e-12))


def _chance_decided(means: np.ndarray, before: np.ndarray, bars: np.ndarray, weights: np.ndarray,
                    column: int, noise: float, rule: Rule, points: np.ndarray) -> float:
    observed = before[column, column] + noise
    gain = before[:, column] / np.sqrt(observed)
    after = before - np.outer(gain, gain)
    if rule.combine == COMPENSATORY:
        # Decided when the updated weighted gap is at least z updated SDs from 0, either way.
        gap = float(weights @ (means - bars))
        sd_after = np.sqrt(max(float(weights @ after @ weights), 0.0))
        moves = abs(float(weights @ gain))
        edge = norm.ppf(rule.probability) * sd_after
        if moves <= 0:
            return float(abs(gap) >= edge)
        return float(norm.sf((edge - gap) / moves) + norm.cdf((-edge - gap) / moves))
    moved = means[None, :] + _NODES[:, None] * gain[None, :]  # nodes x competencies
    root = np.linalg.cholesky(after + 1e-12 * np.eye(len(means)))
    truth = moved[:, None, :] + (points @ root.T)[None, :, :]
    prob = np.mean(np.all(truth >= bars, axis=2), axis=1)
    decided = (prob >= rule.probability) | (prob <= 1 - rule.probability)
    return float(_WEIGHTS @ decided)


def what_would_decide(level: LevelSpec, estimates: Mapping[str, Estimate], rule: Rule, *,
                      rating_variance: float, covariance: Covariance | None = None) -> NextEvidence | None:
    """The next evidence most likely to settle ``level``, or None when it is already decided.

    ``estimates`` and ``covariance`` are as for :func:`hiring.leveling.assess`;
    ``rating_variance`` (points², > 0) is the error variance of one more rating of this
    candidate around the true score: residual + interview halo + the variance of a new
    interviewer's severity (``hiring.calibration`` gives it as ``rating_variance``).
    Red flags are not considered: they are not settled by more ratings.
    """
    verdict = level_verdict(level, estimates, rule, covariance)
    if verdict.verdict != NOT_ENOUGH_EVIDENCE or not verdict.checks:
        return None
    if verdict.unassessed:
        check = next(c for c in verdict.checks if c.estimate is None)
        return NextEvidence(level.key, UNASSESSED, check.competency, check.label, None, None,
                            f"Nobody has rated {check.label} yet: this level cannot be decided without it.")
    names = [c.competency for c in verdict.checks]
    means = np.array([estimates[c].mean for c in names])
    bars = np.array([c.bar for c in verdict.checks])
    weights = np.array([c.weight for c in verdict.checks], dtype=float)
    weights = weights / weights.sum()
    before = covariance_matrix(names, estimates, covariance)
    points = None if rule.combine == COMPENSATORY else _normal_points(len(names))
    best: tuple[int, float, int] | None = None  # (ratings, -chance, check index); smallest wins
    nearest = (0.0, 0)
    for index in range(len(names)):
        for k in range(1, MAX_RATINGS + 1):
            chance = _chance_decided(means, before, bars, weights, index, rating_variance / k, rule, points)
            if chance >= SETTLE:
                best = min(best or (k, -chance, index), (k, -chance, index))
                break
            if k == MAX_RATINGS and chance > nearest[0]:
                nearest = (chance, index)
    if best is not None:
        k, chance, index = best[0], -best[1], best[2]
        check = verdict.checks[index]
        many = "One more rating" if k == 1 else f"About {k} more ratings"
        who = "an interviewer who has" if k == 1 else "interviewers who have"
        return NextEvidence(level.key, MORE_RATINGS, check.competency, check.label, k, chance,
                            f"{many} of {check.label}, from {who} not met the candidate yet, would most "
                            f"likely settle this level ({chance:.0%} chance).")
    chance, index = nearest
    check = verdict.checks[index]
    return NextEvidence(level.key, TOO_CLOSE, check.competency, check.label, None, chance,
                        f"The candidate is close to this level's bar: even {MAX_RATINGS} more ratings of "
                        f"{check.label} would settle it only with a {chance:.0%} chance. It is a judgement call.")
