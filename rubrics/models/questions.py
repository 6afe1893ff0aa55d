from django.core.exceptions import ValidationError
from django.db import models

from rubrics.models.base import RubricModel
from rubrics.models.framework import KEY_HELP, Attitude, Competency, Level, Role

LIST_HELP = "A list: one item per line."
LIST_FIELDS = ("what_to_prepare", "deliverables", "ground_rules", "success_criteria", "review_beforehand")
ROLE_LIST_FIELDS = ("constraints", "tensions", "guidance", "avoid")


class QuestionKind(models.TextChoices):
    COMPETENCY = "competency", "Competency question"
    ATTITUDE = "attitude", "Attitude question"
    KNOCKOUT = "knockout", "Knockout (application screen)"
    VIDEO = "video", "Video response (application screen)"
    RESUME = "resume_criterion", "Resume review criterion"
    CODING = "coding_test", "Coding test"
    PRESENTATION = "presentation", "Presentation"
    SIMULATION = "work_simulation", "Work simulation"
    CASE_STUDY = "case_study", "Case study"


# Exercises are rated Below / Meets / Exceeds against the requisition's target level.
EXERCISE_KINDS = {QuestionKind.CODING, QuestionKind.PRESENTATION, QuestionKind.SIMULATION, QuestionKind.CASE_STUDY}
SCREEN_KINDS = {QuestionKind.KNOCKOUT, QuestionKind.VIDEO, QuestionKind.RESUME}
# Questions rated on a scorecard, each of which must declare what it evidences (or be notes-only).
SCORED_KINDS = EXERCISE_KINDS | {QuestionKind.COMPETENCY, QuestionKind.ATTITUDE}

WEIGHTS_HELP = "Competency or attitude key -> weight, for the declared ones whose weight is not 1."
NOTES_ONLY_HELP = "Rated for the notes only: its rating evidences no competency (and is not refused for that)."


