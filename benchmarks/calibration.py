"""Speed benchmark: fit simulated loops of growing size, one size per subprocess (honest peak RSS).

Run: python benchmarks/calibration.py [--sizes 10000,100000,1000000,5000000]
Threads are pinned to one (OMP/BLAS) for a one-core figure. After the sizes it prints the
warm-start refit and the incremental update at 1M ratings: one more scorecard for one
candidate, solved with the components held (what a packet does when it opens).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONE_CORE = dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"), "1")


def shape(ratings: int) -> dict:
    """~20 ratings per candidate, ~330 per interviewer, teams of ~30 interviewers."""
    candidates = max(ratings // 20, 50)
    interviewers = max(candidates // 20, 10)
    return {"candidates": candidates, "interviewers": interviewers, "teams": max(interviewers // 30, 2)}


def incremental(table, result) -> dict:
    import pickle

    import pandas as pd

    from hiring.calibration.update import update

    state_bytes = pickle.dumps(result.posterior)
    candidate = table["candidate"].iloc[len(table) // 2]
    rows = table[table["candidate"] == candidate]
    card = rows.drop_duplicates("competency").head(4).assign(interviewer=table["interviewer"].iloc[0],
                                                             interview=-1, score=3.0)
    started = time.process_time()
    wall = time.perf_counter()
    state = pickle.loads(state_bytes)  # noqa: S301 - our own bytes
    fresh = update(state, pd.concat([rows, card], ignore_index=True))
    return {"update_cpu": time.process_time() - started, "update_seconds": time.perf_counter() - wall,
            "state_mb": len(state_bytes) / 1e6, "cells": len(fresh.estimates)}


def child(ratings: int, warm: bool) -> dict:
    import resource

    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "calibration")]
    from simulate import simulate

    from hiring.calibration import fit

    table = simulate(**shape(ratings), seed=1).ratings
    if not warm:
        started, cpu = time.perf_counter(), time.process_time()
        result = fit(table)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        out = {"ratings": len(table), "seconds": seconds, "cpu": cpu, "rss_gb": rss, "iterations": result.iterations}
        return {**out, **incremental(table, result)} if ratings >= 1_000_000 else out
    cut = table["candidate"] < table["candidate"].max() * 0.97  # nightly refit: ~3% new rows
    previous = fit(table[cut])
    started = time.perf_counter()
    cold = fit(table)
    cold_seconds = time.perf_counter() - started
    started = time.perf_counter()
    hot = fit(table, init=previous)
    return {"ratings": len(table), "cold_seconds": cold_seconds, "cold_iterations": cold.iterations,
            "warm_seconds": time.perf_counter() - started, "warm_iterations": hot.iterations}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000,5000000")
    parser.add_argument("--child", type=int)
    parser.add_argument("--warm", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.warm)))
        return
    env = {**os.environ, **ONE_CORE}

    def run(size: int, warm: bool = False) -> dict:
        cmd = [sys.executable, __file__, "--child", str(size)] + (["--warm"] if warm else [])
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        return json.loads(out.stdout.splitlines()[-1])

    # CPU seconds next to wall seconds: on a shared machine wall time overstates the cost.
    print(f"{'ratings':>10} {'seconds':>8} {'cpu s':>8} {'peak RSS GB':>12} {'ratings/s':>10} {'iterations':>10}")
    updates = []
    for size in (int(s) for s in args.sizes.split(",")):
        r = run(size)
        print(f"{r['ratings']:>10} {r['seconds']:>8.2f} {r['cpu']:>8.2f} {r['rss_gb']:>12.2f} "
              f"{r['ratings'] / r['seconds']:>10.0f} {r['iterations']:>10}", flush=True)
        if "update_cpu" in r:
            updates.append(r)
    for r in updates:
        print(f"\nincremental update at {r['ratings']} ratings (one more scorecard, components held): "
              f"{r['update_seconds'] * 1000:.0f} ms ({r['update_cpu'] * 1000:.0f} ms CPU), state {r['state_mb']:.2f} MB, "
              f"{r['cells']} cells solved")
    w = run(1_000_000, warm=True)
    print(f"\nwarm-start refit at {w['ratings']} ratings (previous fit on ~97% of candidates):")
    print(f"  cold: {w['cold_iterations']} iterations, {w['cold_seconds']:.2f} s")
    print(f"  warm: {w['warm_iterations']} iterations, {w['warm_seconds']:.2f} s")


if __name__ == "__main__":
    main()
