"""Validation and integer encoding of the long ratings table."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

RATING_COLUMNS: tuple[str, ...] = ("candidate", "interviewer", "competency", "score")
INTERVIEW_COLUMN = "interview"
_SHOWN_ROWS = 5
# Without a scale, a score beyond this is refused: no rating scale is that wide, and squares of
# such numbers overflow (1e308 is a finite float).
PLAUSIBLE = 1e6

Scale = tuple[float, float]  # (lowest, highest) score, inclusive
Scales = Scale | Mapping[Hashable, Scale]  # one scale, or one per competency


class RatingsError(ValueError):
    """The ratings table cannot be fitted; the message is one line naming the problem."""


def _rows(mask: np.ndarray) -> str:
    # 1-based data rows (the header is not counted), as a person reading the CSV counts them.
    positions = np.flatnonzero(mask) + 1
    shown = ", ".join(str(p) for p in positions[:_SHOWN_ROWS])
    more = f" (and {len(positions) - _SHOWN_ROWS} more)" if len(positions) > _SHOWN_ROWS else ""
    return f"row{'s' if len(positions) > 1 else ''} {shown}{more}"


def _bounds(frame: pd.DataFrame, scale: Scales) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(scale, Mapping):
        low, high = (float(v) for v in scale)
        if not (np.isfinite(low) and np.isfinite(high) and low < high):
            raise RatingsError(f"the scale must be two finite numbers, lowest first: got {low:g},{high:g}")
        return np.full(len(frame), low), np.full(len(frame), high)
    unknown = sorted({str(c) for c in frame["competency"].unique() if c not in scale})
    if unknown:
        raise RatingsError(f"no scale for competenc{'ies' if len(unknown) > 1 else 'y'} {', '.join(unknown[:5])}")
    low = frame["competency"].map({k: float(v[0]) for k, v in scale.items()}).to_numpy(dtype=float)
    high = frame["competency"].map({k: float(v[1]) for k, v in scale.items()}).to_numpy(dtype=float)
    return low, high


def validate(ratings: pd.DataFrame, scale: Scales | None = None) -> pd.DataFrame:
    """Check a ratings table and return a copy with a float ``score`` column.

    Input: a DataFrame with RATING_COLUMNS and optionally ``interview``; ids may be any
    hashable values; ``scale`` is (lowest, highest) or a mapping competency -> (lowest,
    highest). Raises RatingsError (one-line message) for a missing column, an empty table, a
    missing id, a score that is missing, not a number or infinite, a score outside the scale
    (without a scale: beyond ±PLAUSIBLE), or a competency without a scale.
    """
    missing = [c for c in RATING_COLUMNS if c not in ratings.columns]
    if missing:
        raise RatingsError(f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    if len(ratings) == 0:
        raise RatingsError("no ratings: the table is empty")
    columns = list(RATING_COLUMNS) + ([INTERVIEW_COLUMN] if INTERVIEW_COLUMN in ratings.columns else [])
    frame = ratings[columns].reset_index(drop=True)
    for column in columns:
        if column == "score":
            continue
        absent = frame[column].isna().to_numpy()
        if absent.any():
            raise RatingsError(f"{column} is missing in {_rows(absent)}")
    raw = frame["score"]
    absent = raw.isna().to_numpy()
    if absent.any():
        raise RatingsError(f"score is missing in {_rows(absent)}")
    if raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype):
        raw = raw.astype(str).str.strip()
    score = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(score)
    if bad.any():
        raise RatingsError(f"score is not a number in {_rows(bad)}")
    if scale is None:
        wild = np.abs(score) > PLAUSIBLE
        if wild.any():
            raise RatingsError(f"score is not a plausible rating (beyond ±{PLAUSIBLE:g}) in {_rows(wild)}")
        return frame.assign(score=score)
    low, high = _bounds(frame, scale)
    outside = (score < low) | (score > high)
    if outside.any():
        first = int(np.flatnonzero(outside)[0])
        raise RatingsError(f"score is outside the scale {low[first]:g}–{high[first]:g} in {_rows(outside)}")
    return frame.assign(score=score, scale_low=low, scale_high=high)


def rating_step(score: np.ndarray) -> float:
    """The grid the scores are given on (1 for whole points, 0.5 for halves), or 0 if none.

    Rounding a judgement to that grid adds error of variance step²/12 to every rating, which
    is therefore the least residual variance the model allows (Sheppard's correction).
    """
    values = np.unique(score)
    for step in (1.0, 0.5, 0.25, 0.1):
        on_grid = np.allclose(values / step, np.round(values / step), atol=1e-9)
        if on_grid and (len(values) == 1 or np.min(np.diff(values)) >= step - 1e-9):
            return step
    return 0.0


@dataclass(frozen=True)
class Factor:
    """One grouping of the rows: integer code per row and the label of each level."""

    name: str
    codes: np.ndarray  # int64, one per row, in 0..len(labels)-1
    labels: pd.Index


def nested(name: str, outer: Factor, inner: Factor) -> Factor:
    """The Factor of (outer, inner) pairs, ordered by outer code then inner code."""
    width = np.int64(len(inner.labels))
    codes, pairs = pd.factorize(outer.codes * width + inner.codes, sort=True)
    labels = pd.MultiIndex.from_arrays(
        [outer.labels[pairs // width], inner.labels[pairs % width]], names=[outer.name, inner.name]
    )
    return Factor(name, codes.astype(np.int64), labels)


def factor(name: str, values: pd.Series | pd.MultiIndex) -> Factor:
    """Encode a column (or a MultiIndex of columns) as a Factor with labels in sorted order."""
    try:
        codes, labels = pd.factorize(values, sort=True)
    except TypeError:  # ids of mixed types (e.g. 3 and "x") have no order; keep first-seen order
        codes, labels = pd.factorize(values, sort=False)
    if isinstance(values, pd.MultiIndex) and not isinstance(labels, pd.MultiIndex):
        labels = pd.MultiIndex.from_tuples(list(labels), names=values.names)
    return Factor(name, codes.astype(np.int64), labels if isinstance(labels, pd.Index) else pd.Index(labels))
