"""Per-interviewer spread: how many score points an interviewer moves per point of true difference.

Some interviewers use the whole scale, others cluster in the middle. The factor multiplies the
true-score part of every rating the interviewer gives; it has a normal prior around 1 whose
variance is estimated (EM) across interviewers, and the factors are normalised to average 1
so that "an average interviewer" keeps its meaning.
"""

from __future__ import annotations

import numpy as np

from hiring.calibration.solver import Backfitter, Block

_LOW, _HIGH = 0.2, 5.0


class Spread:
    """Spread factors for ``size`` interviewers; ``codes`` gives the interviewer of each row."""

    def __init__(self, codes: np.ndarray, size: int, prior_var: float = 0.05) -> None:
        self.codes = codes
        self.size = size
        self.factors = np.ones(size)
        self.prior_var = prior_var
        self.posterior_var = np.full(size, prior_var)

    def start(self, factors: np.ndarray) -> None:
        """Begin from given factors (a previous fit)."""
        self.factors = np.clip(factors, _LOW, _HIGH) / np.mean(np.clip(factors, _LOW, _HIGH))

    def update(self, bf: Backfitter, blocks: list[Block], residual_var: float) -> float:
        """Re-estimate the factors from the current effects; returns the largest change."""
        scaled = [b for b in blocks if b.scaled]
        if not scaled:
            return 0.0
        theta = sum(bf.effects[b.name][0][b.codes] for b in scaled)
        target = bf.resid[0] + (theta if bf.scale is None else bf.scale * theta)
        precision = np.bincount(self.codes, theta * theta, self.size) / residual_var + 1.0 / self.prior_var
        pulled = np.bincount(self.codes, theta * target, self.size) / residual_var + 1.0 / self.prior_var
        raw = pulled / precision
        self.posterior_var = 1.0 / precision
        self.prior_var = max(float(np.mean((raw - 1.0) ** 2 + self.posterior_var)), 1e-4)
        raw = np.clip(raw, _LOW, _HIGH)
        # Only relative spreads are identified; in-sample slopes on shrunk effects all run a
        # little above 1, and renormalising (without rescaling the effects) removes that.
        new = raw / float(np.mean(raw))
        change = float(np.abs(new - self.factors).max()) * float(np.sqrt(np.mean(theta * theta)))
        self.factors = new
        bf.scale = new[self.codes]
        bf.refresh()
        return change
