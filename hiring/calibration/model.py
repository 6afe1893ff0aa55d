"""Fit the crossed random-effects calibration model.

score = mean(competency) + candidate + candidate x competency + spread(interviewer) x (those
two + interview) + interviewer + noise, with spread fixed at 1 unless ``spread=True``.
Variance components are estimated by the REML fixed-point (MacKay/Harville) iteration
``var_k = |u_k|^2 / (levels_k - trace_k / var_k)`` with the pseudo-observations of a weakly
informative prior added (see priors.py); the traces come from posterior draws obtained by
solving the same sparse system for randomly perturbed right-hand sides.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np
import pandas as pd

from hiring.calibration import bayes, posterior, priors, probes, uncertainty
from hiring.calibration import spread as spreading
from hiring.calibration.data import INTERVIEW_COLUMN, Factor, Scales, factor, nested, rating_step, validate
from hiring.calibration.result import CalibrationResult
from hiring.calibration.solver import Backfitter, Block

TERMS: tuple[str, ...] = ("candidate", "candidate_competency", "interviewer", "interview")
_TRUE_SCORE = ("candidate", "candidate_competency", "interview")
_FLOOR = 1e-9  # numerical safety only: the priors keep every component well above it


def _factors(frame: pd.DataFrame, terms: Sequence[str]) -> dict[str, Factor]:
    # Candidate, candidate x competency and interviewer are always built: the outputs need them.
    out = {x: factor(x, frame[x]) for x in ("competency", "candidate", "interviewer")}
    out["candidate_competency"] = nested("candidate_competency", out["candidate"], out["competency"])
    if INTERVIEW_COLUMN in frame.columns and "interview" in terms:
        out["interview"] = nested("interview", out["candidate"], factor("id", frame[INTERVIEW_COLUMN]))
    return out


def _probe_count(n_ratings: int) -> int:
    # Enough draws for stable traces on small data, few on big data where sums are long anyway.
    return int(np.clip(1_000_000 // max(n_ratings, 1), 4, 40))


def _start(blocks: list[Block], facs: dict[str, Factor], init: CalibrationResult | None, m: int) -> dict:
    if init is None:
        return {}
    start = {}
    for b in blocks:
        if b.name not in init.state.effects:
            continue
        labels, old = init.state.effects[b.name]
        where = pd.Index(labels).get_indexer(facs[b.name].labels)
        fresh = np.zeros((m, b.size))
        known = where >= 0
        rows = min(m, old.shape[0])
        fresh[:rows, known] = old[:rows, where[known]]
        start[b.name] = fresh
    return start


def _initial_components(names: list[str], var: float, init: CalibrationResult | None) -> dict:
    if init is not None and set(names) <= set(init.components):
        return {n: init.components[n] for n in [*names, "residual"]}
    comps = {n: 0.5 * var / max(len(names), 1) for n in names}
    comps["residual"] = 0.5 * var
    return comps


def _unidentifiable(facs: dict[str, Factor], names: list[str]) -> dict[str, str]:
    """Terms the design cannot tell apart from another term, with the reason (they are dropped)."""
    dropped = {}
    if "candidate_competency" in names and len(facs["competency"].labels) == 1:
        dropped["candidate_competency"] = "one competency: the same as the candidate term (merged into it)"
    if "candidate" in names and len(facs["candidate"].labels) == 1:
        dropped["candidate"] = "one candidate: absorbed by the competency means"
    if "interview" in names:
        per_interview = np.bincount(facs["interview"].codes)
        per_candidate = np.bincount(facs["interview"].labels.codes[0])
        if per_interview.max() == 1:
            dropped["interview"] = "every interview rated one competency: the same as rating noise (merged into it)"
        elif per_candidate.max() == 1:
            dropped["interview"] = "every candidate had one interview: the same as the candidate term (merged into it)"
    return dropped


def _update_components(bf: Backfitter, blocks: list[Block], comps: dict, n_rows: int, prior: dict,
                       least_residual: float, degrees: float) -> dict:
    s2e = comps["residual"]
    new, used = {}, 0.0
    for b in blocks:
        u = bf.effects[b.name]
        if b.fixed:
            used += b.size
            continue
        square = float(u[0] @ u[0])
        trace = s2e * float(np.mean(np.einsum("ij,ij->i", u[1:], u[1:])))
        gamma = min(max(b.size - trace / comps[b.name], 0.0), b.size)
        if degrees == 0 and gamma < 1e-3 * b.size:  # plain REML near the boundary: an EM step
            value = (square + trace) / b.size
        else:
            value = priors.posterior_mode(square, gamma, prior[b.name], degrees)
        new[b.name] = max(value, _FLOOR * prior[b.name])
        used += gamma
    r = bf.resid[0]
    residual = priors.posterior_mode(float(r @ r), max(n_rows - used, 1.0), prior["residual"], degrees)
    new["residual"] = max(residual, least_residual)
    return new


def _exact(facs: dict[str, Factor], order: np.ndarray, y: np.ndarray, names: list[str], comps: dict,
           bf: Backfitter, spreader: spreading.Spread | None, prior: dict, degrees: float, integrate: bool) -> tuple:
    """Exact posterior of the cells and interviewers, integrated over the components on small data."""
    cell = facs["candidate_competency"].codes[order]
    cand = facs["candidate"].codes[order]
    n_cells = len(facs["candidate_competency"].labels)
    cell_cand = np.zeros(n_cells, dtype=np.int64)
    cell_comp = np.zeros(n_cells, dtype=np.int64)
    comp_rows = facs["competency"].codes[order]
    cell_cand[cell], cell_comp[cell] = cand, comp_rows
    interview = interview_cand = None
    if "interview" in names:
        interview = facs["interview"].codes[order]
        interview_cand = np.zeros(len(facs["interview"].labels), dtype=np.int64)
        interview_cand[interview] = cand
    int_rows = facs["interviewer"].codes[order] if "interviewer" in names else None
    n_comp = len(facs["competency"].labels)
    n_int = len(facs["interviewer"].labels) if int_rows is not None else 0
    lay = posterior.layout(cand=cand, cell=cell, cell_cand=cell_cand, cell_comp=cell_comp, interview=interview,
                           interview_cand=interview_cand, interviewer=int_rows, n_comp=n_comp, terms=tuple(names))
    weight = np.ones(len(y)) if spreader is None else spreader.factors[facs["interviewer"].codes[order]]
    held = bf.effects["competency"][0]
    if int_rows is not None:
        held = np.concatenate([held, bf.effects["interviewer"][0]])

    def evaluate(at: dict[str, float]) -> posterior.Solution:
        return posterior.solve(lay, y=y, weight=weight, comps=at, n_comp=n_comp, n_int=n_int, comp_rows=comp_rows,
                               int_rows=int_rows, n_cells=n_cells, held=held, rounding=rating_step(y) ** 2 / 12)

    small = len(y) <= bayes.MAX_RATINGS and n_comp + n_int <= posterior.DENSE_GLOBALS and degrees > 0 and integrate
    if not small:
        return evaluate(comps), lay, None
    solution, integration = bayes.integrate(evaluate, comps, prior, degrees, lay.cell_of)
    return solution, lay, integration


def fit(
    ratings: pd.DataFrame,
    *,
    init: CalibrationResult | None = None,
    scale: Scales | None = None,
    terms: Sequence[str] = TERMS,
    spread: bool = False,
    prior_degrees: float = priors.DEGREES,
    components_uncertainty: bool = True,
    tol: float = 1e-4,
    max_iter: int = 500,
    probes_count: int | None = None,
) -> CalibrationResult:
    """Calibrate a long table of ratings.

    Input: DataFrame with columns ``candidate, interviewer, competency, score`` (score on any
    numeric scale) and optionally ``interview`` (an id, unique within a candidate). ``scale``
    is the rating scale, (lowest, highest) or per competency: scores outside it are refused,
    and it sets the priors' reference variance (see priors.py). ``terms`` picks the random
    terms (``interview`` is used only if the column exists; terms the design cannot identify
    are dropped and listed in ``result.dropped``); ``spread``
    adds a per-interviewer scale factor; ``prior_degrees`` weighs the priors (0: plain REML,
    as lme4 or statsmodels fit it); ``components_uncertainty`` integrates over the variance
    components on data of up to bayes.MAX_RATINGS ratings (False: plug the fitted ones in,
    the exact conditional posterior); ``init`` warm-starts from a previous result;
    ``tol`` bounds the change per iteration of the variance components (relative to the
    score variance) and of any effect (relative to the score SD); ``probes_count`` sets the
    number of posterior draws (default: by data size).
    Output: a :class:`CalibrationResult`, every estimate on the input score scale.
    Raises RatingsError for unusable input and ValueError for an unknown term.
    """
    started = time.perf_counter()
    unknown = sorted(set(terms) - set(TERMS))
    if unknown:
        raise ValueError(f"unknown term(s): {', '.join(unknown)}; choose from {', '.join(TERMS)}")
    frame = validate(ratings, scale)
    facs = _factors(frame, terms)
    # Sorting by candidate x competency makes both nested blocks contiguous runs of rows.
    order = np.argsort(facs["candidate_competency"].codes, kind="stable")
    y = frame["score"].to_numpy()[order]
    n = len(y)
    names = [t for t in TERMS if t in terms and t in facs]
    dropped = _unidentifiable(facs, names)
    names = [t for t in names if t not in dropped]
    blocks = [Block(x, facs[x].codes[order], len(facs[x].labels), x == "competency", x in _TRUE_SCORE)
              for x in ["competency", *names]]
    m = 1 + (probes_count or _probe_count(n))
    keys = {x: probes.label_keys(facs[x].labels) for x in facs}
    row_keys = probes.combine([keys[x][facs[x].codes[order]] for x in facs if x != "candidate_competency"])
    columns = np.vstack([y, probes.normals(row_keys, m - 1, salt=0)])
    draws = {b.name: probes.normals(keys[b.name], m - 1, salt=i + 1) for i, b in enumerate(blocks) if not b.fixed}
    bf = Backfitter(blocks, columns, _start(blocks, facs, init, m), cell="candidate_competency")
    var = float(np.var(y))
    width = float(np.max(frame["scale_high"] - frame["scale_low"])) if "scale_high" in frame else None
    reference = priors.reference_variance(var, width)
    prior = priors.scales(reference)
    least_residual = rating_step(y) ** 2 / 12.0
    size = np.sqrt(reference)
    comps = _initial_components(names, reference, init)
    comps = {k: max(v, prior[k] * 1e-3, least_residual if k == "residual" else 0.0) for k, v in comps.items()}
    interviewer_codes = facs["interviewer"].codes[order]
    spreader = spreading.Spread(interviewer_codes, len(facs["interviewer"].labels)) if spread else None
    if spreader is not None and init is not None and init.state.spread is not None:
        spreader.start(init.state.spread.reindex(facs["interviewer"].labels).fillna(1.0).to_numpy())
        bf.scale = spreader.factors[interviewer_codes]
        bf.refresh()
    converged, iteration = False, 0
    last_step: dict[str, float] = {}
    for iteration in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        shrink = {b.name: 0.0 if b.fixed else comps["residual"] / comps[b.name] for b in blocks}
        extra = {x: np.vstack([np.zeros(d.shape[1]), np.sqrt(shrink[x]) * d]) for x, d in draws.items()}
        change = bf.sweep(shrink, extra)
        new = _update_components(bf, blocks, comps, n, prior, least_residual, prior_degrees)
        # The fixed-point map can overshoot when a component has little information (its
        # effective count falls as it shrinks) and then cycles; halve the step, on the log
        # scale, of any component whose step reverses direction.
        for k in new:
            step = np.log(new[k] / comps[k])
            if step * last_step.get(k, 0.0) < 0:
                new[k] = comps[k] * np.exp(step / 2)
            last_step[k] = float(np.log(new[k] / comps[k]))
        moved = max(abs(new[k] - comps[k]) for k in new) / reference
        comps = new
        if spreader is not None:
            change = max(change, spreader.update(bf, blocks, comps["residual"]))
        if moved < tol and change < tol * size:
            converged = True
            break
    exact = _exact(facs, order, y, names, comps, bf, spreader, prior, prior_degrees, components_uncertainty)
    return uncertainty.assemble(
        frame=frame, facs=facs, order=order, bf=bf, blocks=blocks, comps=comps, names=names,
        iterations=iteration, converged=converged, started=started, spreader=spreader,
        terms=tuple(names), dropped=dropped, prior=prior, exact=exact,
    )
