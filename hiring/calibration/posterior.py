"""Exact posterior of every candidate's estimates given the variance components.

The model's effects split into *locals*, which belong to one candidate (the candidate effect,
its candidate x competency effects and its interviews' halos), and *globals*, shared across
candidates (competency means, with a flat prior, and interviewer severities). Ordering the
posterior precision matrix locals first, each candidate is one small dense block ``P_c``
(a dozen or so rows) coupled to the globals by ``B_c``; eliminating the blocks leaves the
globals' precision, the Schur complement ``S = A - sum_c B_c' P_c^-1 B_c``. Then

- globals: mean ``S^-1 (b - sum_c B_c' P_c^-1 r_c)``, covariance ``S^-1``;
- candidate c's cell estimates ``e = M g + L x_c + v'g`` (competency mean + candidate + cell,
  plus the mean effect of the organisation's interviewers, ``v = 1/n`` on each, so that an
  estimate is the score this organisation's interviewers give on average):
  covariance ``L P_c^-1 L' + (H + 1v') S^-1 (H + 1v')'`` with ``H = M - L P_c^-1 B_c``,

all exact (no sampling). ``S`` is dense up to DENSE_GLOBALS globals; beyond that only its
diagonal is formed, and the globals' covariance is taken as diagonal: with that many
interviewers each is rated by many candidates and the neglected correlations are small.
The same arithmetic, for one candidate with the globals held, is the incremental update.
Candidates are processed in chunks so memory stays bounded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DENSE_GLOBALS = 1000
_CHUNK = 20_000  # candidates per batch of small dense matrices
_KEEP_BYTES = 1.2e9  # solved blocks kept between the two passes up to this size


@dataclass(frozen=True)
class Layout:
    """Where each rating's effects sit in its candidate's padded local and global slots."""

    n_cand: int
    local: int  # slots per candidate (padded)
    glob: int  # global slots per candidate (padded)
    cells: int  # cell slots per candidate (padded)
    row_cand: np.ndarray  # candidate of each row (rows sorted by candidate)
    row_local: np.ndarray  # rows x 3: local slot of the candidate, cell, interview effect (-1: none)
    row_glob: np.ndarray  # rows x 2: global slot of the competency mean, the interviewer (-1: none)
    slot_prior: np.ndarray  # candidates x local: prior precision factor index (0 cand, 1 cell, 2 interview, 3 pad)
    glob_index: np.ndarray  # candidates x glob: index of the global (n_globals = padding)
    cell_of: np.ndarray  # candidates x cells: cell index (-1 padding)
    cell_slot: np.ndarray  # candidates x cells: local slot of the cell effect (-1: no cell term)
    cand_slot: int  # local slot of the candidate effect (-1: no candidate term)
    bounds: np.ndarray  # row offsets per candidate, length n_cand + 1
    cell_n: np.ndarray  # candidates x cells: ratings of the cell (0 padding)


def _local_index(outer: np.ndarray, inner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rank of each inner level within its outer level (both sorted by outer), and counts."""
    counts = np.bincount(outer)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return inner - first[outer], counts


