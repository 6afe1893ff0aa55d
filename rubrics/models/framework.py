from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from rubrics.models.base import RubricModel

DEFAULT_BELOW, DEFAULT_EXCEEDS = Decimal("-1"), Decimal("1")
KEY_HELP = "Short identifier, unique within the role: lowercase letters, digits and dashes."
key_field = models.SlugField


class Role(RubricModel):
    key = key_field(max_length=80, help_text="Unique identifier of the role, used in kit files.")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    why_hard_author = models.CharField(
        "why this role is hard: author", max_length=200, blank=True,
        help_text="The hiring manager who wrote the note.",
    )
    why_hard = models.TextField(
        "why this role is hard", blank=True,
        help_text="The hiring manager's note to interviewers on what makes this role hard to fill.",
    )
    scale_min = models.DecimalField(
        max_digits=4, decimal_places=1, default=Decimal("1"),
        help_text="Lowest point of the competency framework's proficiency scale.",
    )
    scale_max = models.DecimalField(
        max_digits=4, decimal_places=1, default=Decimal("5"),
        help_text="Highest point of the competency framework's proficiency scale.",
    )
    below_set = models.DecimalField(
        "exercise Below offset", max_digits=3, decimal_places=1, null=True, blank=True,
        help_text="An exercise rated Below converts to the target level's proficiency plus this; empty: -1.",
    )
    exceeds_set = models.DecimalField(
        "exercise Exceeds offset", max_digits=3, decimal_places=1, null=True, blank=True,
        help_text="An exercise rated Exceeds converts to the target level's proficiency plus this; empty: +1.",
    )
    guide = models.TextField("interviewer guide", blank=True,
                             help_text="How this role's loop is run: shown to every interviewer in the kit.")
    # Set on published copies only: the draft this version was frozen from.
    published_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="versions", editable=False
    )
    version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["title", "version"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(published_from__isnull=True),
                                    name="role_draft_key_unique"),
            models.UniqueConstraint(fields=["published_from", "version"], name="role_version_unique"),
            models.CheckConstraint(condition=Q(scale_min__lt=F("scale_max")), name="role_scale_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})" if self.version else self.title

    @property
    def exercise_below(self) -> Decimal:
        return DEFAULT_BELOW if self.below_set is None else self.below_set

    @property
    def exercise_exceeds(self) -> Decimal:
        return DEFAULT_EXCEEDS if self.exceeds_set is None else self.exceeds_set


class Level(RubricModel):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="levels")
    key = key_field(max_length=80, help_text=KEY_HELP)
    name = models.CharField(max_length=120, help_text="e.g. Junior, Mid, Senior, Principal.")
    internal_title = models.CharField(max_length=200, blank=True, help_text='e.g. "Data Scientist II".')
    rank = models.PositiveSmallIntegerField(help_text="Order of the level: 1 is the most junior.")

    class Meta:
        ordering = ["role", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["role", "key"], name="level_key_unique_per_role"),
            models.UniqueConstraint(fields=["role", "rank"], name="level_rank_unique_per_role"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="level_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.internal_title})" if self.internal_title else self.name


class Discipline(RubricModel):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="disciplines")
    key = key_field(max_length=80, help_text=KEY_HELP)
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["role", "key"], name="discipline_key_unique_per_role")]

    def __str__(self) -> str:
        return self.name


class Competency(RubricModel):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="competencies")
    discipline = models.ForeignKey(Discipline, on_delete=models.CASCADE, related_name="competencies")
    key = key_field(max_length=80, help_text=KEY_HELP)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "discipline__order", "order", "pk"]
        verbose_name_plural = "competencies"
        constraints = [models.UniqueConstraint(fields=["role", "key"], name="competency_key_unique_per_role")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.discipline_id and self.role_id and self.discipline.role_id != self.role_id:
            raise ValidationError({"discipline": "The discipline belongs to another role."})


class Expectation(RubricModel):
    """One cell of the progression matrix: what a competency looks like at a level."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="expectations")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="expectations")
    behaviour = models.TextField(help_text="The behaviour expected at this level.")
    proficiency = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(0)],
        help_text="Expected proficiency on the role's scale; half-steps allowed.",
    )

    class Meta:
        ordering = ["competency", "level__rank"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "level"], name="expectation_unique_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.competency} at {self.level.name}: {self.proficiency}"

    def clean(self) -> None:
        errors = {}
        if self.level_id and self.competency_id and self.level.role_id != self.competency.role_id:
            errors["level"] = "The level belongs to another role."
        if self.proficiency is not None and self.competency_id:
            role = self.competency.role
            if not role.scale_min <= self.proficiency <= role.scale_max:
                errors["proficiency"] = (
                    f"{self.proficiency} is outside the scale {role.scale_min}–{role.scale_max}."
                )
            elif (self.proficiency * 2) % 1:
                errors["proficiency"] = "Use whole or half steps (e.g. 3 or 3.5)."
        if errors:
            raise ValidationError(errors)


class Attitude(RubricModel):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="attitudes")
    key = key_field(max_length=80, help_text=KEY_HELP)
    name = models.CharField(max_length=200)
    definition = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["role", "key"], name="attitude_key_unique_per_role")]

    def __str__(self) -> str:
        return self.name
