"""Standard errors, reliability, groups, and the assembly of the result tables.

Cell estimates, their standard errors and covariances and the interviewers' standard errors
come from the exact posterior (posterior.py, integrated over the components by bayes.py on
small data); the probe columns still give the reliability's cell-variance term.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from hiring.calibration.data import Factor, rating_step
from hiring.calibration.posterior import Globals
from hiring.calibration.result import CalibrationResult, Covariances, Draw, PosteriorState, WarmState
from hiring.calibration.solver import Backfitter, Block
from hiring.calibration.spread import Spread


def _draw_variance(draws: np.ndarray, residual_var: float) -> np.ndarray:
    return residual_var * np.mean(draws * draws, axis=0)


def _cells(facs: dict[str, Factor], order: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cell = facs["candidate_competency"].codes[order]
    size = len(facs["candidate_competency"].labels)
    cand = np.zeros(size, dtype=np.int64)
    comp = np.zeros(size, dtype=np.int64)
    cand[cell] = facs["candidate"].codes[order]
    comp[cell] = facs["competency"].codes[order]
    return cell, cand, comp


def _groups(facs: dict[str, Factor]) -> tuple[int, np.ndarray]:
    nc, ni = len(facs["candidate"].labels), len(facs["interviewer"].labels)
    edges = coo_matrix(
        (np.ones(len(facs["candidate"].codes)), (facs["candidate"].codes, nc + facs["interviewer"].codes)),
        shape=(nc + ni, nc + ni),
    )
    count, labels = connected_components(edges, directed=False)
    sizes = np.bincount(labels[:nc], minlength=count)
    rank = np.empty(count, dtype=np.int64)
    rank[np.argsort(-sizes, kind="stable")] = np.arange(count)
    return int(count), rank[labels[:nc]]


def assemble(
    *, frame: pd.DataFrame, facs: dict[str, Factor], order: np.ndarray, bf: Backfitter,
    blocks: list[Block], comps: dict[str, float], names: list[str], iterations: int, converged: bool,
    started: float, spreader: Spread | None, terms: tuple[str, ...], dropped: dict[str, str],
    prior: dict[str, float], exact: tuple,
) -> CalibrationResult:
    """Turn the converged solver state into a CalibrationResult."""
    eff = bf.effects
    cell, cell_cand, cell_comp = _cells(facs, order)
    n_cells = len(cell_cand)
    n_groups, cand_group = _groups(facs)
    solution, lay, integration = exact
    estimates = pd.DataFrame({
        "candidate": facs["candidate_competency"].labels.get_level_values(0),
        "competency": facs["candidate_competency"].labels.get_level_values(1),
        "estimate": solution.cell_mean,
        "se": np.sqrt(solution.cell_var),
        "n_ratings": np.bincount(cell, minlength=n_cells),
        "group": cand_group[cell_cand],
    })
    interviewers = _interviewer_table(facs, solution.globals if "interviewer" in eff else None, spreader)
    return CalibrationResult(
        estimates=estimates,
        interviewers=interviewers,
        components={k: float(v) for k, v in comps.items()},
        reliability=_reliability(facs, order, bf, comps, cell_comp),
        iterations=iterations,
        converged=converged,
        seconds=time.perf_counter() - started,
        n_ratings=len(frame),
        groups=n_groups,
        candidate_groups=pd.Series(cand_group, index=facs["candidate"].labels, name="group"),
        terms=terms,
        spread=spreader is not None,
        state=WarmState(
            effects={b.name: (facs[b.name].labels, eff[b.name].copy()) for b in blocks},
            spread=None if spreader is None else pd.Series(spreader.factors, index=facs["interviewer"].labels),
        ),
        covariance=Covariances(lay.cell_of, solution.cand_cov),
        posterior=_posterior_state(facs, solution, comps, terms, spreader, integration,
                                   rating_step(frame["score"].to_numpy()) ** 2 / 12),
        integration=integration,
        dropped=dict(dropped),
        prior=dict(prior),
        warnings=() if converged else (
            f"The fit did not converge in {iterations} iterations: estimates and intervals may be off; "
            "refit with a higher iteration limit.",),
    )


def _interviewer_table(facs: dict[str, Factor], glb: Globals | None, spreader: Spread | None) -> pd.DataFrame:
    """Severity (points below the average interviewer) and its posterior SD, from the exact globals."""
    labels = facs["interviewer"].labels
    table = pd.DataFrame({"interviewer": labels, "severity": 0.0, "se": 0.0})
    if glb is not None:
        n_comp = len(facs["competency"].labels)
        var = np.diag(glb.cov) if glb.dense else glb.cov
        table["severity"] = -glb.mean[n_comp:]
        table["se"] = np.sqrt(var[n_comp:])
    table["n_ratings"] = np.bincount(facs["interviewer"].codes, minlength=len(labels))
    if spreader is not None:
        table["spread"] = spreader.factors
        table["spread_se"] = np.sqrt(spreader.posterior_var)
    return table


def _reliability(
    facs: dict[str, Factor], order: np.ndarray, bf: Backfitter, comps: dict[str, float], cell_comp: np.ndarray
) -> dict:
    s2e = comps["residual"]
    comp_rows = facs["competency"].codes[order]
    n_comp = len(facs["competency"].labels)
    n_rows = np.bincount(comp_rows, minlength=n_comp).astype(float)
    r = bf.resid[0]
    ss = np.bincount(comp_rows, r * r, n_comp)
    total_ss = float(ss.sum())
    residual = s2e * (ss / n_rows) / (total_ss / len(r)) if total_ss > 0 else np.full(n_comp, s2e)
    if "candidate_competency" in bf.effects:
        u = bf.effects["candidate_competency"]
        per_cell = u[0] ** 2 + _draw_variance(u[1:], s2e)
        specific = np.bincount(cell_comp, per_cell, n_comp) / np.bincount(cell_comp, minlength=n_comp)
    else:
        specific = np.zeros(n_comp)
    true = comps.get("candidate", 0.0) + specific
    other = comps.get("interviewer", 0.0) + comps.get("interview", 0.0)
    icc = true / (true + other + residual)
    return {label: float(v) for label, v in zip(facs["competency"].labels, icc, strict=True)}


STORE_DENSE = 150  # globals kept as a full covariance matrix in the incremental-update state up to this


def _draw(components: dict, weight: float, glb: Globals) -> Draw:
    cov = glb.cov
    if glb.dense and len(glb.mean) > STORE_DENSE:
        cov = np.diag(cov).copy()
    pool = (glb.pool_mean, None if glb.pool_cov is None else glb.pool_cov.copy(), glb.pool_var)
    return Draw({k: float(v) for k, v in components.items()}, float(weight), glb.mean.copy(), cov.copy(), pool)


def _posterior_state(facs: dict[str, Factor], solution, comps: dict, terms: tuple[str, ...],
                     spreader: Spread | None, integration, rounding: float) -> PosteriorState:
    if integration is None:
        draws = (_draw(comps, 1.0, solution.globals),)
    else:
        draws = tuple(_draw(dict(zip(integration.names, np.exp(t), strict=True)), w, g)
                      for t, w, g in zip(integration.draws, integration.weights, integration.globals, strict=True)
                      if w > 1e-6)
    noise = comps["residual"] + comps.get("interview", 0.0) + comps.get("interviewer", 0.0)
    return PosteriorState(
        terms=terms,
        competencies=facs["competency"].labels,
        interviewers=facs["interviewer"].labels if "interviewer" in terms else pd.Index([]),
        draws=draws,
        spread=None if spreader is None else pd.Series(spreader.factors, index=facs["interviewer"].labels),
        rating_variance=float(noise),
        rounding=float(rounding),
    )
