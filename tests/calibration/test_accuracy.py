"""Accuracy on simulated hiring loops, against the truth the simulator knows.

Truth is what ``estimate`` claims: the mean over the simulated interviewers of each one's
expected score (see simulate.py); scores are ordinal 1..4, so the model is misspecified on
purpose.
"""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm, spearmanr
from simulate import CENTRE, CUTS, Simulation, simulate

from hiring.calibration import CalibrationResult

BAR = 2.75


def raw_mean(ratings: pd.DataFrame) -> pd.Series:
    return ratings.groupby(["candidate", "competency"])["score"].mean()


def zscore_mean(ratings: pd.DataFrame) -> pd.Series:
    by = ratings.groupby("interviewer")["score"]
    sd = by.transform("std").fillna(0.0).replace(0.0, 1.0)
    z = (ratings["score"] - by.transform("mean")) / sd
    rescaled = ratings["score"].mean() + ratings["score"].std() * z
    return rescaled.groupby([ratings["candidate"], ratings["competency"]]).mean()


def scores(truth: pd.DataFrame, estimate: pd.Series) -> dict[str, float]:
    est = estimate.reindex(pd.MultiIndex.from_frame(truth[["candidate", "competency"]])).to_numpy()
    true = truth["truth"].to_numpy()
    return {
        "rmse": float(np.sqrt(np.mean((est - true) ** 2))),
        "spearman": float(spearmanr(est, true).statistic),
        "bar": float(np.mean((est >= BAR) == (true >= BAR))),
    }


def engine(result: CalibrationResult) -> pd.Series:
    return result.estimates.set_index(["candidate", "competency"])["estimate"]


def test_calibrated_estimates_beat_raw_mean_and_zscore(loop: Simulation, calibrated: CalibrationResult):
    ours = scores(loop.truth, engine(calibrated))
    raw = scores(loop.truth, raw_mean(loop.ratings))
    z = scores(loop.truth, zscore_mean(loop.ratings))
    for baseline in (raw, z):
        assert ours["rmse"] < 0.85 * baseline["rmse"]
        assert ours["spearman"] > baseline["spearman"] + 0.03
        assert ours["bar"] > baseline["bar"] + 0.03


def test_recovered_severities_correlate_with_true_ones(loop: Simulation, calibrated: CalibrationResult):
    table = calibrated.interviewers.set_index("interviewer")
    assert np.corrcoef(table["severity"], loop.severity.reindex(table.index))[0, 1] > 0.9


def test_95_percent_intervals_cover_truth_92_to_98_percent(loop: Simulation, calibrated: CalibrationResult):
    merged = calibrated.estimates.merge(loop.truth, on=["candidate", "competency"])
    covered = np.abs(merged["estimate"] - merged["truth"]) <= 1.96 * merged["se"]
    assert len(merged) == len(loop.truth)
    assert 0.92 <= covered.mean() <= 0.98


def test_spread_term_lowers_error_and_finds_compressors(
    loop: Simulation, calibrated: CalibrationResult, calibrated_with_spread: CalibrationResult
):
    plain = scores(loop.truth, engine(calibrated))["rmse"]
    spread = scores(loop.truth, engine(calibrated_with_spread))["rmse"]
    assert spread < plain - 0.003
    table = calibrated_with_spread.interviewers.set_index("interviewer")
    assert np.corrcoef(table["spread"], loop.spread.reindex(table.index))[0, 1] > 0.7


def test_reliability_is_between_zero_and_one_for_every_competency(
    loop: Simulation, calibrated: CalibrationResult
):
    assert set(calibrated.reliability) == set(loop.ratings["competency"])
    assert all(0.3 < v < 0.9 for v in calibrated.reliability.values())


def test_truth_is_the_mean_over_the_interviewers_of_their_expected_score():
    sim = simulate(candidates=30, interviewers=7, teams=2, per_team=5, seed=4)
    raters = np.unique(sim.ratings["interviewer"])
    theta = sim.truth["latent"].to_numpy()
    halo, noise = 0.25, 0.45  # the simulator's defaults
    expected = []
    for i in raters:
        spread, severity = sim.spread[i], sim.severity[i]
        location = CENTRE + spread * theta - severity
        sd = np.hypot(spread * halo, noise)
        expected.append(1.0 + sum(norm.cdf((location - cut) / sd) for cut in CUTS))
    assert sim.truth["truth"].to_numpy() == pytest.approx(np.mean(expected, axis=0), abs=1e-5)
    # An interviewer of mean severity and spread is another quantity on an ordinal scale.
    assert np.abs(sim.truth["truth"] - sim.truth["typical"]).max() > 0.01
