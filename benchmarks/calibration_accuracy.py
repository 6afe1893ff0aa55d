"""Accuracy table on simulated loops: engine (with and without spread) vs raw mean vs z-score.

Truth is the expected score from an average interviewer of the simulated pool (see
tests/calibration/simulate.py). Run: python benchmarks/calibration_accuracy.py [--seeds 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "calibration")]

from simulate import simulate  # noqa: E402
from test_accuracy import BAR, raw_mean, scores, zscore_mean  # noqa: E402

from hiring.calibration import fit  # noqa: E402


def coverage(truth: pd.DataFrame, estimates: pd.DataFrame) -> float:
    merged = estimates.merge(truth, on=["candidate", "competency"])
    return float(np.mean(np.abs(merged["estimate"] - merged["truth"]) <= 1.96 * merged["se"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--candidates", type=int, default=2000)
    args = parser.parse_args()
    rows = []
    for seed in range(args.seeds):
        sim = simulate(candidates=args.candidates, interviewers=args.candidates // 12, teams=10, seed=100 + seed)
        for name, spread in (("engine", False), ("engine + spread", True)):
            result = fit(sim.ratings, spread=spread)
            est = result.estimates.set_index(["candidate", "competency"])["estimate"]
            rows.append({"method": name, **scores(sim.truth, est), "coverage": coverage(sim.truth, result.estimates)})
        rows.append({"method": "raw mean", **scores(sim.truth, raw_mean(sim.ratings)), "coverage": np.nan})
        rows.append({"method": "z-score", **scores(sim.truth, zscore_mean(sim.ratings)), "coverage": np.nan})
    table = pd.DataFrame(rows).groupby("method", sort=False).mean()
    table.columns = ["RMSE", "Spearman", f"bar {BAR} accuracy", "95% coverage"]
    print(f"{args.seeds} simulated loops of {args.candidates} candidates, mean over loops")
    print(table.to_string(float_format=lambda v: f"{v:.3f}", na_rep="-"))


if __name__ == "__main__":
    main()
