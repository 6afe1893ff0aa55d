from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from interviews.querysets import (
    ApplicationQuerySet,
    CandidateQuerySet,
    InterviewQuerySet,
    RequisitionQuerySet,
)
from rubrics.models import CodingVariant, KnockoutOption, Level, LoopTemplate, Question, Role, Round, Stage


class Requisition(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    loop = models.ForeignKey(LoopTemplate, on_delete=models.PROTECT, related_name="requisitions",
                             limit_choices_to={"frozen": True}, help_text="A published loop version.")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="requisitions", editable=False)
    target_levels = models.ManyToManyField(Level, related_name="requisitions")
    hiring_manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                       related_name="managed_requisitions")
    recruiter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="recruited_requisitions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resume_advance_at = models.DecimalField(
        "resume score to advance", max_digits=3, decimal_places=2, default=Decimal("2.5"),
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="Mean resume-criterion score (1–4) at or above which a reviewed resume advances; "
        "below it the application is archived.",
    )
    resume_reviews_required = models.PositiveSmallIntegerField(
        "resume reviews needed", default=1, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="How many reviewers score a resume before the rule advances or archives it.",
    )
    openings = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text="How many people this requisition hires; it closes when they are hired.",
    )
    job_description = models.TextField(blank=True, help_text="Shown to candidates on the application page.")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = RequisitionQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.role_id = self.loop.role_id
        if self.status == self.Status.CLOSED and self.closed_at is None:
            self.closed_at = timezone.now()  # closed in the admin: candidates' retention counts from now
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.loop_id and not self.loop.frozen:
            raise ValidationError({"loop": "A requisition runs on a published loop version."})


class Candidate(models.Model):
    """One person across all their applications, known by their e-mail address (case aside).

    Erasure (interviews.services.people.erase_candidate) anonymises the row in place: the
    applications and their ratings stay, without anything that says who the person was.
    """

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, help_text="Empty once the candidate is erased.")
    phone = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False,
                                     help_text="When the personal data was erased.")

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="one_candidate_per_email",
                                    violation_error_message="A candidate with this e-mail address exists already."),
        ]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined (knockout)"
        ARCHIVED = "archived", "Archived"
        OFFER = "offer", "Offer made"
        HIRED = "hired", "Hired"
        REJECTED = "rejected", "Rejected"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="applications")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    resume = models.FileField(upload_to="resumes/%Y/%m/", blank=True)
    consent_at = models.DateTimeField(null=True, blank=True, editable=False,
                                      help_text="When the candidate agreed to the privacy notice.")
    consent_notice = models.CharField(max_length=40, blank=True, editable=False,
                                      help_text="The version of the privacy notice they agreed to.")
    hired_level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    help_text="The level hired at, once hired.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "requisition"], name="one_application_per_requisition")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} for {self.requisition}"


class StageChange(models.Model):
    """The history of an application: every move between stages or statuses, with who and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Application.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+", help_text="Empty when the system decided (e.g. a knockout).")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_stage} → {self.to_stage} ({self.status})"


class KnockoutAnswer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="knockout_answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(KnockoutOption, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="one_knockout_answer")]

    def __str__(self) -> str:
        return f"{self.question.title}: {self.option.text}"


class VideoResponse(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="video_responses")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="videos/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="one_video_answer")]

    def __str__(self) -> str:
        return f"Video: {self.question.title} ({self.application})"


class VideoReview(models.Model):
    response = models.ForeignKey(VideoResponse, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)],
                                             help_text="1 Strong No … 4 Strong Yes.")
    notes = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "reviewer"], name="one_video_review")]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.response}: {self.score}"


class ResumeReview(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="resume_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="one_resume_review")]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.application}"


class ResumeScore(models.Model):
    review = models.ForeignKey(ResumeReview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+",
                                  limit_choices_to={"kind": "resume_criterion"})
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion.title}: {self.score}"


class Interview(models.Model):
    """One round of the loop for one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="interviews")
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="interviews")
    target_level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+",
                                     help_text="The level exercises are rated against (Below/Meets/Exceeds).")
    variant = models.ForeignKey(CodingVariant, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                help_text="The coding-test variant given in this interview.")
    scheduled_at = models.DateTimeField(null=True, blank=True)
    invitation_sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="How many times the calendar invitation was sent; its SEQUENCE is one less.")

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "round"], name="one_interview_per_round")]

    def __str__(self) -> str:
        return f"{self.round} with {self.application.candidate}"
