"""The one bridge from the database to the pure core: submitted ratings -> long DataFrame."""

import pandas as pd
from django.db.models import QuerySet

from hiring.calibration import RATING_COLUMNS
from interviews.models import CompetencyRating
from rubrics.models import Competency
from rubrics.models.framework import DEFAULT_BELOW, DEFAULT_EXCEEDS

COLUMNS = (*RATING_COLUMNS, "interview")


def competency_identity(role_key: str, competency_key: str) -> str:
    """The competency as calibration sees it: shared by every published version of a role."""
    return f"{role_key}:{competency_key}"


def competency_names() -> dict[str, str]:
    """Competency identity -> the competency's name (a later version's name wins)."""
    rows = Competency.objects.order_by("pk").values_list("role__key", "key", "name")
    return {competency_identity(role_key, key): name for role_key, key, name in rows}


def competency_scales() -> dict[str, tuple[float, float]]:
    """Competency identity -> its role's (lowest, highest) score: what calibration checks against.

    The role's scale, widened by its exercise offsets: an exercise rated Exceeds at the top level
    (or Below at the bottom one) scores beyond the scale, so that it stays apart from a Meets
    (interviews.scales)."""
    rows = Competency.objects.values_list("role__key", "key", "role__scale_min", "role__scale_max",
                                          "role__below_set", "role__exceeds_set")
    return {competency_identity(role_key, key): (
        float(low + (DEFAULT_BELOW if below is None else min(below, 0))),
        float(high + (DEFAULT_EXCEEDS if exceeds is None else max(exceeds, 0))))
        for role_key, key, low, high, below, exceeds in rows}


def current_ratings() -> QuerySet[CompetencyRating]:
    """The ratings that count: those on the current (latest submitted) revision of each scorecard."""
    return CompetencyRating.objects.filter(scorecard__is_current=True, scorecard__submitted_at__isnull=False)


def ratings_frame(ratings: QuerySet[CompetencyRating] | None = None) -> pd.DataFrame:
    """Long table: candidate (application id), interviewer (user id), competency identity,
    score (float, on the role's proficiency scale), interview (interview id). One query."""
    ratings = current_ratings() if ratings is None else ratings
    rows = ratings.values_list(
        "scorecard__interview__application_id", "scorecard__interviewer_id",
        "competency__role__key", "competency__key", "score", "scorecard__interview_id",
    )
    frame = pd.DataFrame.from_records(
        list(rows), columns=["candidate", "interviewer", "role_key", "competency_key", "score", "interview"]
    )
    frame["competency"] = frame["role_key"] + ":" + frame["competency_key"]
    frame["score"] = frame["score"].astype(float)
    return frame[list(COLUMNS)]
