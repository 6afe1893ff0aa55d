import numpy as np
import pytest
from scipy.stats import norm

from hiring.leveling import (
    COMPENSATORY,
    CONJUNCTIVE,
    DOES_NOT_MEET,
    MEETS,
    NOT_ENOUGH_EVIDENCE,
    AttitudeScore,
    Estimate,
    LevelSpec,
    Requirement,
    Rule,
    assess,
    covariance_matrix,
    level_verdict,
    probability_meets,
)

CONJ = Rule(combine=CONJUNCTIVE, probability=0.8)
COMP = Rule(combine=COMPENSATORY, probability=0.8)
MID = LevelSpec("mid", "Mid", 2, (Requirement("r:sql", 3.0), Requirement("r:stats", 3.0)))
SENIOR = LevelSpec("senior", "Senior", 3, (Requirement("r:sql", 4.0), Requirement("r:stats", 4.0)))


def test_probability_meets_is_half_at_the_bar_and_follows_the_normal_tail():
    assert probability_meets(Estimate(3.0, 0.5), 3.0) == pytest.approx(0.5)
    assert probability_meets(Estimate(4.0, 0.5), 3.0) == pytest.approx(0.97725, abs=1e-5)


def test_probability_meets_with_zero_se_is_certain():
    assert probability_meets(Estimate(3.0, 0.0), 3.0) == 1.0
    assert probability_meets(Estimate(2.9, 0.0), 3.0) == 0.0


def test_conjunctive_meets_when_every_competency_clears_its_bar():
    v = level_verdict(MID, {"r:sql": Estimate(4.0, 0.3), "r:stats": Estimate(3.6, 0.3)}, CONJ)
    assert v.verdict == MEETS
    # Independent estimates: the joint probability is the product of the two.
    both = probability_meets(Estimate(3.6, 0.3), 3.0) * probability_meets(Estimate(4.0, 0.3), 3.0)
    assert v.probability == pytest.approx(both, abs=1e-6)


def test_conjunctive_does_not_meet_when_one_competency_is_clearly_below():
    v = level_verdict(MID, {"r:sql": Estimate(4.5, 0.2), "r:stats": Estimate(2.0, 0.3)}, CONJ)
    assert v.verdict == DOES_NOT_MEET
    assert v.reason == "Below the bar with probability ≥ 80%: r:stats."


def test_conjunctive_wide_interval_is_not_enough_evidence():
    v = level_verdict(MID, {"r:sql": Estimate(4.0, 0.2), "r:stats": Estimate(3.1, 1.0)}, CONJ)
    assert v.verdict == NOT_ENOUGH_EVIDENCE
    assert v.reason == "Interval too wide to decide: r:stats."


def test_conjunctive_never_rated_competency_is_not_enough_evidence():
    v = level_verdict(MID, {"r:sql": Estimate(4.0, 0.2)}, CONJ)
    assert v.verdict == NOT_ENOUGH_EVIDENCE
    assert v.unassessed == ("r:stats",)
    assert v.reason == "Never assessed: r:stats."


def test_conjunctive_clear_failure_outweighs_a_never_rated_competency():
    v = level_verdict(MID, {"r:sql": Estimate(1.5, 0.2)}, CONJ)
    assert v.verdict == DOES_NOT_MEET
    assert v.unassessed == ("r:stats",)


def test_compensatory_strength_offsets_a_weakness():
    estimates = {"r:sql": Estimate(4.5, 0.2), "r:stats": Estimate(2.5, 0.2)}
    assert level_verdict(MID, estimates, CONJ).verdict == DOES_NOT_MEET
    v = level_verdict(MID, estimates, COMP)
    assert v.verdict == MEETS
    # mean gap (+1.5 - 0.5) / 2 = 0.5, se sqrt(0.04 + 0.04) / 2
    assert v.probability == pytest.approx(probability_meets(Estimate(0.5, 0.08 ** 0.5 / 2), 0.0))


def test_compensatory_uses_the_weights():
    level = LevelSpec("mid", "Mid", 2, (Requirement("r:sql", 3.0, 3.0), Requirement("r:stats", 3.0, 1.0)))
    v = level_verdict(level, {"r:sql": Estimate(2.0, 0.1), "r:stats": Estimate(5.0, 0.1)}, COMP)
    # (3 * -1 + 1 * 2) / 4 = -0.25, se sqrt(0.09 + 0.01) / 4 = 0.079: clearly below
    assert v.verdict == DOES_NOT_MEET
    assert v.probability == pytest.approx(probability_meets(Estimate(-0.25, 0.1 ** 0.5 / 4), 0.0))


def test_compensatory_does_not_meet_when_the_mean_is_below():
    v = level_verdict(MID, {"r:sql": Estimate(2.0, 0.2), "r:stats": Estimate(2.5, 0.2)}, COMP)
    assert v.verdict == DOES_NOT_MEET


def test_compensatory_wide_interval_is_not_enough_evidence():
    v = level_verdict(MID, {"r:sql": Estimate(3.1, 1.0), "r:stats": Estimate(3.0, 1.0)}, COMP)
    assert v.verdict == NOT_ENOUGH_EVIDENCE


def test_compensatory_never_rated_competency_is_not_enough_evidence():
    v = level_verdict(MID, {"r:sql": Estimate(5.0, 0.1)}, COMP)
    assert (v.verdict, v.probability, v.unassessed) == (NOT_ENOUGH_EVIDENCE, None, ("r:stats",))


def test_level_without_requirements_is_not_enough_evidence():
    v = level_verdict(LevelSpec("x", "X", 1, ()), {}, CONJ)
    assert v.verdict == NOT_ENOUGH_EVIDENCE


