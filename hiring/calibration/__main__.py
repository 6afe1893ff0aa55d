"""Command line: python -m hiring.calibration RATINGS.csv --out DIR."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from hiring.calibration.data import RatingsError
from hiring.calibration.model import TERMS, fit

DESCRIPTION = """\
Calibrate interview ratings with a crossed random-effects model.

Input: a CSV with a header and the columns candidate, interviewer, competency, score
(and optionally interview: an id, unique within a candidate, shared by the competencies
rated in one interview). Ids may be strings or numbers; score is numeric on any scale.

Writes to DIR:
  estimates.csv     candidate, competency, estimate, se, n_ratings
                    (estimate = mean over the interviewers of their expected score; se = posterior SD)
  interviewers.csv  interviewer, severity, se, n_ratings
                    (severity = score points below the average interviewer; positive = harsher)
  summary.json      variance components, reliability per competency, iterations, converged,
                    seconds, n_ratings, groups (connected candidate-interviewer groups),
                    prior (each component's prior scale), dropped (terms the design cannot
                    identify, with the reason), warnings

Bad input (missing column, empty table, missing, non-numeric or infinite score, a score
outside --scale, or beyond +-1e6 without one) prints one line "error: ..." naming the first
bad data rows (1 = first row after the header) and exits 2. A fit that does not converge
prints "warning: ..." on stderr and still writes its results (exit 0).
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m hiring.calibration",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("ratings", type=Path, help="ratings CSV file")
    parser.add_argument("--out", type=Path, required=True, help="output directory (created if missing)")
    parser.add_argument("--scale", type=_scale, metavar="MIN,MAX",
                        help="the rating scale, e.g. 1,4: scores outside it are refused; sets the priors' reference")
    parser.add_argument("--spread", action="store_true", help="also fit a spread factor per interviewer")
    parser.add_argument("--terms", default=",".join(TERMS), help="random terms, comma-separated (default: %(default)s)")
    parser.add_argument("--tol", type=float, default=1e-4, help="convergence tolerance (default: %(default)s)")
    parser.add_argument("--max-iter", type=int, default=500, help="iteration limit (default: %(default)s)")
    return parser


def _scale(text: str) -> tuple[float, float]:
    parts = text.split(",")
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected MIN,MAX (two numbers), got {text!r}") from None
    if not (low < high and abs(low) < float("inf") and abs(high) < float("inf")):
        raise argparse.ArgumentTypeError(f"expected MIN,MAX with MIN < MAX, got {text!r}")
    return low, high


def _read(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, skipinitialspace=True)
    except pd.errors.EmptyDataError:
        raise RatingsError(f"no ratings: {path.name} is empty") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise RatingsError(f"cannot read {path.name}: {str(exc).splitlines()[0]}") from None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: object) -> object:
    """A name a spreadsheet would run as a formula ("=cmd|...", "@SUM(...)") gets a leading
    apostrophe, so it shows as the text it is; numbers, negative ones included, are left alone."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def _spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].astype(object).map(_as_text)
    return frame


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 2 bad input)."""
    args = _parser().parse_args(argv)
    try:
        ratings = _read(args.ratings)
        terms = tuple(t.strip() for t in args.terms.split(",") if t.strip())
        result = fit(ratings, scale=args.scale, terms=terms, spread=args.spread, tol=args.tol,
                     max_iter=args.max_iter)
    except (RatingsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    columns = ["candidate", "competency", "estimate", "se", "n_ratings"]
    _spreadsheet_safe(result.estimates[columns]).to_csv(args.out / "estimates.csv", index=False)
    _spreadsheet_safe(result.interviewers).to_csv(args.out / "interviewers.csv", index=False)
    summary = {
        "components": result.components,
        "reliability": {str(k): v for k, v in result.reliability.items()},
        "iterations": result.iterations,
        "converged": result.converged,
        "seconds": result.seconds,
        "n_ratings": result.n_ratings,
        "groups": result.groups,
        "prior": result.prior,
        "dropped": result.dropped,
        "warnings": list(result.warnings),
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
