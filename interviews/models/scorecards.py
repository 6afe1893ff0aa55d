from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from interviews.models.pipeline import Interview
from interviews.querysets import ScorecardQuerySet
from interviews.validators import NOTE_MAX_CHARS, reject_control_characters
from rubrics.models import Attitude, CaseStudyPart, Competency, Indicator, Question


class Recommendation(models.IntegerChoices):
    STRONG_NO = 1, "Strong No"
    NO = 2, "No"
    YES = 3, "Yes"
    STRONG_YES = 4, "Strong Yes"


class Scorecard(models.Model):
    """One interviewer's record of one interview, at one revision.

    Revision 1 is the first submission (a draft until then). An amendment is a new row
    with the next revision number and a reason; earlier revisions stay as they were.
    Only the highest submitted revision counts as evidence (``is_current``).
    """

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards")
    revision = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=False, db_index=True,
                                     help_text="The latest submitted revision: the one that counts.")
    amend_reason = models.TextField(blank=True, max_length=NOTE_MAX_CHARS, validators=[reject_control_characters],
                                    help_text="Why this revision amends the previous one.")
    recommendation = models.PositiveSmallIntegerField(choices=Recommendation.choices, null=True, blank=True)
    summary = models.TextField(blank=True, max_length=NOTE_MAX_CHARS, validators=[reject_control_characters])
    version = models.PositiveIntegerField(
        default=0, help_text="Counts every save of this interviewer's scorecard for the interview; a save or "
                             "submission made from an older version is refused instead of overwriting.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "interviewer", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer", "revision"], name="scorecard_revision_unique"),
            models.UniqueConstraint(fields=["interview", "interviewer"], condition=Q(is_current=True),
                                    name="one_current_scorecard"),
            models.CheckConstraint(condition=Q(is_current=False) | Q(submitted_at__isnull=False),
                                   name="current_scorecard_is_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.interview} (rev. {self.revision})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class QuestionAnswer(models.Model):
    """The rating of one question (or one case-study part) on a scorecard.

    ``choice`` is what the interviewer picked: a level key (competency questions, half steps
    as "mid+"), "below" / "meets" / "exceeds" (exercises), or 1–4 (attitude questions).
    ``score`` is that choice converted to the scale of DESIGN.md "The scoring scale".
    """

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    part = models.ForeignKey(CaseStudyPart, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=40, blank=True)
    score = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    skipped = models.BooleanField(default=False)
    strengths = models.TextField(blank=True, max_length=NOTE_MAX_CHARS, validators=[reject_control_characters])
    gaps = models.TextField(blank=True, max_length=NOTE_MAX_CHARS, validators=[reject_control_characters],
                            help_text="What a stronger answer at the target level would have shown.")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="+",
                                        help_text="Indicators observed.")

    class Meta:
        ordering = ["scorecard", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "question"], condition=Q(part__isnull=True),
                                    name="one_answer_per_question"),
            models.UniqueConstraint(fields=["scorecard", "question", "part"], condition=Q(part__isnull=False),
                                    name="one_answer_per_question_part"),
        ]

    def __str__(self) -> str:
        return f"{self.question.title}: {'skipped' if self.skipped else self.choice}"


class CompetencyRating(models.Model):
    """A scorecard's rating of one competency, on the competency's proficiency scale.

    The one rating per scorecard and competency that calibration counts. ``derived``: nobody chose
    it; it is the weighted mean of the answers that evidence the competency. Otherwise the
    interviewer chose it, overriding what the answers say. ``sources`` lists those answers:
    ``{"question": id, "part": id | None, "choice": "exceeds", "score": 6.0, "weight": 1.0}``.
    """

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="competency_ratings")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="ratings")
    score = models.DecimalField(max_digits=4, decimal_places=1)
    derived = models.BooleanField(default=False, help_text="Derived from the answers, not chosen.")
    sources = models.JSONField(default=list, blank=True, help_text="The answers that evidence it.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "competency"], name="one_rating_per_competency")
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.score}"


class AttitudeRating(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="attitude_ratings")
    attitude = models.ForeignKey(Attitude, on_delete=models.PROTECT, related_name="ratings")
    score = models.PositiveSmallIntegerField(choices=Recommendation.choices,
                                             validators=[MinValueValidator(1), MaxValueValidator(4)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scorecard", "attitude"], name="one_rating_per_attitude")]

    def __str__(self) -> str:
        return f"{self.attitude}: {self.get_score_display()}"
