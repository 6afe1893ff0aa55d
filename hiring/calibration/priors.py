"""Weakly informative priors on the variance components, so that none can collapse to zero.

Every component ``k`` (candidate, candidate x competency, interviewer, interview, residual)
has a scaled inverse-chi-squared prior with ``DEGREES`` degrees of freedom and scale
``SHARES[k] * reference``, where ``reference`` is the variance of a typical spread of scores:
(scale width / 4)² when the scale is known (a 1–5 scale: 1 point²), else the observed score
variance (1 point² when every score is equal).

Why these numbers:

- The shares put half of a single rating's variance in the candidate's true score (general
  0.30 + competency-specific 0.20), 0.10 in interviewer severity, 0.10 in the halo of one
  interview and 0.30 in noise. Single-rater reliability of employment interviews is about
  0.4 to 0.7 depending on structure and format (meta-analyses: Conway, Jako & Goodman, 1995,
  J. Appl. Psychol. 80:565; Huffcutt, Culbertson & Weyhrauch, 2013, Int. J. Sel. Assess.
  21:264), so 0.5 is central. The other half is split with most in noise; severity and halo
  get a tenth each, which is our choice, not a published figure: the data soon override it.
- Few degrees of freedom (3) keep the prior weak: its 90% range spans roughly a factor of
  25, so a few dozen levels of a term already outweigh it. Unlike flat or half-Cauchy priors,
  its density vanishes at zero, which is what stops the collapse of a component with little
  information, the "boundary-avoiding" choice of Chung, Rabe-Hesketh, Dorie, Gelman & Liu
  (2013, Psychometrika 78:685).
- The residual also has a floor of step²/12 when scores lie on a grid of that step (rounding
  a judgement to whole points adds that much error; Sheppard's correction).

The estimate of each component is its posterior mode on the log scale,
``(|u|² + DEGREES * scale) / (effective levels + DEGREES)``, which the REML fixed-point
iteration reaches with the prior's pseudo-observations added.
"""

from __future__ import annotations

DEGREES = 3.0
SHARES: dict[str, float] = {
    "candidate": 0.30,
    "candidate_competency": 0.20,
    "interviewer": 0.10,
    "interview": 0.10,
    "residual": 0.30,
}


def reference_variance(observed: float, scale_width: float | None) -> float:
    """Points² that the shares apply to: (width / 4)² with a known scale, else the observed variance."""
    if scale_width is not None and scale_width > 0:
        return (scale_width / 4.0) ** 2
    return observed if observed > 0 else 1.0


def scales(reference: float) -> dict[str, float]:
    """The prior scale (points²) of every component."""
    return {name: share * reference for name, share in SHARES.items()}


def posterior_mode(square: float, effective: float, scale: float, degrees: float = DEGREES) -> float:
    """Log-scale posterior mode of a variance from its sum of squares and effective count.

    ``degrees`` = 0 is plain REML (no prior); then an effective count near 0 falls back to
    ``square / effective`` kept finite by the caller's floor.
    """
    return (square + degrees * scale) / max(max(effective, 0.0) + degrees, 1e-12)
