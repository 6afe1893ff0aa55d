"""Calibration of interview ratings: a crossed random-effects model, numpy/scipy/pandas only.

``fit(ratings)`` takes the long table (RATING_COLUMNS, optionally ``interview``) and returns a
CalibrationResult. Nothing here imports Django.
"""

from hiring.calibration.data import RATING_COLUMNS, RatingsError
from hiring.calibration.model import TERMS, fit
from hiring.calibration.result import CalibrationResult

__all__ = ["RATING_COLUMNS", "TERMS", "CalibrationResult", "RatingsError", "fit"]