def test_recommended_level_is_the_highest_met():
    estimates = {"r:sql": Estimate(4.6, 0.2), "r:stats": Estimate(4.5, 0.2)}
    result = assess([SENIOR, MID], estimates, CONJ)
    assert [(v.key, v.verdict) for v in result.levels] == [("mid", MEETS), ("senior", MEETS)]
    assert result.recommended == "senior"


def test_no_level_met_recommends_none():
    result = assess([MID, SENIOR], {"r:sql": Estimate(1.0, 0.2), "r:stats": Estimate(1.0, 0.2)}, CONJ)
    assert result.recommended is None


def test_red_flag_blocks_every_meets_when_the_rule_says_so():
    estimates = {"r:sql": Estimate(4.0, 0.2), "r:stats": Estimate(4.0, 0.2)}
    flag = AttitudeScore("Candour", "ian", 1)
    result = assess([MID], estimates, CONJ, [flag, AttitudeScore("Ownership", "ian", 3)])
    assert result.red_flags == (flag,)
    assert result.recommended is None
    (mid,) = result.levels
    assert (mid.verdict, mid.evidence_verdict) == (DOES_NOT_MEET, MEETS)
    assert mid.reason == "Blocked by attitude red flag(s): Candour. The ratings alone meet this level."


def test_red_flag_is_surfaced_but_does_not_block_when_the_rule_says_not_to():
    rule = Rule(combine=CONJUNCTIVE, probability=0.8, red_flag_rating=2, red_flags_block=False)
    estimates = {"r:sql": Estimate(4.0, 0.2), "r:stats": Estimate(4.0, 0.2)}
    result = assess([MID], estimates, rule, [AttitudeScore("Candour", "ian", 2)])
    assert result.red_flags == (AttitudeScore("Candour", "ian", 2),)
    assert result.levels[0].verdict == MEETS
    assert result.recommended == "mid"


def test_attitude_above_the_red_flag_rating_is_no_flag():
    result = assess([MID], {}, CONJ, [AttitudeScore("Candour", "ian", 2)])
    assert result.red_flags == ()


def test_leveling_and_agreement_import_no_django():
    import subprocess
    import sys

    code = "import sys, hiring.leveling, hiring.agreement; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


THREE = LevelSpec("lead", "Lead", 4, (Requirement("r:sql", 3.0), Requirement("r:stats", 3.2), Requirement("r:ml", 2.8)))
CORRELATED = {"r:sql": Estimate(3.4, 0.3), "r:stats": Estimate(3.5, 0.25), "r:ml": Estimate(3.1, 0.35)}
SHARED = {("r:sql", "r:stats"): 0.045, ("r:ml", "r:sql"): 0.06, ("r:stats", "r:ml"): 0.0525}


def test_conjunctive_joint_probability_matches_monte_carlo():
    v = level_verdict(THREE, CORRELATED, CONJ, SHARED)
    names = ["r:sql", "r:stats", "r:ml"]
    means = np.array([CORRELATED[n].mean for n in names])
    se = np.array([CORRELATED[n].se for n in names])
    matrix = np.diag(se**2)
    matrix[0, 1] = matrix[1, 0] = 0.045
    matrix[0, 2] = matrix[2, 0] = 0.06
    matrix[1, 2] = matrix[2, 1] = 0.0525
    draws = np.random.default_rng(3).multivariate_normal(means, matrix, size=2_000_000)
    reference = np.mean(np.all(draws >= [3.0, 3.2, 2.8], axis=1))
    assert v.probability == pytest.approx(reference, abs=0.002)
    # Positive correlation makes "all meet" likelier than independence would, and it stays
    # below the weakest single competency's probability.
    independent = level_verdict(THREE, CORRELATED, CONJ)
    weakest = min(c.probability for c in v.checks)
    assert independent.probability < v.probability < weakest


def test_conjunctive_joint_probability_below_one_minus_p_does_not_meet():
    estimates = {f"r:{k}": Estimate(3.2, 0.3) for k in "abcdef"}
    level = LevelSpec("x", "X", 1, tuple(Requirement(f"r:{k}", 3.0, label=k) for k in "abcdef"))
    v = level_verdict(level, estimates, CONJ)
    assert [c.verdict for c in v.checks] == [NOT_ENOUGH_EVIDENCE] * 6
    assert v.probability == pytest.approx(norm.cdf(0.2 / 0.3) ** 6, abs=1e-5)
    assert v.verdict == DOES_NOT_MEET
    assert v.reason == ("Each competency might meet its bar, but all of them together do so with probability "
                        "≤ 20%; weakest: a and b.")


def test_compensatory_uses_the_covariance_of_the_estimates():
    estimates = {"r:sql": Estimate(3.2, 0.3), "r:stats": Estimate(3.2, 0.3)}
    independent = level_verdict(MID, estimates, COMP)
    shared = level_verdict(MID, estimates, COMP, {("r:stats", "r:sql"): 0.06})
    assert independent.probability == pytest.approx(norm.sf(0.0, 0.2, np.sqrt(0.18) / 2))
    assert shared.probability == pytest.approx(norm.sf(0.0, 0.2, np.sqrt(0.18 + 0.12) / 2))
    assert (independent.verdict, shared.verdict) == (MEETS, NOT_ENOUGH_EVIDENCE)


def test_covariance_beyond_the_standard_errors_is_clipped_to_a_correlation_of_one():
    estimates = {"r:sql": Estimate(3.0, 0.2), "r:stats": Estimate(3.0, 0.4)}
    matrix = covariance_matrix(["r:sql", "r:stats"], estimates, {("r:sql", "r:stats"): 5.0})
    assert matrix.tolist() == [[pytest.approx(0.04), pytest.approx(0.08)], [pytest.approx(0.08), pytest.approx(0.16)]]
