from interviews.models.audit import AuditEntry
from interviews.models.mail import MailTemplate
from interviews.models.pipeline import (
    Application,
    Candidate,
    Interview,
    KnockoutAnswer,
    Requisition,
    ResumeReview,
    ResumeScore,
    StageChange,
    VideoResponse,
    VideoReview,
)
from interviews.models.reminders import Reminder
from interviews.models.scorecards import (
    AttitudeRating,
    CompetencyRating,
    QuestionAnswer,
    Recommendation,
    Scorecard,
)

__all__ = [
    "Application", "AttitudeRating", "AuditEntry", "Candidate", "CompetencyRating", "Interview",
    "KnockoutAnswer", "MailTemplate", "QuestionAnswer", "Recommendation", "Reminder", "Requisition", "ResumeReview", "ResumeScore",
    "Scorecard", "StageChange", "VideoResponse", "VideoReview",
]
