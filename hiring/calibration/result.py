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
class CalibrationResult:
    """Output of :func:`hiring.calibration.fit`.

    All estimates are on the input score scale.

    - ``estimates``: one row per observed candidate x competency: ``candidate``,
      ``competency``, ``estimate`` (competency mean + candidate + candidate x competency
      effects: the expected score from an average interviewer, without interview halo),
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
    dropped: dict[str, str] = field(default_factory=dict)
    prior: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
