"""How far each interviewer's ratings sit from their peers' on the same candidate and competency. Pure."""

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
