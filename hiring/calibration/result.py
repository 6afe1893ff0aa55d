"""The plain-data result of a calibration fit."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class WarmState:
    """What a later fit needs to start close to this one: effects and spreads by label."""

    effects: dict[str, tuple[pd.Index, np.ndarray]]  # block -> (level labels, columns x levels)
    spread: pd.Series | None  # interviewer -> spread factor, when the spread term was on


@dataclass(frozen=True)
class Covariances:
    """Posterior covariance of each candidate's cell estimates (points²).

    ``rows[c, i]`` is the row of ``estimates`` in slot i of candidate c (candidates in
    ``candidate_groups`` order; -1 = padding); ``matrix[c]`` is the slots' covariance.
    """

    rows: np.ndarray
    matrix: np.ndarray


@dataclass(frozen=True)
class Draw:
    """One set of components with its weight and the globals' posterior under it."""

    components: dict[str, float]
    weight: float
    mean: np.ndarray  # competency means, then interviewer effects (+ = lenient)
    cov: np.ndarray  # their covariance: matrix, or its diagonal
    pool: tuple[float, np.ndarray | None, float] = (0.0, None, 0.0)  # average interviewer: mean, S^-1 v, v'S^-1 v


@dataclass(frozen=True)
class PosteriorState:
    """What the incremental update (``hiring.calibration.update``) needs: small and picklable."""

    terms: tuple[str, ...]
    competencies: pd.Index
    interviewers: pd.Index  # labels of the interviewer effects (empty without the term)
    draws: tuple[Draw, ...]  # one without component integration
    spread: pd.Series | None  # interviewer -> spread factor
    rating_variance: float  # error variance of one more rating by a new interviewer, points²
    rounding: float = 0.0  # step²/12 of the scores' grid: the least variance n ratings leave a cell


@dataclass(frozen=True)
class CalibrationResult:
    """Output of :func:`hiring.calibration.fit`.

    All estimates are on the input score scale.

    - ``estimates``: one row per observed candidate x competency: ``candidate``,
      ``competency``, ``estimate`` (competency mean + candidate + candidate x competency
      effects plus the mean interviewer effect: the score the organisation's interviewers
      would give on average, i.e. the mean over them of each one's expected score, without
      interview halo),
      ``se`` (posterior standard deviation), ``n_ratings``, ``group``.
    - ``interviewers``: ``interviewer``, ``severity`` (points below the average interviewer;
      positive = harsher), ``se``, ``n_ratings``, and ``spread`` (score points per point of
      true difference; 1 = average, <1 compresses to the middle) when fitted with spread.
    - ``components``: variances (score points squared) per term and ``residual``.
    - ``reliability``: per competency, single-rating intraclass correlation
      (candidate + candidate x competency variance over total variance).
    - ``groups``: number of connected components of the candidate-interviewer graph;
      ``candidate_groups`` maps each candidate to its group (0 = the largest).
    - ``dropped``: terms the design could not identify, with the reason (they were left out).
    - ``prior``: the prior scale (points²) of every component (see priors.py).
    - ``covariance``: per-candidate posterior covariances of the estimates (see
      :meth:`candidate_covariance`); ``posterior``: the state for incremental updates;
      ``integration``: how the components were integrated (None: plugged in, on large data).
    - ``warnings``: one sentence per problem a reader of the results should know about (for
      example, no convergence within the iteration limit).
    """

    estimates: pd.DataFrame
    interviewers: pd.DataFrame
    components: dict[str, float]
    reliability: dict[Hashable, float]
    iterations: int
    converged: bool
    seconds: float
    n_ratings: int
    groups: int
    candidate_groups: pd.Series
    terms: tuple[str, ...]
    spread: bool
    state: WarmState = field(repr=False)
    covariance: Covariances | None = field(default=None, repr=False)
    posterior: PosteriorState | None = field(default=None, repr=False)
    integration: object | None = field(default=None, repr=False)
    dropped: dict[str, str] = field(default_factory=dict)
    prior: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def candidate_covariance(self, candidate: Hashable) -> dict[tuple[Hashable, Hashable], float]:
        """(competency, competency) -> posterior covariance of the candidate's two estimates, points²."""
        index = self.candidate_groups.index.get_loc(candidate)
        rows = self.covariance.rows[index]
        real = np.flatnonzero(rows >= 0)
        names = self.estimates["competency"].to_numpy()[rows[real]]
        matrix = self.covariance.matrix[index]
        return {(names[a], names[b]): float(matrix[real[a], real[b]]) for a in range(len(real))
                for b in range(len(real))}
