"""Integrating over the variance components, so their uncertainty is in every standard error.

With few candidates or interviewers the components are poorly known, and plugging in a point
estimate makes every interval too narrow. Up to MAX_RATINGS ratings (where the exact
restricted likelihood is cheap), the components' posterior is integrated numerically:

1. a Laplace approximation on the log-variances around the fitted mode (finite-difference
   gradient and Hessian of the log posterior: restricted likelihood, which integrates the
   competency means out under their flat prior, plus the priors of priors.py);
2. importance sampling from a multivariate t (4 degrees of freedom, spread 1.2 times the
   Laplace covariance) centred there, weighted by the exact log posterior over the proposal;
3. the exact conditional posteriors (posterior.solve) of every draw mixed with those weights:
   mean = weighted mean, variance = weighted (variance + mean²) - mean².

Beyond MAX_RATINGS the components' relative SDs are a few percent and their contribution is
left out (benchmarks/calibration_accuracy.py measures what that costs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from hiring.calibration.posterior import Globals, Solution

MAX_RATINGS = 20_000
DRAWS = 32
_STEP = 0.15  # finite-difference step on log-variances
_T_DEGREES = 4.0
_WIDEN = 1.2


@dataclass(frozen=True)
class Integration:
    """How the components were integrated: draws (log-variances), weights, effective sample size."""

    names: tuple[str, ...]
    draws: np.ndarray  # draws x components, log points²
    weights: np.ndarray
    effective: float
    globals: tuple[Globals, ...]  # the globals' posterior under each draw


def log_prior(comps: dict[str, float], prior: dict[str, float], degrees: float) -> float:
    """Sum over components of the log prior density of log(variance) (constants dropped)."""
    return float(sum(-0.5 * degrees * np.log(v) - degrees * prior[k] / (2 * v) for k, v in comps.items()))


def _t_logpdf(x: np.ndarray, centre: np.ndarray, root: np.ndarray) -> np.ndarray:
    d = len(centre)
    z = np.linalg.solve(root, (x - centre).T).T
    nu = _T_DEGREES
    return (gammaln((nu + d) / 2) - gammaln(nu / 2) - 0.5 * d * np.log(nu * np.pi)
            - np.log(np.abs(np.diag(root))).sum() - 0.5 * (nu + d) * np.log1p(np.sum(z * z, axis=1) / nu))


def _laplace(logpost: Callable[[np.ndarray], float], centre: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = len(centre)
    h = _STEP
    f0 = logpost(centre)
    plus = np.array([logpost(centre + h * e) for e in np.eye(d)])
    minus = np.array([logpost(centre - h * e) for e in np.eye(d)])
    grad = (plus - minus) / (2 * h)
    hess = np.diag((plus - 2 * f0 + minus) / h**2)
    for i in range(d):
        for j in range(i + 1, d):
            e_i, e_j = np.eye(d)[i] * h, np.eye(d)[j] * h
            value = (logpost(centre + e_i + e_j) - logpost(centre + e_i - e_j)
                     - logpost(centre - e_i + e_j) + logpost(centre - e_i - e_j)) / (4 * h * h)
            hess[i, j] = hess[j, i] = value
    # Curvature of at least 1/4 per direction (an SD of at most 2 in log-variance, a factor 7).
    values, vectors = np.linalg.eigh(-hess)
    precision = vectors @ np.diag(np.maximum(values, 0.25)) @ vectors.T
    cov = np.linalg.inv(precision)
    step = cov @ grad
    step *= min(1.0, 1.0 / max(np.abs(step).max(), 1e-12))  # one damped Newton step toward the mode
    moved = centre + step
    return (moved if logpost(moved) > f0 else centre), cov


def integrate(evaluate: Callable[[dict[str, float]], Solution], mode: dict[str, float], prior: dict[str, float],
              degrees: float, cell_of: np.ndarray, seed: int = 0) -> tuple[Solution, Integration]:
    """Mix the exact posteriors over the components' posterior (see the module docstring)."""
    names = tuple(mode)
    cache: dict[bytes, Solution] = {}

    def solution(theta: np.ndarray) -> Solution:
        key = np.round(theta, 12).tobytes()
        if key not in cache:
            cache[key] = evaluate(dict(zip(names, np.exp(theta), strict=True)))
        return cache[key]

    def logpost(theta: np.ndarray) -> float:
        comps = dict(zip(names, np.exp(theta), strict=True))
        return solution(theta).loglik + log_prior(comps, prior, degrees)

    centre, cov = _laplace(logpost, np.log(np.array([mode[n] for n in names])))
    root = np.linalg.cholesky(cov) * _WIDEN
    rng = np.random.default_rng(seed)
    normal = rng.standard_normal((DRAWS, len(names)))
    scale = np.sqrt(_T_DEGREES / rng.chisquare(_T_DEGREES, DRAWS))
    draws = centre + (normal @ root.T) * scale[:, None]
    log_w = np.array([logpost(t) for t in draws]) - _t_logpdf(draws, centre, root)
    weights = np.exp(log_w - log_w.max())
    weights /= weights.sum()
    solutions = [solution(t) for t in draws]
    mixed = _mix(solutions, weights, cell_of)
    effective = float(1.0 / np.sum(weights**2))
    cache.clear()
    return mixed, Integration(names, draws, weights, effective, tuple(s.globals for s in solutions))


def _mix(solutions: list[Solution], weights: np.ndarray, cell_of: np.ndarray) -> Solution:
    pairs = list(zip(weights, solutions, strict=True))
    mean = sum(w * s.cell_mean for w, s in pairs)
    var = np.maximum(sum(w * (s.cell_var + s.cell_mean**2) for w, s in pairs) - mean**2, 0.0)
    real = cell_of >= 0

    def padded(values: np.ndarray) -> np.ndarray:
        return np.where(real, values[np.maximum(cell_of, 0)], 0.0)

    centre = padded(mean)
    cov = sum(w * (s.cand_cov + np.einsum("ci,cj->cij", padded(s.cell_mean) - centre, padded(s.cell_mean) - centre))
              for w, s in pairs)
    g_mean = sum(w * s.globals.mean for w, s in pairs)
    g_cov = sum(w * (s.globals.cov + np.outer(s.globals.mean - g_mean, s.globals.mean - g_mean)) for w, s in pairs)
    return Solution(mean, var, cov, Globals(g_mean, (g_cov + g_cov.T) / 2, True), solutions[0].loglik)
