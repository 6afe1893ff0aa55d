"""Honest intervals at every amount of evidence: hand-built degenerate cases and small organisations."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm
from simulate import simulate
from test_model import gaussian_loop

from hiring.calibration import RatingsError, fit
from hiring.calibration.update import update

SCALE = (1.0, 4.0)
ROUNDING = 1 / 12  # variance a whole-point grid adds to every rating (Sheppard)


def one(candidate, interviewer, competency, score, interview=0):
    return {"candidate": candidate, "interviewer": interviewer, "competency": competency, "score": score,
            "interview": interview}


def test_a_single_rating_keeps_the_score_and_a_prior_wide_interval():
    ratings = pd.DataFrame([one(1, 2, "sql", 3.5)])
    result = fit(ratings, scale=SCALE)
    plugged = fit(ratings, scale=SCALE, components_uncertainty=False)
    (row,) = result.estimates.to_dict("records")
    # The competency mean has a flat prior, so one rating is its own estimate; the lone
    # interviewer is the organisation's average one, so the error is exactly the rating noise,
    # which nothing here can shrink below its prior-driven size.
    assert row["estimate"] == pytest.approx(3.5, abs=1e-9)
    assert plugged.estimates["se"][0] == pytest.approx(np.sqrt(plugged.components["residual"]), rel=1e-9)
    assert plugged.components["residual"] >= 0.5 * result.prior["residual"]
    assert row["se"] >= plugged.estimates["se"][0] >= 0.3
    assert 0.2 < norm.sf(3.0, row["estimate"], row["se"]) < 0.85  # one rating half a point up: no verdict
    assert result.dropped == {"candidate_competency": "one competency: the same as the candidate term (merged into it)",
                              "candidate": "one candidate: absorbed by the competency means",
                              "interview": "every interview rated one competency: the same as rating noise (merged into it)"}
    assert result.converged


def test_two_ratings_are_no_more_certain_than_two_ratings():
    result = fit(pd.DataFrame([one(1, 2, "sql", 3.0), one(1, 3, "sql", 4.0, 1)]), scale=SCALE)
    (row,) = result.estimates.to_dict("records")
    assert row["estimate"] == pytest.approx(3.5, abs=1e-9)
    # At least the SD of a mean of two ratings whose spread alone is 0.5 point.
    assert row["se"] >= 0.5 / np.sqrt(2)
    assert norm.sf(3.0, row["estimate"], row["se"]) < 0.95
    severity = result.interviewers.set_index("interviewer")["severity"]
    assert severity[2] == pytest.approx(-severity[3])


def test_every_score_the_same_does_not_collapse_the_components():
    result = fit(gaussian_loop().assign(score=3.0), scale=SCALE)
    assert result.estimates["estimate"].to_numpy() == pytest.approx(3.0, abs=1e-9)
    assert result.components["residual"] == pytest.approx(ROUNDING)
    for name in ("candidate", "candidate_competency", "interviewer"):
        assert result.components[name] > 0.01 * result.prior[name]
    # Three ratings per cell with rounding noise: at least what 1/12 point² per rating allows
    # once the pooled terms are known exactly.
    assert result.estimates["se"].min() >= 0.04
    assert result.converged


def test_one_interviewer_cannot_be_more_certain_than_the_prior():
    ratings = gaussian_loop().assign(interviewer="only")
    plugged = fit(ratings, scale=(0, 7), components_uncertainty=False)
    (row,) = plugged.interviewers.to_dict("records")
    assert row["se"] <= np.sqrt(plugged.components["interviewer"]) + 1e-12
    assert plugged.converged


def test_one_competency_is_merged_into_the_candidate_term_and_converges():
    ratings = gaussian_loop()
    result = fit(ratings[ratings["competency"] == "k0"], scale=(0, 7))
    assert result.dropped == {"candidate_competency": "one competency: the same as the candidate term (merged into it)"}
    assert result.terms == ("candidate", "interviewer")
    assert result.converged and result.warnings == ()


def test_new_interviewer_is_shrunk_and_no_wider_than_the_prior(small_loop):
    base = small_loop.ratings
    extra = pd.DataFrame([one(0, "newcomer", base["competency"][0], 1.0, -1)])
    plugged = fit(pd.concat([base, extra], ignore_index=True), scale=SCALE, components_uncertainty=False)
    table = plugged.interviewers.set_index("interviewer")
    assert table.loc["newcomer", "se"] <= np.sqrt(plugged.components["interviewer"])
    assert table.loc["newcomer", "se"] >= 0.9 * np.sqrt(plugged.components["interviewer"])


def test_disconnected_groups_carry_the_unknown_offset_between_them():
    a = gaussian_loop(1)
    b = gaussian_loop(2).assign(candidate=lambda f: "b" + f["candidate"], interviewer=lambda f: "b" + f["interviewer"])
    both = fit(pd.concat([a, b], ignore_index=True), scale=(0, 7), terms=("candidate", "candidate_competency",
                                                                          "interviewer"))
    assert both.groups == 2 and both.converged
    assert np.isfinite(both.estimates["se"]).all()


def test_out_of_scale_and_implausible_scores_are_refused():
    ratings = gaussian_loop().head(6)
    with pytest.raises(RatingsError, match=r"^score is outside the scale 1–4 in rows 1, 2, 3, 4, 5 \(and 1 more\)$"):
        fit(ratings.assign(score=9.0), scale=SCALE)
    with pytest.raises(RatingsError, match=r"^score is not a plausible rating \(beyond ±1e\+06\) in row 1$"):
        fit(ratings.assign(score=[1e308, 3, 3, 3, 3, 3]))
    with pytest.raises(RatingsError, match=r"^no scale for competency k2$"):
        fit(ratings, scale={"k0": SCALE, "k1": SCALE})


def _exact_posterior(ratings: pd.DataFrame, result) -> tuple[np.ndarray, np.ndarray]:
    """Cell and interviewer posterior SDs and the cells' covariance from the dense inverse of the
    whole system; a cell is competency mean + candidate + cell + the mean interviewer effect."""
    comps, s2e = result.components, result.components["residual"]
    cell = ratings["candidate"].astype(str) + "|" + ratings["competency"]
    terms = [("competency", ratings["competency"], 0.0), ("candidate", ratings["candidate"], 1 / comps["candidate"]),
             ("candidate_competency", cell, 1 / comps["candidate_competency"]),
             ("interviewer", ratings["interviewer"], 1 / comps["interviewer"])]
    blocks, prec, where = [], [], {}
    start = 0
    for name, values, p in terms:
        codes, labels = pd.factorize(values)
        blocks.append(np.eye(len(labels))[codes])
        prec += [p] * len(labels)
        where[name] = (start, pd.Index(labels))
        start += len(labels)
    z = np.hstack(blocks)
    cov = np.linalg.inv(z.T @ z / s2e + np.diag(prec))
    est = result.estimates
    pick = np.zeros((len(est), start))
    for name, keys in (("competency", est["competency"]), ("candidate", est["candidate"]),
                       ("candidate_competency", est["candidate"].astype(str) + "|" + est["competency"])):
        first, labels = where[name]
        pick[np.arange(len(est)), first + labels.get_indexer(keys)] = 1.0
    first, labels = where["interviewer"]
    pick[:, first:first + len(labels)] = 1.0 / len(labels)  # the organisation's average interviewer
    inter = np.sqrt(np.diag(cov)[first + labels.get_indexer(result.interviewers["interviewer"])])
    return np.sqrt(np.einsum("ij,jk,ik->i", pick, cov, pick)), inter, pick @ cov @ pick.T


def test_standard_errors_equal_the_exact_conditional_posterior():
    ratings = gaussian_loop()
    plugged = fit(ratings, scale=(0, 7), terms=("candidate", "candidate_competency", "interviewer"),
                  components_uncertainty=False)
    cells, interviewers, joint = _exact_posterior(ratings, plugged)
    assert plugged.estimates["se"].to_numpy() == pytest.approx(cells, rel=1e-6)
    assert plugged.interviewers["se"].to_numpy() == pytest.approx(interviewers, rel=1e-6)
    est = plugged.estimates.reset_index(drop=True)
    mine = est.index[est["candidate"] == "c3"]
    shared = plugged.candidate_covariance("c3")
    for a in mine:
        for b in mine:
            assert shared[(est["competency"][a], est["competency"][b])] == pytest.approx(joint[a, b], rel=1e-6)


def test_integrating_over_the_components_only_widens_small_data():
    ratings = gaussian_loop()
    plugged = fit(ratings, scale=(0, 7), components_uncertainty=False)
    full = fit(ratings, scale=(0, 7))
    ratio = full.estimates["se"].to_numpy() / plugged.estimates["se"].to_numpy()
    assert ratio.min() > 0.97 and 1.0 < np.median(ratio) < 1.2
    assert full.integration.effective > 8


def test_small_organisations_get_90_percent_intervals_that_cover_90_percent():
    covered, cells, wrong, certain = 0, 0, 0, 0
    for seed in range(24):
        sim = simulate(candidates=8, interviewers=3, teams=1, competencies=8, per_team=4 + 4 * (seed % 2),
                       interviews=(4, 6), seed=500 + seed)
        result = fit(sim.ratings, scale=SCALE)
        merged = result.estimates.merge(sim.truth, on=["candidate", "competency"])
        covered += int(np.sum(np.abs(merged["estimate"] - merged["truth"]) <= 1.6449 * merged["se"]))
        cells += len(merged)
        p = norm.sf(2.5, merged["estimate"], merged["se"])
        sure = (p > 0.95) | (p < 0.05)
        certain += int(sure.sum())
        wrong += int(np.sum(sure & ((p > 0.95) != (merged["truth"] >= 2.5))))
    assert cells > 1000
    assert 0.86 <= covered / cells <= 0.94
    assert wrong <= 0.02 * certain


def test_incremental_update_reproduces_the_fit_and_takes_a_new_scorecard(small_loop):
    result = fit(small_loop.ratings, scale=SCALE)
    rows = small_loop.ratings[small_loop.ratings["candidate"] == 7]
    same = update(result.posterior, rows)
    batch = result.estimates[result.estimates["candidate"] == 7].reset_index(drop=True)
    # Equal up to the draws of negligible weight the stored state leaves out.
    assert same.estimates["estimate"].to_numpy() == pytest.approx(batch["estimate"].to_numpy(), abs=1e-6)
    assert same.estimates["se"].to_numpy() == pytest.approx(batch["se"].to_numpy(), rel=1e-6)
    assert same.covariance[7] == pytest.approx(result.candidate_covariance(7), rel=1e-5)
    card = rows.drop_duplicates("competency").assign(interviewer="newcomer", interview=-5, score=4.0)
    more = update(result.posterior, pd.concat([rows, card], ignore_index=True))
    grown = more.estimates.set_index("competency")
    before = batch.set_index("competency")
    for comp in card["competency"]:
        assert grown.loc[comp, "n_ratings"] == before.loc[comp, "n_ratings"] + 1
        assert grown.loc[comp, "estimate"] > before.loc[comp, "estimate"]
        assert grown.loc[comp, "se"] < before.loc[comp, "se"]
    assert more.uncalibrated == ()


def test_priors_barely_move_the_components_of_a_large_organisation(loop, calibrated):
    plain = fit(loop.ratings, prior_degrees=0)
    for name, value in plain.components.items():
        assert calibrated.components[name] == pytest.approx(value, rel=0.05)
