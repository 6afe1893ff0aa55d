from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from rubrics.models.base import RubricModel
from rubrics.models.framework import KEY_HELP, Competency, Level, Role
from rubrics.models.questions import Question

DEFAULT_ROUND_MINUTES = 45


class LoopTemplate(RubricModel):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="loop_templates")
    key = models.SlugField(max_length=80, help_text=KEY_HELP)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["role", "name"]
        constraints = [models.UniqueConstraint(fields=["role", "key"], name="loop_key_unique_per_role")]

    def __str__(self) -> str:
        return f"{self.role}: {self.name}"


class Stage(RubricModel):
    class Kind(models.TextChoices):
        APPLICATION = "application_screen", "Application screen"
        RESUME = "resume_screen", "Resume screen"
        INTERVIEWS = "interviews", "Interviews"

    template = models.ForeignKey(LoopTemplate, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(max_length=80, help_text=KEY_HELP)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subtitle = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True, help_text="Shown to interviewers of the stage's rounds.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["template", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="stage_key_unique_per_loop")]

    def __str__(self) -> str:
        return self.name


class Round(RubricModel):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="rounds")
    key = models.SlugField(max_length=80, help_text=KEY_HELP)
    name = models.CharField(max_length=200, help_text='e.g. "Hiring Manager Technical".')
    duration_set = models.PositiveSmallIntegerField(
        "duration (minutes)", null=True, blank=True, help_text=f"Empty: {DEFAULT_ROUND_MINUTES} minutes.")
    guidance = models.TextField(blank=True, help_text="Guidance for the round's interviewers.")
    order = models.PositiveSmallIntegerField(default=0)
    questions = models.ManyToManyField(Question, through="RoundQuestion", related_name="rounds")
    covers = models.ManyToManyField(Competency, blank=True, related_name="covering_rounds",
                                    help_text="The competencies this round must cover.")

    class Meta:
        ordering = ["stage__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["stage", "key"], name="round_key_unique_per_stage")]

    def __str__(self) -> str:
        return self.name

    @property
    def duration_minutes(self) -> int:
        """The round's length; the default when the kit left it out."""
        return self.duration_set or DEFAULT_ROUND_MINUTES


class RoundQuestion(RubricModel):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_questions")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="round_questions")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "question"], name="question_once_per_round")]

    def __str__(self) -> str:
        return f"{self.round}: {self.question}"

    def clean(self) -> None:
        if self.round_id and self.question_id and self.question.role_id != self.round.stage.template.role_id:
            raise ValidationError({"question": "A round can only hold questions of its own role."})


class DecisionRule(RubricModel):
    class Combine(models.TextChoices):
        COMPENSATORY = "compensatory", "Compensatory (weighted mean of the level's competencies meets)"
        CONJUNCTIVE = "conjunctive", "Conjunctive (every must-have competency meets)"

    role = models.OneToOneField(Role, on_delete=models.CASCADE, related_name="decision_rule")
    combine = models.CharField(max_length=20, choices=Combine.choices, default=Combine.CONJUNCTIVE)
    probability = models.DecimalField(
        max_digits=3, decimal_places=2, default=Decimal("0.70"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("0.99"))],
        help_text="Probability needed to call a level met (and its complement to call it not met).",
    )
    red_flag_rating = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="An attitude rating at or below this (1 = Strong No … 4 = Strong Yes) is a red flag.",
    )
    red_flags_block = models.BooleanField(
        default=True, help_text="Whether a red flag blocks a 'meets' verdict at every level."
    )

    def __str__(self) -> str:
        return f"Decision rule for {self.role}"


class LevelRequirement(RubricModel):
    """A competency the decision rule needs at a level (must-have), with its weight."""

    rule = models.ForeignKey(DecisionRule, on_delete=models.CASCADE, related_name="requirements")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="requirements")
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("1"),
                                 validators=[MinValueValidator(Decimal("0.01"))],
                                 help_text="Weight in the compensatory mean.")

    class Meta:
        ordering = ["rule", "level__rank", "competency__order"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "level", "competency"], name="requirement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.level.name} needs {self.competency}"

    def clean(self) -> None:
        role_id = self.rule.role_id if self.rule_id else None
        if self.level_id and self.level.role_id != role_id:
            raise ValidationError({"level": "The level belongs to another role."})
        if self.competency_id and self.competency.role_id != role_id:
            raise ValidationError({"competency": "The competency belongs to another role."})