def lines(text: str) -> list[str]:
    """A list field stored one item per line -> its items."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class AnswerType(models.TextChoices):
    SCALE = "scale", "Scored 1–4"
    YES_NO = "yes_no", "Yes or no"


class Question(RubricModel):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=80, help_text=KEY_HELP)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    title = models.CharField(max_length=200)
    prompt = models.TextField(help_text="What the candidate is asked or given.")
    rationale = models.TextField(blank=True, help_text="Why this question matters at the levels it serves.")
    competencies = models.ManyToManyField(Competency, blank=True, related_name="questions",
                                          help_text="The competencies this question evidences.")
    attitudes = models.ManyToManyField(Attitude, blank=True, related_name="questions",
                                       help_text="The attitudes this question evidences.")
    weights = models.JSONField(default=dict, blank=True, help_text=WEIGHTS_HELP)
    notes_only = models.BooleanField(default=False, help_text=NOTES_ONLY_HELP)
    levels = models.ManyToManyField(Level, blank=True, related_name="questions",
                                    help_text="The levels it is written for; none: every level.")
    level_rationale = models.JSONField(
        default=dict, blank=True, help_text="Level key -> why it matters, or what is expected, at that level.")
    answer_type = models.CharField(max_length=10, choices=AnswerType.choices, blank=True,
                                   help_text="Resume criteria: scored 1–4 (empty) or answered yes or no.")
    # Interviewer guidance, any kind.
    evaluates = models.TextField("what it evaluates", blank=True)
    strong_answer = models.TextField("strong-answer outline", blank=True)
    difficulty = models.CharField(max_length=40, blank=True)
    category = models.CharField(max_length=80, blank=True)
    # Timed answers: video response limit, coding test response time (seconds).
    response_seconds = models.PositiveIntegerField(null=True, blank=True,
                                                   help_text="Time allowed to answer, in seconds.")
    # Exercises (presentation, work simulation) and video format.
    format = models.CharField(max_length=200, blank=True, help_text='e.g. "Video call, screen shared".')
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    prep_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    audience = models.TextField(blank=True)
    what_to_prepare = models.TextField(blank=True, help_text=LIST_HELP)
    deliverables = models.TextField(blank=True, help_text=LIST_HELP)
    ground_rules = models.TextField(blank=True, help_text=LIST_HELP)
    scenario = models.TextField(blank=True, help_text="Work simulation or case study scenario.")
    problem = models.TextField("problem to solve", blank=True)
    success_criteria = models.TextField(blank=True, help_text=LIST_HELP)
    review_beforehand = models.TextField("what to review beforehand", blank=True, help_text=LIST_HELP)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["role", "key"], name="question_key_unique_per_role")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    @property
    def is_exercise(self) -> bool:
        return self.kind in EXERCISE_KINDS

    @property
    def is_yes_no(self) -> bool:
        return self.answer_type == AnswerType.YES_NO

    def items(self) -> dict[str, list[str]]:
        """The list fields as lists (one item per stored line)."""
        return {name: lines(getattr(self, name)) for name in LIST_FIELDS}

    def clean(self) -> None:
        if self.kind == QuestionKind.VIDEO and not self.response_seconds:
            raise ValidationError({"response_seconds": "A video question needs a response time limit."})


def validate_knockout_options(options: list[tuple[str, str]]) -> None:
    """options: (text, outcome) pairs of one knockout question, as they will be saved."""
    if len(options) < 2:
        raise ValidationError("A knockout question needs at least two options.")
    if not any(outcome == KnockoutOption.Outcome.QUALIFIES for _, outcome in options):
        raise ValidationError("A knockout question needs at least one option that qualifies.")


class KnockoutOption(RubricModel):
    class Outcome(models.TextChoices):
        QUALIFIES = "qualifies", "Qualifies"
        AUTO_DECLINE = "auto_decline", "Auto-decline"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=300)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.text} → {self.get_outcome_display()}"


class CodingVariant(RubricModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="variants")
    key = models.SlugField(max_length=80, help_text='e.g. "without-ai", "with-ai".')
    name = models.CharField(max_length=120)
    instructions = models.TextField()
    prompt = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="variant_key_unique")]

    def __str__(self) -> str:
        return self.name


class Indicator(RubricModel):
    class Polarity(models.TextChoices):
        POSITIVE = "positive", "Positive"
        NEGATIVE = "negative", "Negative"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="indicators")
    variant = models.ForeignKey(CodingVariant, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="indicators", help_text="Empty: shared by every variant.")
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "variant", "polarity", "order", "pk"]

    def __str__(self) -> str:
        return f"{'+' if self.polarity == self.Polarity.POSITIVE else '−'} {self.text}"

    def clean(self) -> None:
        if self.variant_id and self.question_id and self.variant.question_id != self.question_id:
            raise ValidationError({"variant": "The variant belongs to another question."})


class ScoringAnchor(RubricModel):
    class Rating(models.TextChoices):
        BELOW = "below", "Below"
        MEETS = "meets", "Meets"
        EXCEEDS = "exceeds", "Exceeds"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="anchors")
    rating = models.CharField(max_length=10, choices=Rating.choices)
    text = models.TextField()

    class Meta:
        ordering = ["question", "rating"]
        constraints = [models.UniqueConstraint(fields=["question", "rating"], name="anchor_unique_per_rating")]

    def __str__(self) -> str:
        return f"{self.get_rating_display()}: {self.text[:60]}"


class ScenarioRole(RubricModel):
    """A character in a work simulation, with the brief for whoever plays it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="scenario_roles")
    name = models.CharField(max_length=120)
    title = models.CharField(max_length=200, blank=True)
    stance = models.TextField(blank=True)
    played_by = models.CharField(max_length=200, blank=True, help_text='e.g. "the second interviewer".')
    motivation = models.TextField(blank=True)
    constraints = models.TextField(blank=True, help_text=LIST_HELP)
    tensions = models.TextField("tensions to introduce", blank=True, help_text=LIST_HELP)
    guidance = models.TextField("in-character guidance", blank=True, help_text=LIST_HELP)
    avoid = models.TextField("things not to do", blank=True, help_text=LIST_HELP)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name

    def items(self) -> dict[str, list[str]]:
        return {name: lines(getattr(self, name)) for name in ROLE_LIST_FIELDS}


class CaseStudyPart(RubricModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="parts")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    focus = models.CharField(max_length=200, help_text='e.g. "goal setting", "analysis design".')
    prompt = models.TextField()
    strong_answer = models.TextField("what a strong answer contains", blank=True)
    probes = models.TextField(blank=True, help_text="Follow-up questions to probe with. " + LIST_HELP)
    level_notes = models.JSONField(default=dict, blank=True,
                                   help_text="Level key -> what separates a strong answer at that level.")
    competencies = models.ManyToManyField(
        Competency, blank=True, related_name="case_study_parts",
        help_text="The competencies this part evidences; none: those of its case study.")
    attitudes = models.ManyToManyField(Attitude, blank=True, related_name="case_study_parts",
                                       help_text="The attitudes this part evidences.")
    weights = models.JSONField(default=dict, blank=True, help_text=WEIGHTS_HELP)
    notes_only = models.BooleanField(default=False, help_text=NOTES_ONLY_HELP)
    anchor_exceeds = models.TextField("Exceeds looks like", blank=True)
    anchor_meets = models.TextField("Meets looks like", blank=True)
    anchor_below = models.TextField("Below looks like", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="part_key_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def anchors(self) -> dict[str, str]:
        """The part's own scoring anchors, by rating (only those written)."""
        texts = {"exceeds": self.anchor_exceeds, "meets": self.anchor_meets, "below": self.anchor_below}
        return {rating: text for rating, text in texts.items() if text}

    @property
    def probe_items(self) -> list[str]:
        return lines(self.probes)
