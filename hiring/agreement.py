"""How far each interviewer's ratings sit from their peers' on the same candidate and competency. Pure."""

import math

import pandas as pd


def peer_agreement(ratings: pd.DataFrame) -> dict:
    """ratings: long table with candidate, interviewer, competency, score (proficiency points).

    Returns interviewer -> {"mad": mean absolute difference (points) between their rating and
    each other interviewer's rating of the same candidate x competency, "pairs": how many such
    pairs, "correlation": Pearson correlation over those pairs (None below 3 pairs or no spread)}.
    Interviewers with no peer on any cell are absent.
    """
    if ratings.empty:
        return {}
    cells = ratings[["candidate", "competency", "interviewer", "score"]]
    pairs = cells.merge(cells, on=["candidate", "competency"], suffixes=("", "_peer"))
    pairs = pairs[pairs["interviewer"] != pairs["interviewer_peer"]]
    out = {}
    for interviewer, group in pairs.groupby("interviewer"):
        diff = (group["score"] - group["score_peer"]).abs()
        corr = None
        if len(group) >= 3 and group["score"].std() > 0 and group["score_peer"].std() > 0:
            corr = float(group["score"].corr(group["score_peer"]))
        out[interviewer] = {"mad": float(diff.mean()), "pairs": int(len(group)), "correlation": corr}
    return out


# Cicchetti's (1994) bands for an intraclass correlation.
RELIABILITY_BANDS = ((0.40, "poor"), (0.60, "fair"), (0.75, "good"), (1.01, "excellent"))


def ratings_needed(icc: float, target: float = 0.7) -> int | None:
    """How many independent ratings averaged reach reliability ``target`` (Spearman–Brown); None if icc <= 0."""
    if icc <= 0:
        return None
    if icc >= target:
        return 1
    return math.ceil(target * (1 - icc) / (icc * (1 - target)) - 1e-9)


def reliability_in_words(icc: float | None) -> str:
    """One sentence a hiring manager can read: what a single-rating ICC means for the packet."""
    if icc is None:
        return "Not enough ratings to say how much interviewers agree."
    band = next(name for bound, name in RELIABILITY_BANDS if icc < bound)
    share = max(0.0, min(icc, 1.0))
    needed = ratings_needed(icc)
    more = ("One rating already reaches 0.70." if needed == 1 else
            f"About {needed} interviewers' ratings averaged reach 0.70." if needed else
            "Adding interviewers does not help until they agree more.")
    return (f"{band.capitalize()}: about {share:.0%} of the spread in single ratings reflects real differences "
            f"between candidates, the rest is interviewer noise. {more}")
