"""Reproducible standard-normal draws keyed by content rather than by position.

A level or a rating always gets the same draws, whatever the row order and whatever else
is in the table, so the probe solutions of a previous fit are a good warm start for a refit
on the same data plus a few new rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtri

_GOLDEN_INT = 0x9E3779B97F4A7C15
_GOLDEN = np.uint64(_GOLDEN_INT)
_MASK = 2**64 - 1


def _offset(n: int) -> np.uint64:
    # n * golden modulo 2**64, done on Python ints: numpy warns on scalar uint64 overflow.
    return np.uint64((n * _GOLDEN_INT) & _MASK)


def _mix(h: np.ndarray) -> np.ndarray:
    # splitmix64 finaliser; uint64 array arithmetic wraps silently, which is what we want.
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def label_keys(labels: pd.Index) -> np.ndarray:
    """One uint64 key per label (MultiIndex labels combine their parts)."""
    if isinstance(labels, pd.MultiIndex):
        keys = np.zeros(len(labels), dtype=np.uint64)
        for depth in range(labels.nlevels):
            # Hash each level's distinct values once and spread them by code: the same keys as
            # hashing every label's part, without building millions of Python objects.
            part = label_keys(labels.levels[depth])[labels.codes[depth]]
            keys = _mix(keys ^ part + _GOLDEN)
        return keys
    return _mix(pd.util.hash_array(np.asarray(labels, dtype=object)))


def combine(parts: list[np.ndarray]) -> np.ndarray:
    """Fold several uint64 key arrays of equal length into one."""
    keys = np.zeros(len(parts[0]), dtype=np.uint64)
    for part in parts:
        keys = _mix((keys ^ part) + _GOLDEN)
    return keys


def normals(keys: np.ndarray, count: int, salt: int) -> np.ndarray:
    """``count`` x len(keys) standard normals, a fixed function of (key, draw number, salt)."""
    out = np.empty((count, len(keys)))
    base = _mix(keys + _offset(salt))
    for draw in range(count):
        bits = _mix(base + _offset(draw + 1)) >> np.uint64(11)
        out[draw] = ndtri((bits.astype(np.float64) + 0.5) * 2.0**-53)
    return out
