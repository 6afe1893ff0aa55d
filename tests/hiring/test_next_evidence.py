import numpy as np
import pytest
from scipy.stats import norm

from hiring.leveling import COMPENSATORY, CONJUNCTIVE, Estimate, LevelSpec, Requirement, Rule
from hiring.leveling.next_evidence import (
    MAX_RATINGS,
    MORE_RATINGS,
    TOO_CLOSE,
    UNASSESSED,
    NextEvidence,
    what_would_decide,
)

ONE = LevelSpec("mid", "Mid", 2, (Requirement("r:sql", 3.0, label="SQL"),))
TWO = LevelSpec("mid", "Mid", 2, (Requirement("r:sql", 3.0, label="SQL"), Requirement("r:stats", 3.0, label="Stats")))
COMP = Rule(combine=COMPENSATORY, probability=0.8)
CONJ = Rule(combine=CONJUNCTIVE, probability=0.8)


def chance_after(k: int, mean: float, se: float, noise: float, p: float) -> float:
    """Preposterior chance that one normal estimate is decided after k ratings, by hand."""
    after = 1 / (1 / se**2 + k / noise)
    moves = np.sqrt(se**2 - after)
    edge = norm.ppf(p) * np.sqrt(after)
    return norm.sf((edge - (mean - 3.0)) / moves) + norm.cdf((-edge - (mean - 3.0)) / moves)


def test_decided_level_needs_nothing():
    assert what_would_decide(ONE, {"r:sql": Estimate(4.0, 0.2)}, COMP, rating_variance=0.5) is None


def test_unrated_competency_is_named_first():
    got = what_would_decide(TWO, {"r:sql": Estimate(3.1, 0.5)}, CONJ, rating_variance=0.5)
    assert got == NextEvidence("mid", UNASSESSED, "r:stats", "Stats", None, None,
                               "Nobody has rated Stats yet: this level cannot be decided without it.")


def test_fewest_ratings_that_settle_it_more_likely_than_not():
    got = what_would_decide(ONE, {"r:sql": Estimate(3.2, 0.45)}, COMP, rating_variance=0.5)
    chances = [chance_after(k, 3.2, 0.45, 0.5, 0.8) for k in range(1, MAX_RATINGS + 1)]
    first = next(k for k, c in enumerate(chances, start=1) if c >= 0.5)
    assert (got.kind, got.competency, got.ratings) == (MORE_RATINGS, "r:sql", first)
    assert got.probability == pytest.approx(chances[first - 1], abs=1e-12)
    assert first == 3
    assert got.text == (f"About 3 more ratings of SQL, from interviewers who have not met the candidate yet, "
                        f"would most likely settle this level ({chances[2]:.0%} chance).")


def test_the_uncertain_competency_is_the_one_to_rate():
    estimates = {"r:sql": Estimate(3.6, 0.15), "r:stats": Estimate(3.4, 0.6)}
    got = what_would_decide(TWO, estimates, CONJ, rating_variance=0.5)
    assert (got.kind, got.competency, got.ratings) == (MORE_RATINGS, "r:stats", 1)
    # SQL is all but certain to meet (z = 4), so this is the one-competency answer for Stats,
    # up to the quadrature of the conjunctive rule.
    assert got.probability == pytest.approx(chance_after(1, 3.4, 0.6, 0.5, 0.8), abs=0.02)


def test_estimate_on_the_bar_is_too_close_to_settle():
    got = what_would_decide(ONE, {"r:sql": Estimate(3.0, 0.3)}, COMP, rating_variance=0.5)
    assert (got.kind, got.ratings) == (TOO_CLOSE, None)
    assert got.probability == pytest.approx(chance_after(MAX_RATINGS, 3.0, 0.3, 0.5, 0.8), abs=1e-12)
    assert got.probability < 0.5


def test_correlated_competencies_share_the_new_evidence():
    # Rating SQL also informs Stats through their covariance: the weighted mean m = (sql + stats) / 2
    # and the mean y of k new SQL ratings are jointly normal, Cov(m, y) = (var_sql + cov) / 2.
    estimates = {"r:sql": Estimate(3.2, 0.4), "r:stats": Estimate(3.2, 0.4)}
    cov, noise = 0.1, 0.5
    got = what_would_decide(TWO, estimates, COMP, rating_variance=noise, covariance={("r:sql", "r:stats"): cov})
    var_m = (0.16 + 0.16 + 2 * cov) / 4

    def chance(k: int) -> float:
        moves = (0.16 + cov) / 2 / np.sqrt(0.16 + noise / k)
        edge = norm.ppf(0.8) * np.sqrt(var_m - moves**2)
        return norm.sf((edge - 0.2) / moves) + norm.cdf((-edge - 0.2) / moves)

    first = next(k for k in range(1, MAX_RATINGS + 1) if chance(k) >= 0.5)
    assert (got.kind, got.ratings) == (MORE_RATINGS, first)
    assert got.probability == pytest.approx(chance(first), abs=1e-12)
