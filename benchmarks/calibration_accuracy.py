"""Accuracy of the calibration engine on simulated loops with known truth.

Truth is what ``estimate`` claims to be: the mean over the simulated organisation's
interviewers of each one's expected score on the 1-4 scale (ordinal rounding and the ends of
the scale included; see tests/calibration/simulate.py). Prints:

1. coverage of nominal 90% intervals and the share of wrong "certain" calls (P(meets) above
   0.95 or below 0.05, for bars 2.0, 2.5 and 3.0), by organisation size and by the cell's
   number of ratings; beside it, coverage of the expected score of one hypothetical
   interviewer of mean severity and spread (``typical``), which the engine does not claim;
2. SE accuracy: the engine's cell and interviewer SEs with the components plugged in, against
   the exact conditional posterior SDs from a sparse factorisation of the whole system, and
   how much integrating over the components widens them;
3. RMSE, Spearman and bar accuracy against the raw mean and z-scores, with and without the
   spread term.

Run: python benchmarks/calibration_accuracy.py [--quick]
"""

from __future__ import annotations

import argparse
import inspect
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.linalg import splu
from scipy.stats import norm

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "calibration")]

from simulate import simulate  # noqa: E402
from test_accuracy import BAR, raw_mean, scores, zscore_mean  # noqa: E402

from hiring.calibration import fit as engine_fit  # noqa: E402

_ACCEPTS = set(inspect.signature(engine_fit).parameters)


def fit(ratings: pd.DataFrame, **options: object):
    """The engine's fit, leaving out options an older engine lacks (for before/after figures)."""
    return engine_fit(ratings, **{k: v for k, v in options.items() if k in _ACCEPTS})

BARS = (2.0, 2.5, 3.0)
Z90 = norm.ppf(0.95)
SCALE = (1.0, 4.0)


