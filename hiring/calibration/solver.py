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


class Backfitter:
    """Holds effects ``U[name]`` (columns x levels) and residuals ``R`` (columns x rows)."""

    def __init__(self, blocks: list[Block], columns: np.ndarray, start: dict[str, np.ndarray]) -> None:
        self.blocks = blocks
        self.columns = columns
        self.scale = np.ones(columns.shape[1])
        self.effects = {b.name: start.get(b.name, np.zeros((columns.shape[0], b.size))) for b in blocks}
        self.refresh()

    def refresh(self) -> None:
        """Recompute the design diagonals and the residuals (after the spread factors changed)."""
        squared = self.scale**2
        self.diag = {
            b.name: np.bincount(b.codes, squared if b.scaled else None, minlength=b.size).astype(float)
            for b in self.blocks
        }
        self.resid = self.columns.copy()
        for b in self.blocks:
            self.resid -= self._spread(b, self.effects[b.name][:, b.codes])

    def _spread(self, block: Block, values: np.ndarray) -> np.ndarray:
        if block.scaled:
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
            weighted = self.resid * self.scale if b.scaled else self.resid
            numer = np.stack([np.bincount(b.codes, col, minlength=b.size) for col in weighted])
            numer += self.diag[b.name] * old
            if b.name in extra:
                numer += extra[b.name]
            new = numer / (self.diag[b.name] + shrink[b.name])
            delta = new - old
            self.effects[b.name] = new
            self.resid -= self._spread(b, delta[:, b.codes])
            largest = max(largest, float(np.abs(delta[0]).max()))
        return largest
