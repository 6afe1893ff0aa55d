"""The backfitting solver: its fast path for the blocks that are constant within a cell."""

import numpy as np
import pytest

from hiring.calibration.solver import Backfitter, Block


def _blocks(rng: np.random.Generator) -> list[Block]:
    # 40 candidates x 6 competencies; rows sorted by cell as the model sorts them.
    cand = np.repeat(np.arange(40), 6)
    comp = np.tile(np.arange(6), 40)
    keep = rng.random(len(cand)) < 0.8
    cand, comp = cand[keep], comp[keep]
    cells = np.unique(cand * 6 + comp, return_inverse=True)[1]
    rows = np.repeat(np.arange(len(cand)), rng.integers(1, 4, len(cand)))  # 1-3 ratings per cell
    judge = rng.integers(0, 9, len(rows))
    return [Block("competency", comp[rows], 6, True, False), Block("candidate", cand[rows], 40, False, True),
            Block("candidate_competency", cells[rows], int(cells.max()) + 1, False, True),
            Block("interviewer", judge, 9, False, False)]


def _solve(blocks: list[Block], columns: np.ndarray, cell: str | None, sweeps: int) -> Backfitter:
    bf = Backfitter(blocks, columns, {}, cell=cell)
    shrink = {"competency": 0.0, "candidate": 0.7, "candidate_competency": 1.9, "interviewer": 2.5}
    rng = np.random.default_rng(1)
    extra = {b.name: rng.standard_normal((columns.shape[0], b.size)) for b in blocks if not b.fixed}
    for _ in range(sweeps):
        bf.sweep(shrink, extra)
    return bf


def test_cell_level_fast_path_takes_the_same_steps_as_the_plain_one():
    rng = np.random.default_rng(0)
    blocks = _blocks(rng)
    columns = rng.standard_normal((3, len(blocks[0].codes)))
    fast = _solve(blocks, columns, "candidate_competency", 5)
    plain = _solve(blocks, columns, None, 5)
    assert fast._of_cell and not plain._of_cell
    for b in blocks:
        assert fast.effects[b.name] == pytest.approx(plain.effects[b.name], abs=1e-12)
    assert fast.resid == pytest.approx(plain.resid, abs=1e-12)


def test_converged_effects_solve_the_mixed_model_equations():
    rng = np.random.default_rng(2)
    blocks = _blocks(rng)
    y = rng.standard_normal(len(blocks[0].codes))
    bf = Backfitter(blocks, y[None, :], {}, cell="candidate_competency")
    shrink = {"competency": 0.0, "candidate": 0.7, "candidate_competency": 1.9, "interviewer": 2.5}
    for _ in range(400):
        bf.sweep(shrink, {})
    design = np.hstack([np.eye(b.size)[b.codes] for b in blocks])
    penalty = np.concatenate([np.full(b.size, shrink[b.name]) for b in blocks])
    effects = np.concatenate([bf.effects[b.name][0] for b in blocks])
    # Z'(y - Z u) = diag(lambda) u: the normal equations of the penalised least squares.
    assert design.T @ (y - design @ effects) == pytest.approx(penalty * effects, abs=1e-8)


def test_a_block_that_varies_within_a_cell_ends_the_fast_path():
    rng = np.random.default_rng(3)
    blocks = _blocks(rng)
    reordered = [blocks[0], blocks[3], blocks[1], blocks[2]]  # interviewer before the cell-level blocks
    bf = Backfitter(reordered, rng.standard_normal((1, len(blocks[0].codes))), {}, cell="candidate_competency")
    assert bf._of_cell == {}
