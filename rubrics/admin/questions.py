from django.contrib import admin

from rubrics.admin.base import RubricAdmin, StackedInline, StatusFilter, TabularInline
from rubrics.forms import KnockoutOptionFormSet, QuestionAdminForm
from rubrics.models import (
    EXERCISE_KINDS,
    CaseStudyPart,
    CodingVariant,
    Indicator,
    KnockoutOption,
    Question,
    QuestionKind,
    ScenarioRole,
    ScoringAnchor,
)


class KindInlineMixin:
    """An inline that only some kinds of question need; collapsed for the others."""

    kinds: frozenset = frozenset(QuestionKind)


class KnockoutOptionInline(KindInlineMixin, TabularInline):
    model = KnockoutOption
    formset = KnockoutOptionFormSet
    kinds = frozenset({QuestionKind.KNOCKOUT})
    fields = ["order", "text", "outcome"]
    verbose_name_plural = "knockout options (knockout questions: at least two, one of which qualifies)"


class CodingVariantInline(KindInlineMixin, StackedInline):
    model = CodingVariant
    kinds = frozenset({QuestionKind.CODING})
    fields = ["order", "key", "name", "instructions", "prompt"]
    verbose_name_plural = "variants (coding tests, e.g. without AI / with AI)"


class IndicatorInline(KindInlineMixin, TabularInline):
    model = Indicator
    kinds = frozenset(QuestionKind) - {QuestionKind.KNOCKOUT}
    fields = ["polarity", "text", "variant", "order"]
    verbose_name_plural = "positive and negative indicators"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "variant":
            # Only this question's own variants; a new question has none saved yet.
            object_id = request.resolver_match.kwargs.get("object_id")
            variants = CodingVariant.objects.drafts()
            kwargs["queryset"] = (
                variants.filter(question_id=object_id) if str(object_id).isdigit() else variants.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScoringAnchorInline(KindInlineMixin, TabularInline):
    model = ScoringAnchor
    kinds = frozenset(EXERCISE_KINDS)
    fields = ["rating", "text"]
    verbose_name_plural = "scoring anchors (exercises: what Below, Meets and Exceeds look like)"


class ScenarioRoleInline(KindInlineMixin, StackedInline):
    model = ScenarioRole
    kinds = frozenset({QuestionKind.SIMULATION})
    fields = [
        "order", ("name", "title"), "played_by", "stance", "motivation", "constraints", "tensions",
        "guidance", "avoid",
    ]
    verbose_name_plural = "scenario roles (work simulations: the characters and their briefs)"


class CaseStudyPartInline(KindInlineMixin, StackedInline):
    model = CaseStudyPart
    kinds = frozenset({QuestionKind.CASE_STUDY})
    fields = ["order", "key", "title", "focus", "prompt", "competencies", "attitudes", "weights", "notes_only",
              "strong_answer", "level_notes", "probes", "anchor_exceeds", "anchor_meets", "anchor_below"]
    filter_horizontal = ["competencies", "attitudes"]
    verbose_name_plural = "parts (case studies, in order; an interviewer may skip a part)"


@admin.register(Question)
class QuestionAdmin(RubricAdmin):
    form = QuestionAdminForm
    list_display = ["title", "kind", "role", "status", "order"]
    list_filter = ["role", "kind", StatusFilter]
    list_select_related = ["role"]
    search_fields = ["title", "key", "prompt"]
    ordering = ["role__title", "order", "pk"]
    filter_horizontal = ["competencies", "attitudes", "levels"]
    inlines = [
        KnockoutOptionInline, CodingVariantInline, IndicatorInline, ScoringAnchorInline,
        ScenarioRoleInline, CaseStudyPartInline,
    ]
    fieldsets = [
        ("Basics", {
            "fields": ["role", "kind", "key", "title", "prompt", "rationale", "competencies", "attitudes",
                       "weights", "notes_only", "answer_type", "order"],
            "description": "What the candidate is asked, and the competencies or attitudes its rating "
                           "evidences (weights: e.g. {\"communication\": 2}; unlisted ones weigh 1). Every "
                           "scored question must evidence something unless it is notes-only. Only the role's "
                           "own competencies and attitudes can be chosen.",
        }),
        ("Levels", {
            "fields": ["levels", "level_rationale"],
            "description": "The levels the question is written for (none: every level), and per level key "
                           "the rationale or expectation interviewers at that level see, "
                           "e.g. {\"mid\": \"Expected at Mid: …\"}.",
        }),
        ("Interviewer guidance", {
            "fields": ["evaluates", "strong_answer", "difficulty", "category"],
            "description": "Shown to interviewers in the interview kit, for any kind of question.",
        }),
        ("Timing and format", {
            "fields": ["response_seconds", "format", "duration_minutes", "prep_minutes"],
            "description": "Video responses need a response time limit; coding tests may set one. "
                           "Presentations and work simulations give a format, duration and prep time.",
        }),
        ("Exercise details", {
            "fields": ["audience", "what_to_prepare", "deliverables", "ground_rules"],
            "description": "Presentations and work simulations: what the candidate gets in advance.",
            "classes": ["collapse"],
        }),
        ("Work simulation and case study", {
            "fields": ["scenario", "problem", "success_criteria", "review_beforehand"],
            "description": "The scenario of a work simulation or case study; the rest is for simulations.",
            "classes": ["collapse"],
        }),
    ]

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        for inline in instances:
            # Inlines this kind does not use start collapsed (a new question shows them all so).
            needed = obj is not None and obj.kind in inline.kinds
            inline.classes = [] if needed else ["collapse"]
        return instances
