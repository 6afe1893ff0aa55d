import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from simulate import simulate

from hiring.calibration import RATING_COLUMNS, RatingsError, fit

SIMPLE = ("candidate", "candidate_competency", "interviewer")


def gaussian_loop(seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    person, cell, severity = rng.normal(0, 0.7, 40), rng.normal(0, 0.4, (40, 3)), rng.normal(0, 0.5, 8)
    rows = [
        (f"c{i}", f"i{j}", f"k{c}", 3 + 0.3 * c + person[i] + cell[i, c] + severity[j] + rng.normal(0, 0.5))
        for i in range(40)
        for j in rng.choice(8, 3, replace=False)
        for c in range(3)
    ]
    return pd.DataFrame(rows, columns=list(RATING_COLUMNS))


def test_import_loads_no_django():
    code = "import hiring.calibration, sys; print(sorted(m for m in sys.modules if m.startswith('django')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_without_priors_agrees_with_statsmodels_mixedlm():
    import statsmodels.formula.api as smf

    ratings = gaussian_loop()
    frame = ratings.assign(cell=ratings["candidate"] + ":" + ratings["competency"], one=1)
    vc = {"candidate": "0 + C(candidate)", "cell": "0 + C(cell)", "interviewer": "0 + C(interviewer)"}
    model = smf.mixedlm("score ~ 0 + C(competency)", frame, groups="one", vc_formula=vc)
    with warnings.catch_warnings():  # statsmodels' own optimiser warnings, not ours
        warnings.simplefilter("ignore")
        reference = model.fit(reml=True)
    ours = fit(ratings, terms=SIMPLE, tol=1e-7, prior_degrees=0)
    # vcomp is in sorted name order: candidate, cell, interviewer
    expected = dict(zip(["candidate", "candidate_competency", "interviewer"], reference.vcomp, strict=True))
    expected["residual"] = reference.scale
    for name, value in expected.items():  # tolerance: 5% (probe noise in the REML traces)
        assert ours.components[name] == pytest.approx(value, rel=0.05)
    blup = reference.random_effects[1]
    severity = ours.interviewers.set_index("interviewer")["severity"]
    theirs = pd.Series({k: -blup[f"interviewer[C(interviewer)[{k}]]"] for k in severity.index})
    assert np.abs(severity - theirs).max() < 0.03
    fixed = reference.fe_params.to_numpy()
    person = pd.Series({k: blup[f"candidate[C(candidate)[{k}]]"] for k in ratings["candidate"].unique()})
    cell = pd.Series({k: blup[f"cell[C(cell)[{k}]]"] for k in frame["cell"].unique()})
    est = ours.estimates
    reference_estimate = (
        fixed[est["competency"].str[1].astype(int)]
        + person[est["candidate"]].to_numpy()
        + cell[est["candidate"] + ":" + est["competency"]].to_numpy()
    )
    assert np.abs(est["estimate"].to_numpy() - reference_estimate).max() < 0.03


def test_warm_start_cuts_iterations():
    sim = simulate(candidates=1000, interviewers=60, teams=6, seed=4)
    ratings = sim.ratings
    old = ratings[ratings["candidate"] < 970]
    cold = fit(ratings)
    warm = fit(ratings, init=fit(old))
    assert warm.converged and cold.converged
    assert warm.iterations < 0.5 * cold.iterations
    merged = cold.estimates.merge(warm.estimates, on=["candidate", "competency"])
    assert np.abs(merged["estimate_x"] - merged["estimate_y"]).max() < 0.01


def test_interviewer_with_a_single_rating_is_shrunk_and_uncertain(small_loop):
    base = small_loop.ratings
    extra = pd.DataFrame([{"candidate": 0, "interviewer": "newcomer", "competency": base["competency"][0],
                           "interview": -1, "score": 1.0}])
    table = fit(pd.concat([base, extra], ignore_index=True)).interviewers.set_index("interviewer")
    newcomer = table.loc["newcomer"]
    assert newcomer["n_ratings"] == 1
    assert abs(newcomer["severity"]) < 0.5 * table["severity"].abs().max()
    assert newcomer["se"] > 2 * table.drop("newcomer")["se"].max()


def test_candidate_seen_by_one_interviewer_has_wider_interval_than_one_seen_by_four(small_loop):
    base = small_loop.ratings
    comps = sorted(base["competency"].unique())[:4]
    solo = pd.DataFrame({"candidate": "solo", "interviewer": 3, "competency": comps, "interview": -1, "score": 3.0})
    panel = pd.concat(
        [solo.assign(candidate="panel", interviewer=judge, interview=-2 - k) for k, judge in enumerate([3, 8, 13, 18])]
    )
    result = fit(pd.concat([base, solo, panel], ignore_index=True)).estimates.set_index(["candidate", "competency"])
    for comp in comps:
        assert result.loc[("solo", comp), "n_ratings"] == 1 and result.loc[("panel", comp), "n_ratings"] == 4
        assert result.loc[("solo", comp), "se"] > 1.3 * result.loc[("panel", comp), "se"]


def test_disconnected_groups_are_reported_and_estimated():
    a = gaussian_loop(1)
    b = gaussian_loop(2).assign(candidate=lambda f: "b" + f["candidate"], interviewer=lambda f: "b" + f["interviewer"])
    result = fit(pd.concat([a, b], ignore_index=True), terms=SIMPLE)
    assert result.groups == 2
    assert set(result.candidate_groups[a["candidate"].unique()]) | set(
        result.candidate_groups[b["candidate"].unique()]
    ) == {0, 1}
    assert result.candidate_groups["c0"] != result.candidate_groups["bc0"]
    assert result.estimates["estimate"].notna().all() and len(result.estimates) == 240


def test_competency_where_every_score_is_the_same(small_loop):
    ratings = small_loop.ratings.copy()
    flat = ratings["competency"] == ratings["competency"][0]
    ratings.loc[flat, "score"] = 3.0
    result = fit(ratings)
    flat_rows = result.estimates[result.estimates["competency"] == ratings["competency"][0]]
    # The candidate term still pools other competencies in, so estimates spread around 3.
    assert flat_rows["estimate"].mean() == pytest.approx(3.0, abs=0.05)
    assert np.isfinite(result.estimates[["estimate", "se"]].to_numpy()).all()
    assert all(np.isfinite(v) for v in result.reliability.values())


def test_all_scores_identical_gives_that_score_without_nan():
    ratings = gaussian_loop().assign(score=2.0)
    result = fit(ratings)
    assert result.estimates["estimate"].to_numpy() == pytest.approx(2.0, abs=1e-6)
    assert result.interviewers["severity"].to_numpy() == pytest.approx(0.0, abs=1e-6)
    assert np.isfinite(result.estimates["se"]).all() and np.isfinite(result.interviewers["se"]).all()
    assert all(np.isfinite(v) for v in result.components.values())


def test_single_rating_returns_that_score():
    result = fit(pd.DataFrame([{"candidate": 1, "interviewer": 2, "competency": "sql", "score": 3.5}]))
    assert result.estimates.to_dict("records") == [
        {"candidate": 1, "competency": "sql", "estimate": pytest.approx(3.5), "se": result.estimates["se"][0],
         "n_ratings": 1, "group": 0}
    ]
    assert np.isfinite(result.estimates["se"][0]) and result.groups == 1


def test_terms_option_drops_terms():
    result = fit(gaussian_loop(), terms=("candidate", "interviewer"))
    assert set(result.components) == {"candidate", "interviewer", "residual"}
    with pytest.raises(ValueError, match="unknown term"):
        fit(gaussian_loop(), terms=("halo",))


def test_bad_scores_are_reported_with_their_rows():
    ratings = gaussian_loop().head(10).astype({"score": object})
    ratings.loc[[2, 6], "score"] = "n/a"
    with pytest.raises(RatingsError, match=r"^score is not a number in rows 3, 7$"):
        fit(ratings)
    with pytest.raises(RatingsError, match=r"^missing column: score$"):
        fit(ratings.drop(columns="score"))