def layout(*, cand: np.ndarray, cell: np.ndarray, cell_cand: np.ndarray, cell_comp: np.ndarray,
           interview: np.ndarray | None, interview_cand: np.ndarray | None, interviewer: np.ndarray | None,
           n_comp: int, terms: tuple[str, ...], n_globals: int | None = None) -> Layout:
    """Build the slots. Rows must be sorted by candidate; cells and interviews are numbered in
    candidate order (as ``data.nested`` numbers them). ``interviewer`` is None without the term."""
    n_cand = int(cell_cand.max()) + 1
    has_cand = "candidate" in terms
    has_cell = "candidate_competency" in terms
    j_local, j_count = _local_index(cell_cand, np.arange(len(cell_cand)))
    j_count = np.bincount(cell_cand, minlength=n_cand)
    offset = int(has_cand)
    cell_slot_of_cell = offset + j_local if has_cell else np.full(len(cell_cand), -1)
    used = np.full(n_cand, offset) + (j_count if has_cell else 0)
    row_local = np.full((len(cand), 3), -1, dtype=np.int64)
    if has_cand:
        row_local[:, 0] = 0
    row_local[:, 1] = cell_slot_of_cell[cell]
    if interview is not None:
        v_local, _ = _local_index(interview_cand, np.arange(len(interview_cand)))
        v_count = np.bincount(interview_cand, minlength=n_cand)
        row_local[:, 2] = used[cand] + v_local[interview]
        used = used + v_count
    local = max(int(used.max()), 1)
    slot_prior = np.full((n_cand, local), 3, dtype=np.int64)
    if has_cand:
        slot_prior[:, 0] = 0
    cells = int(j_count.max())
    cell_of = np.full((n_cand, cells), -1, dtype=np.int64)
    cell_of[cell_cand, j_local] = np.arange(len(cell_cand))
    cell_slot = np.full((n_cand, cells), -1, dtype=np.int64)
    if has_cell:
        cell_slot[cell_cand, j_local] = cell_slot_of_cell
        slot_prior[cell_cand, cell_slot_of_cell] = 1
    if interview is not None:
        start = offset + (j_count if has_cell else 0)
        slot_prior[interview_cand, start[interview_cand] + v_local] = 2
    # Global slots: one per cell (its competency mean), then one per distinct interviewer.
    n_glob_int = 0
    row_glob = np.full((len(cand), 2), -1, dtype=np.int64)
    row_glob[:, 0] = j_local[cell]
    pairs = None
    if interviewer is not None:
        width = np.int64(interviewer.max() + 1)
        pairs, first = np.unique(cand * width + interviewer, return_inverse=True)
        pair_cand = (pairs // width).astype(np.int64)
        w_local, w_count = _local_index(pair_cand, np.arange(len(pairs)))
        w_count = np.bincount(pair_cand, minlength=n_cand)
        row_glob[:, 1] = j_count[cand] + w_local[first]
        n_glob_int = int(w_count.max())
    glob = max(cells + n_glob_int, 1)
    if n_globals is None:
        n_globals = n_comp + (int(interviewer.max()) + 1 if interviewer is not None else 0)
    glob_index = np.full((n_cand, glob), n_globals, dtype=np.int64)
    glob_index[cell_cand, j_local] = cell_comp
    if pairs is not None:
        glob_index[pair_cand, j_count[pair_cand] + w_local] = n_comp + (pairs % width)
    bounds = np.concatenate([[0], np.cumsum(np.bincount(cand, minlength=n_cand))])
    cell_n = np.zeros((n_cand, cells))
    cell_n[cell_cand, j_local] = np.bincount(cell, minlength=len(cell_cand))
    return Layout(n_cand, local, glob, cells, cand, row_local, row_glob, slot_prior, glob_index, cell_of,
                  cell_slot, 0 if has_cand else -1, bounds, cell_n)


@dataclass
class Blocks:
    """One chunk of candidates: their precision blocks, solved."""

    lo: int
    hi: int
    inv: np.ndarray  # c x local x local: P_c^-1
    coupling: np.ndarray  # c x local x glob: P_c^-1 B_c
    solved: np.ndarray  # c x local: P_c^-1 r_c
    b: np.ndarray  # c x local x glob: B_c
    logdet: float  # sum of log |P_c|


def _local_precision(comps: dict[str, float], padding: float) -> np.ndarray:
    """Prior precision per Layout.slot_prior index: candidate, cell, interview, then padding."""
    return np.array([1 / comps.get("candidate", 1.0), 1 / comps.get("candidate_competency", 1.0),
                     1 / comps.get("interview", 1.0), padding])


def block(lay: Layout, lo: int, hi: int, y: np.ndarray, weight: np.ndarray, comps: dict[str, float],
          want_logdet: bool = False) -> Blocks:
    """Form and solve the precision blocks of candidates lo..hi-1 (rows weighted by spread)."""
    s2e = comps["residual"]
    rows = slice(lay.bounds[lo], lay.bounds[hi])
    c = lay.row_cand[rows] - lo
    n = hi - lo
    k, g = lay.local, lay.glob
    loc = lay.row_local[rows]
    glo = lay.row_glob[rows]
    w = weight[rows] / np.sqrt(s2e)
    yw = y[rows] / np.sqrt(s2e)
    prec = _local_precision(comps, padding=1.0)  # padding slots: an identity, so P_c inverts
    # One bincount per matrix over every (slot, slot) pair of every row: far fewer large
    # temporaries than one per pair.
    p_index, p_value, b_index, b_value, r_index, r_value = [], [], [], [], [], []
    for i in range(3):
        on_i = loc[:, i] >= 0
        r_index.append(c[on_i] * k + loc[on_i, i])
        r_value.append((w * yw)[on_i])
        for j in range(3):
            on = on_i & (loc[:, j] >= 0)
            p_index.append((c[on] * k + loc[on, i]) * k + loc[on, j])
            p_value.append(w[on] ** 2)
        for j in range(2):
            on = on_i & (glo[:, j] >= 0)
            b_index.append((c[on] * k + loc[on, i]) * g + glo[on, j])
            b_value.append(w[on] / np.sqrt(s2e))
    flat_p = np.bincount(np.concatenate(p_index), np.concatenate(p_value), n * k * k).astype(float)
    flat_b = np.bincount(np.concatenate(b_index), np.concatenate(b_value), n * k * g).astype(float)
    flat_r = np.bincount(np.concatenate(r_index), np.concatenate(r_value), n * k).astype(float)
    p = flat_p.reshape(n, k, k)
    p[:, np.arange(k), np.arange(k)] += prec[lay.slot_prior[lo:hi]]
    b = flat_b.reshape(n, k, g)
    r = flat_r.reshape(n, k)
    # log|P_c| only feeds the likelihood, which small data (dense globals) needs.
    logdet = 0.0
    if want_logdet:
        root = np.linalg.cholesky(p)
        logdet = 2.0 * float(np.log(np.diagonal(root, axis1=1, axis2=2)).sum())
    inv = np.linalg.inv(p)
    return Blocks(lo, hi, inv, inv @ b, np.einsum("ckl,cl->ck", inv, r), b, logdet)


def chunks(lay: Layout) -> list[tuple[int, int]]:
    return [(lo, min(lo + _CHUNK, lay.n_cand)) for lo in range(0, lay.n_cand, _CHUNK)]


@dataclass(frozen=True)
class Globals:
    """The globals' posterior: mean and covariance (dense, or its diagonal when ``dense`` is False)."""

    mean: np.ndarray  # n_globals
    cov: np.ndarray  # n_globals x n_globals, or n_globals
    dense: bool
    pool_mean: float = 0.0  # v'g: mean effect of the organisation's interviewers
    pool_cov: np.ndarray | None = None  # S^-1 v (n_globals), None without interviewers
    pool_var: float = 0.0  # v' S^-1 v


def with_pool(glb: Globals, n_comp: int, n_int: int) -> Globals:
    """The globals with the average-interviewer terms (v = 1/n_int on every interviewer)."""
    if n_int == 0:
        return glb
    v = np.zeros(len(glb.mean))
    v[n_comp:n_comp + n_int] = 1.0 / n_int
    u = glb.cov @ v if glb.dense else glb.cov * v
    return Globals(glb.mean, glb.cov, glb.dense, float(v @ glb.mean), u, float(v @ u))


def _padded_cov(glb: Globals, index: np.ndarray) -> np.ndarray:
    n = len(glb.mean)
    if glb.dense:
        full = np.zeros((n + 1, n + 1))
        full[:n, :n] = glb.cov
        return full[index[:, :, None], index[:, None, :]]
    diag = np.concatenate([glb.cov, [0.0]])[index]
    out = np.zeros((*index.shape, index.shape[1]))
    out[:, np.arange(index.shape[1]), np.arange(index.shape[1])] = diag
    return out


@dataclass(frozen=True)
class CandidatePosterior:
    """Cell estimates of candidates lo..hi-1: padded per candidate (cells slot order)."""

    mean: np.ndarray  # c x cells (padding 0)
    cov: np.ndarray  # c x cells x cells
    local: np.ndarray  # c x local: posterior means of the local effects


def candidates(lay: Layout, blk: Blocks, glb: Globals, rounding: float = 0.0) -> CandidatePosterior:
    """Exact cell means and covariances of one chunk given the globals' posterior.

    ``rounding`` (points², step²/12 for scores on a grid) floors each cell's variance at
    rounding / n_ratings: n ratings rounded to the grid cannot place the cell's true score
    more closely than their own rounding allows, however much the pooled terms say (all
    scores equal would otherwise look exact). Rows and columns are scaled together, so the
    correlations stay as computed.
    """
    lo, hi = blk.lo, blk.hi
    n, j = hi - lo, lay.cells
    index = lay.glob_index[lo:hi]
    g_mean = np.concatenate([glb.mean, [0.0]])[index]
    x = blk.solved - np.einsum("ckg,cg->ck", blk.coupling, g_mean)
    lmat = np.zeros((n, j, lay.local))
    cell_slot = lay.cell_slot[lo:hi]
    real = lay.cell_of[lo:hi] >= 0
    cc, jj = np.nonzero(real & (cell_slot >= 0))
    lmat[cc, jj, cell_slot[cc, jj]] = 1.0
    if lay.cand_slot >= 0:
        lmat[:, :, lay.cand_slot] = real
    mmat = np.zeros((n, j, lay.glob))
    cc, jj = np.nonzero(real)
    mmat[cc, jj, jj] = 1.0
    mean = np.einsum("cjk,ck->cj", lmat, x) + np.einsum("cjg,cg->cj", mmat, g_mean)
    h = mmat - lmat @ blk.coupling
    cov = lmat @ blk.inv @ lmat.transpose(0, 2, 1) + h @ _padded_cov(glb, index) @ h.transpose(0, 2, 1)
    if glb.pool_cov is not None:
        cross = np.einsum("cjg,cg->cj", h, np.concatenate([glb.pool_cov, [0.0]])[index]) * real
        mean = mean + glb.pool_mean * real
        cov = cov + cross[:, :, None] + cross[:, None, :] + glb.pool_var * (real[:, :, None] & real[:, None, :])
    if rounding > 0:
        var = np.diagonal(cov, axis1=1, axis2=2)
        least = rounding / np.maximum(lay.cell_n[lo:hi], 1.0)
        factor = np.where(real & (var > 0), np.sqrt(np.maximum(least / np.maximum(var, 1e-300), 1.0)), 1.0)
        cov = cov * factor[:, :, None] * factor[:, None, :]
    return CandidatePosterior(mean, cov, x)


def schur(lay: Layout, blocks: list[Blocks], base: np.ndarray, rhs: np.ndarray, dense: bool) -> tuple:
    """Globals' precision (dense matrix or diagonal) and right-hand side after eliminating the locals."""
    n = len(rhs)
    s = base.copy()
    r = rhs.copy()
    for blk in blocks:
        index = lay.glob_index[blk.lo:blk.hi]
        t = np.einsum("ckg,ck->cg", blk.b, blk.solved)
        r -= np.bincount(index.ravel(), t.ravel(), n + 1)[:n]
        if dense:
            q = blk.b.transpose(0, 2, 1) @ blk.coupling  # c x glob x glob
            flat = (index[:, :, None] * (n + 1) + index[:, None, :]).ravel()
            s -= np.bincount(flat, q.ravel(), (n + 1) ** 2).reshape(n + 1, n + 1)[:n, :n]
        else:
            diag = np.einsum("ckg,ckg->cg", blk.b, blk.coupling)
            s -= np.bincount(index.ravel(), diag.ravel(), n + 1)[:n]
    return s, r


@dataclass(frozen=True)
class Solution:
    """The exact posterior at one set of components."""

    cell_mean: np.ndarray  # n_cells
    cell_var: np.ndarray  # n_cells
    cand_cov: np.ndarray  # n_cand x cells x cells, in Layout.cell_of order
    globals: Globals
    loglik: float  # restricted log-likelihood (constants dropped); nan when S is not dense


def _global_base(n_comp: int, n_int: int, comp_rows: np.ndarray, int_rows: np.ndarray | None,
                 y: np.ndarray, comps: dict[str, float], dense: bool) -> tuple[np.ndarray, np.ndarray]:
    s2e = comps["residual"]
    rhs = np.bincount(comp_rows, y, n_comp) / s2e
    diag_c = np.bincount(comp_rows, minlength=n_comp) / s2e
    if int_rows is not None:
        rhs = np.concatenate([rhs, np.bincount(int_rows, y, n_int) / s2e])
        diag_i = np.bincount(int_rows, minlength=n_int) / s2e + 1.0 / comps["interviewer"]
    else:
        diag_i = np.zeros(0)
    diag = np.concatenate([diag_c, diag_i])
    if not dense:
        return diag, rhs
    base = np.diag(diag)
    if int_rows is not None:
        cross = np.bincount(comp_rows * n_int + int_rows, minlength=n_comp * n_int).reshape(n_comp, n_int) / s2e
        base[:n_comp, n_comp:] = cross
        base[n_comp:, :n_comp] = cross.T
    return base, rhs


def solve(lay: Layout, *, y: np.ndarray, weight: np.ndarray, comps: dict[str, float], n_comp: int, n_int: int,
          comp_rows: np.ndarray, int_rows: np.ndarray | None, n_cells: int,
          held: np.ndarray | None = None, rounding: float = 0.0) -> Solution:
    """Exact posterior at ``comps``. Dense globals when there are at most DENSE_GLOBALS of them;
    otherwise the globals' means are ``held`` (the converged solver's) with a diagonal covariance."""
    dense = n_comp + n_int <= DENSE_GLOBALS or held is None
    base, rhs = _global_base(n_comp, n_int, comp_rows, int_rows, y, comps, dense)
    parts = chunks(lay)
    # Keep the solved blocks for the second pass when they fit in memory; else form them again.
    kept = lay.n_cand * lay.local * (lay.local + 2 * lay.glob) * 8 < _KEEP_BYTES
    blocks = [block(lay, lo, hi, y, weight, comps, dense) for lo, hi in parts] if kept else None
    stream = blocks if kept else (block(lay, lo, hi, y, weight, comps, dense) for lo, hi in parts)
    s, r = schur(lay, stream, base, rhs, dense)
    if dense:
        # Flat priors on the competency means: S is positive definite once each mean has a rating.
        cov = np.linalg.inv(s)
        cov = (cov + cov.T) / 2
        glb = Globals(cov @ r, cov, True)
        _, logdet_s = np.linalg.slogdet(s)
    else:
        glb = Globals(held, 1.0 / s, False)
        logdet_s = np.nan
    glb = with_pool(glb, n_comp, n_int)
    cell_mean = np.zeros(n_cells)
    cell_var = np.zeros(n_cells)
    cand_cov = np.zeros((lay.n_cand, lay.cells, lay.cells))
    logdet_p, quad_local, fitted = 0.0, 0.0, np.zeros(len(y))
    prec = _local_precision(comps, padding=0.0)
    g_pad = np.concatenate([glb.mean, [0.0]])
    for blk in blocks if kept else (block(lay, lo, hi, y, weight, comps, dense) for lo, hi in parts):
        post = candidates(lay, blk, glb, rounding)
        where = lay.cell_of[blk.lo:blk.hi]
        real = where >= 0
        cell_mean[where[real]] = post.mean[real]
        cell_var[where[real]] = np.diagonal(post.cov, axis1=1, axis2=2)[real]
        cand_cov[blk.lo:blk.hi] = post.cov
        logdet_p += blk.logdet
        if not dense:  # the likelihood is only needed (and only exact) with dense globals
            continue
        quad_local += float(np.sum(post.local**2 * prec[lay.slot_prior[blk.lo:blk.hi]]))
        rows = slice(lay.bounds[blk.lo], lay.bounds[blk.hi])
        c = lay.row_cand[rows] - blk.lo
        loc = lay.row_local[rows]
        part = sum(np.where(loc[:, i] >= 0, post.local[c, np.maximum(loc[:, i], 0)], 0.0) for i in range(3))
        fitted[rows] = weight[rows] * part
    fitted += g_pad[comp_rows]
    if int_rows is not None:
        fitted += glb.mean[n_comp + int_rows]
    loglik = np.nan
    if dense:
        s2e = comps["residual"]
        quad = float(np.sum((y - fitted) ** 2)) / s2e + quad_local
        if int_rows is not None:
            quad += float(np.sum(glb.mean[n_comp:] ** 2)) / comps["interviewer"]
        levels = np.bincount(lay.slot_prior.ravel(), minlength=4)
        log_g = sum(levels[i] * np.log(comps[name]) for i, name in
                    enumerate(("candidate", "candidate_competency", "interview")) if name in comps)
        if int_rows is not None:
            log_g += n_int * np.log(comps["interviewer"])
        loglik = -0.5 * (len(y) * np.log(s2e) + log_g + logdet_p + logdet_s + quad)
    return Solution(cell_mean, cell_var, cand_cov, glb, float(loglik))
