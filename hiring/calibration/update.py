"""Incremental update: one candidate's estimates from its current ratings, components held.

After a new scorecard, only the candidate's own effects need solving: the globals (competency
means, interviewer severities) and the variance components stay as the last full fit left
them, and the candidate's block of the exact posterior (posterior.py) is solved again. The
cost depends on the candidate's ratings only, not on the organisation's; the full refit can
wait for the debounced or nightly run. An interviewer the fit has not seen gets severity 0
with the prior variance; a competency it has not seen cannot be placed (its mean is unknown)
and its rows are left out and listed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hiring.calibration import posterior
from hiring.calibration.data import INTERVIEW_COLUMN, Scales, factor, nested, validate
from hiring.calibration.result import Draw, PosteriorState


@dataclass(frozen=True)
class Update:
    """``estimates``: candidate, competency, estimate, se, n_ratings (as in CalibrationResult);
    ``covariance``: candidate -> {(competency, competency): covariance, points²};
    ``uncalibrated``: competencies whose rows were left out (unknown to the fit)."""

    estimates: pd.DataFrame
    covariance: dict
    uncalibrated: tuple


def _globals(draw: Draw, n_known: int, new: int, prior_int: float) -> posterior.Globals:
    # Interviewers new since the fit are not part of the organisation's average it defined.
    mean = np.concatenate([draw.mean, np.zeros(new)])
    pool_mean, pool_cov, pool_var = draw.pool
    pool_cov = None if pool_cov is None else np.concatenate([pool_cov, np.zeros(new)])
    if draw.cov.ndim == 2:
        cov = np.zeros((n_known + new, n_known + new))
        cov[:n_known, :n_known] = draw.cov
        cov[np.arange(n_known, n_known + new), np.arange(n_known, n_known + new)] = prior_int
        return posterior.Globals(mean, cov, True, pool_mean, pool_cov, pool_var)
    return posterior.Globals(mean, np.concatenate([draw.cov, np.full(new, prior_int)]), False, pool_mean, pool_cov,
                             pool_var)


def update(state: PosteriorState, ratings: pd.DataFrame, scale: Scales | None = None) -> Update:
    """Estimates and covariances of the candidates in ``ratings`` (all their current ratings)."""
    frame = validate(ratings, scale)
    known = frame["competency"].isin(state.competencies)
    uncalibrated = tuple(sorted(frame.loc[~known, "competency"].unique(), key=str))
    frame = frame[known].reset_index(drop=True)
    columns = ["candidate", "competency", "estimate", "se", "n_ratings"]
    if frame.empty:
        return Update(pd.DataFrame(columns=columns), {}, uncalibrated)
    cand = factor("candidate", frame["candidate"])
    comp_codes = state.competencies.get_indexer(frame["competency"])
    comp = factor("competency", frame["competency"])
    cells = nested("cell", cand, comp)
    order = np.argsort(cells.codes, kind="stable")
    cell = cells.codes[order]
    n_cells = len(cells.labels)
    cell_cand = np.zeros(n_cells, dtype=np.int64)
    cell_comp = np.zeros(n_cells, dtype=np.int64)
    cell_cand[cell] = cand.codes[order]
    cell_comp[cell] = comp_codes[order]
    interview = interview_cand = None
    if "interview" in state.terms and INTERVIEW_COLUMN in frame:
        interviews = nested("interview", cand, factor("id", frame[INTERVIEW_COLUMN]))
        interview = interviews.codes[order]
        interview_cand = np.zeros(len(interviews.labels), dtype=np.int64)
        interview_cand[interview] = cand.codes[order]
    n_comp = len(state.competencies)
    int_rows, new = None, 0
    names = frame["interviewer"].to_numpy()[order]
    if "interviewer" in state.terms:
        where = state.interviewers.get_indexer(names)
        unseen = pd.Index(pd.unique(names[where < 0]))
        new = len(unseen)
        where[where < 0] = len(state.interviewers) + unseen.get_indexer(names[where < 0])
        int_rows = where
    weight = np.ones(len(order))
    if state.spread is not None:
        weight = state.spread.reindex(names).fillna(1.0).to_numpy()
    lay = posterior.layout(cand=cand.codes[order], cell=cell, cell_cand=cell_cand, cell_comp=cell_comp,
                           interview=interview, interview_cand=interview_cand, interviewer=int_rows,
                           n_comp=n_comp, terms=state.terms, n_globals=n_comp + len(state.interviewers) + new)
    y = frame["score"].to_numpy()[order]
    n_known = n_comp + len(state.interviewers)
    mean = np.zeros((lay.n_cand, lay.cells))
    second = np.zeros((lay.n_cand, lay.cells, lay.cells))
    for draw in state.draws:
        glb = _globals(draw, n_known, new, draw.components.get("interviewer", 0.0))
        blk = posterior.block(lay, 0, lay.n_cand, y, weight, draw.components)
        post = posterior.candidates(lay, blk, glb, state.rounding)
        mean += draw.weight * post.mean
        second += draw.weight * (post.cov + np.einsum("ci,cj->cij", post.mean, post.mean))
    total = sum(d.weight for d in state.draws)
    mean /= total
    cov = second / total - np.einsum("ci,cj->cij", mean, mean)
    real = lay.cell_of >= 0
    rows = lay.cell_of[real]
    estimate = np.zeros(n_cells)
    var = np.zeros(n_cells)
    estimate[rows] = mean[real]
    var[rows] = np.diagonal(cov, axis1=1, axis2=2)[real]
    table = pd.DataFrame({
        "candidate": cells.labels.get_level_values(0), "competency": cells.labels.get_level_values(1),
        "estimate": estimate, "se": np.sqrt(np.maximum(var, 0.0)),
        "n_ratings": np.bincount(cell, minlength=n_cells),
    })
    labels = table["competency"].to_numpy()
    covariance = {}
    for c, label in enumerate(cand.labels):
        slots = np.flatnonzero(lay.cell_of[c] >= 0)
        comps = labels[lay.cell_of[c][slots]]
        covariance[label] = {(comps[a], comps[b]): float(cov[c, slots[a], slots[b]])
                             for a in range(len(slots)) for b in range(len(slots))}
    return Update(table, covariance, uncalibrated)
