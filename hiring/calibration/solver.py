"""Gauss-Seidel backfitting for the mixed-model equations, many right-hand sides at once.

The system for one column is ``(Z'Z + diag(lambda)) u = Z'y + c``, where every row of Z has
exactly one non-zero per block (its level), so each block update is a bincount. Column 0
holds the data; the other columns hold random probes whose solutions are draws from the
posterior of the effects (perturbation sampling), which is how variances are estimated
without ever inverting the system.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Block:
    """One factor of the model: the level of each row, and how it enters the design."""

    name: str
    codes: np.ndarray  # int64 level per row
    size: int  # number of levels
    fixed: bool  # flat prior (fixed effects)
    scaled: bool  # multiplied by the rating interviewer's spread factor

    def __post_init__(self) -> None:
        # Rows sorted by this block (every level present) allow reduceat/repeat, much faster
        # than bincount and fancy indexing.
        steps = np.diff(self.codes)
        self.sorted = bool(len(self.codes) and self.codes[0] == 0 and np.all((steps == 0) | (steps == 1)))
        self.counts = np.bincount(self.codes, minlength=self.size) if self.sorted else None
        self.starts = np.concatenate([[0], np.cumsum(self.counts)[:-1]]) if self.sorted else None

    def sums(self, values: np.ndarray) -> np.ndarray:
        """Per-level sums of each row of ``values`` (columns x rows -> columns x levels)."""
        if self.sorted:
            return np.add.reduceat(values, self.starts, axis=1)
        return np.stack([np.bincount(self.codes, col, minlength=self.size) for col in values])

    def spread_out(self, levels: np.ndarray) -> np.ndarray:
        """Per-row values from per-level values (columns x levels -> columns x rows)."""
        if self.sorted:
            return np.repeat(levels, self.counts, axis=1)
        return np.take(levels, self.codes, axis=1)


class Backfitter:
    """Holds effects ``U[name]`` (columns x levels) and residuals ``R`` (columns x rows)."""

    def __init__(self, blocks: list[Block], columns: np.ndarray, start: dict[str, np.ndarray]) -> None:
        self.blocks = blocks
        self.columns = columns
        self.scale: np.ndarray | None = None  # per-row spread factor; None means all ones
        self.effects = {b.name: start.get(b.name, np.zeros((columns.shape[0], b.size))) for b in blocks}
        self.refresh()

    def refresh(self) -> None:
        """Recompute the design diagonals and the residuals (after the spread factors changed)."""
        squared = None if self.scale is None else self.scale**2
        self.diag = {
            b.name: np.bincount(b.codes, squared if b.scaled else None, minlength=b.size).astype(float)
            for b in self.blocks
        }
        self.resid = self.columns.copy()
        for b in self.blocks:
            self.resid -= self._scaled(b, b.spread_out(self.effects[b.name]))

    def _scaled(self, block: Block, values: np.ndarray) -> np.ndarray:
        if block.scaled and self.scale is not None:
            values *= self.scale
        return values

    def sweep(self, shrink: dict[str, float], extra: dict[str, np.ndarray]) -> float:
        """One pass over the blocks; returns the largest change of a data-column effect.

        ``shrink[name]`` is residual variance / block variance (0 for fixed blocks);
        ``extra[name]`` is added to the right-hand side (the probes' prior perturbation).
        """
        largest = 0.0
        for b in self.blocks:
            old = self.effects[b.name]
            numer = b.sums(self._scaled(b, self.resid.copy()) if b.scaled and self.scale is not None else self.resid)
            numer += self.diag[b.name] * old
            if b.name in extra:
                numer += extra[b.name]
            new = numer / (self.diag[b.name] + shrink[b.name])
            delta = new - old
            self.effects[b.name] = new
            self.resid -= self._scaled(b, b.spread_out(delta))
            largest = max(largest, float(np.abs(delta[0]).max()))
        return largest