def org(candidates: int, seed: int) -> object:
    """A simulated organisation: small ones have few interviewers and teams; half are 'deep'
    (few competencies per team, more interviews) so that cells with 6+ ratings occur."""
    interviewers = int(np.clip(candidates // 4, 3, candidates // 10 + 20))
    teams = int(np.clip(interviewers // 6, 1, 50))
    deep = seed % 2 == 1
    return simulate(candidates=candidates, interviewers=interviewers, teams=teams,
                    competencies=8 if deep else 20, per_team=4 if deep else 8,
                    interviews=(5, 8) if deep else (4, 6), seed=seed)


def _bucket(n: pd.Series) -> pd.Series:
    return pd.cut(n, [0, 1, 2, 5, np.inf], labels=["1", "2", "3-5", "6+"])


def coverage_rows(sizes: list[tuple[str, int, int]]) -> pd.DataFrame:
    rows = []
    for label, candidates, replicates in sizes:
        started = time.process_time()
        for rep in range(replicates):
            sim = org(candidates, seed=1000 * candidates + rep)
            result = fit(sim.ratings, scale=SCALE)
            cells = result.estimates.merge(sim.truth, on=["candidate", "competency"])
            covered = np.abs(cells["estimate"] - cells["truth"]) <= Z90 * cells["se"]
            typical = np.abs(cells["estimate"] - cells["typical"]) <= Z90 * cells["se"]
            for bar in BARS:
                p = norm.sf(bar, cells["estimate"], cells["se"])
                certain = (p > 0.95) | (p < 0.05)
                wrong = certain & ((p > 0.95) != (cells["truth"] >= bar))
                rows.append(pd.DataFrame({"org": label, "ratings": _bucket(cells["n_ratings"]), "covered": covered,
                                          "typical": typical, "certain": certain, "wrong": wrong, "bar": bar}))
        print(f"  {label}: {replicates} organisations, {time.process_time() - started:.0f} s CPU", flush=True)
    return pd.concat(rows, ignore_index=True)


def stratified(table: pd.DataFrame) -> str:
    first = table[table["bar"] == BARS[0]]
    out = []
    for key in ("org", "ratings"):
        for value, group in first.groupby(key, observed=True, sort=False):
            every = table[table[key] == value]
            out.append({"stratum": f"{key} {value}", "cells": len(group), "90% coverage": group["covered"].mean(),
                        "(typical)": group["typical"].mean(),
                        "certain calls": int(every["certain"].sum()),
                        "wrong certain": every["wrong"].sum() / max(every["certain"].sum(), 1)})
    return pd.DataFrame(out).to_string(index=False, float_format=lambda v: f"{v:.3f}")


def crossed(table: pd.DataFrame) -> str:
    """Coverage (cells) for every organisation size x ratings-per-cell stratum."""
    first = table[table["bar"] == BARS[0]]
    grouped = first.groupby(["org", "ratings"], observed=True, sort=False)["covered"].agg(["mean", "size"])
    text = pd.Series([f"{m:.3f} ({int(n)})" for m, n in grouped.to_numpy()], index=grouped.index).unstack()
    return text.reindex(columns=["1", "2", "3-5", "6+"]).fillna("-").to_string()


def exact_sds(ratings: pd.DataFrame, result) -> tuple[np.ndarray, np.ndarray]:
    """Exact conditional posterior SDs (given result.components) of every cell estimate
    (competency mean + candidate + cell + the average interviewer effect) and interviewer
    severity, from a sparse LU factorisation of the full mixed-model system."""
    comps = result.components
    s2e = comps["residual"]
    frame = ratings.reset_index(drop=True)
    row_ids, col_ids, prec = [], [], []
    cols = 0
    index = {}
    cand_cell = frame["candidate"].astype(str) + "|" + frame["competency"].astype(str)
    for name, values, precision in (
        ("competency", frame["competency"], 0.0),
        ("candidate", frame["candidate"], 1 / comps["candidate"] if "candidate" in comps else None),
        ("candidate_competency", cand_cell, 1 / comps.get("candidate_competency", np.nan)),
        ("interviewer", frame["interviewer"], 1 / comps.get("interviewer", np.nan)),
        ("interview", frame["candidate"].astype(str) + "|" + frame["interview"].astype(str),
         1 / comps.get("interview", np.nan)),
    ):
        if name != "competency" and name not in comps:
            continue
        codes, labels = pd.factorize(values)
        index[name] = (cols, pd.Index(labels))
        row_ids.append(np.arange(len(frame)))
        col_ids.append(cols + codes)
        prec.append(np.full(len(labels), precision))
        cols += len(labels)
    rows, columns = np.concatenate(row_ids), np.concatenate(col_ids)
    design = sparse.csc_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(frame), cols))
    system = (design.T @ design / s2e + sparse.diags(np.concatenate(prec))).tocsc()
    lu = splu(system)
    est = result.estimates
    picks = np.zeros((cols, len(est)))
    for name, keys in (("competency", est["competency"]), ("candidate", est["candidate"]),
                       ("candidate_competency", est["candidate"].astype(str) + "|" + est["competency"].astype(str))):
        if name in index:
            start, labels = index[name]
            picks[start + labels.get_indexer(keys), np.arange(len(est))] = 1.0
    start, labels = index["interviewer"]
    picks[start:start + len(labels), :] = 1.0 / len(labels)  # the organisation's average interviewer
    cell_sd = np.sqrt(np.sum(picks * lu.solve(picks), axis=0))
    unit = np.zeros((cols, len(labels)))
    unit[start + np.arange(len(labels)), np.arange(len(labels))] = 1.0
    interviewer_sd = np.sqrt(lu.solve(unit)[start + np.arange(len(labels)), np.arange(len(labels))])
    order = labels.get_indexer(result.interviewers["interviewer"])
    return cell_sd, interviewer_sd[order]


def se_accuracy(configs: list[int]) -> str:
    out = []
    for candidates in configs:
        sim = org(candidates, seed=7 + candidates)
        plugged = fit(sim.ratings, scale=SCALE, components_uncertainty=False)
        full = fit(sim.ratings, scale=SCALE)
        cell_sd, int_sd = exact_sds(sim.ratings, plugged)
        cell = plugged.estimates["se"].to_numpy() / cell_sd
        inter = plugged.interviewers["se"].to_numpy() / int_sd
        widen = full.estimates["se"].to_numpy() / plugged.estimates["se"].to_numpy()
        out.append({"ratings": len(sim.ratings), "candidates": candidates, "interviewers": len(int_sd),
                    "cell SE/exact min": cell.min(), "max": cell.max(), "interviewer SE/exact min": inter.min(),
                    "max ": inter.max(), "integrated/plugged median": np.median(widen)})
    return pd.DataFrame(out).to_string(index=False, float_format=lambda v: f"{v:.4f}")


def rmse_table(candidates: int, seeds: int) -> str:
    rows = []
    for seed in range(seeds):
        sim = simulate(candidates=candidates, interviewers=candidates // 12, teams=10, seed=100 + seed)
        for name, spread in (("engine", False), ("engine + spread", True)):
            result = fit(sim.ratings, scale=SCALE, spread=spread)
            est = result.estimates.set_index(["candidate", "competency"])["estimate"]
            merged = result.estimates.merge(sim.truth, on=["candidate", "competency"])
            cover = float(np.mean(np.abs(merged["estimate"] - merged["truth"]) <= Z90 * merged["se"]))
            rows.append({"method": name, **scores(sim.truth, est), "coverage": cover})
        rows.append({"method": "raw mean", **scores(sim.truth, raw_mean(sim.ratings)), "coverage": np.nan})
        rows.append({"method": "z-score", **scores(sim.truth, zscore_mean(sim.ratings)), "coverage": np.nan})
    table = pd.DataFrame(rows).groupby("method", sort=False).mean()
    table.columns = ["RMSE", "Spearman", f"bar {BAR} accuracy", "90% coverage"]
    return table.to_string(float_format=lambda v: f"{v:.3f}", na_rep="-")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer organisations (a few minutes on one core)")
    args = parser.parse_args()
    q = args.quick
    sizes = [("5-10", 8, 40 if q else 120), ("20", 20, 16 if q else 50), ("100", 100, 4 if q else 12),
             ("10000", 10_000, 1)]
    print("1. Coverage of nominal 90% intervals and wrong 'certain' calls (bars 2.0, 2.5, 3.0)")
    table = coverage_rows(sizes)
    print(stratified(table))
    print("\n   coverage by organisation size x ratings per cell (cells)")
    print(crossed(table))
    print("\n2. SE with components plugged in / exact conditional posterior SD (sparse LU of the full system)")
    print(se_accuracy([8, 20, 100, 400] if q else [8, 20, 100, 400, 1000]))
    print(f"\n3. Point accuracy: 2 loops of {2000} candidates, 1-4 scale")
    print(rmse_table(2000, 1 if q else 2))


if __name__ == "__main__":
    main()
