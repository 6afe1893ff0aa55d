from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join

from rubrics.admin.base import RubricAdmin, StatusFilter, TabularInline
from rubrics.models import (
    Attitude,
    Competency,
    DecisionRule,
    Discipline,
    Expectation,
    Level,
    LevelRequirement,
    Role,
)


class LevelInline(TabularInline):
    model = Level
    fields = ["rank", "key", "name", "internal_title"]
    ordering = ["rank"]


class DisciplineInline(TabularInline):
    model = Discipline
    fields = ["order", "key", "name"]


class AttitudeInline(TabularInline):
    model = Attitude
    fields = ["order", "key", "name", "definition"]


@admin.register(Role)
class RoleAdmin(RubricAdmin):
    list_display = ["title", "key", "status", "version", "published_at"]
    list_filter = [StatusFilter]
    search_fields = ["title", "key", "summary"]
    ordering = ["title", "version"]
    readonly_fields = ["configuration", "version", "published_from", "published_at", "published_by"]
    fieldsets = [
        (None, {"fields": ["title", "key", "summary", "configuration"]}),
        ("Why this role is hard", {"fields": ["why_hard_author", "why_hard"]}),
        ("Interviewer guide", {"fields": ["guide"]}),
        ("Proficiency scale", {
            "fields": ["scale_min", "scale_max", "below_set", "exceeds_set"],
            "description": "Competency ratings use this scale. An exercise rated Below or Exceeds "
                           "converts to the target level's expected proficiency plus these offsets.",
        }),
        ("Published version", {
            "fields": ["version", "published_from", "published_at", "published_by"], "classes": ["collapse"],
        }),
    ]
    inlines = [LevelInline, DisciplineInline, AttitudeInline]

    @admin.display(description="configuration")
    def configuration(self, obj: Role) -> str:
        if obj.pk is None:
            return "Save the role first; then add its competencies, questions, loops and decision rule."
        role_filter = f"?role__id__exact={obj.pk}"
        links = [
            (reverse("admin:rubrics_competency_changelist") + role_filter, "Competencies"),
            (reverse("admin:rubrics_question_changelist") + role_filter, "Questions"),
            (reverse("admin:rubrics_looptemplate_changelist") + role_filter, "Loop templates"),
            (self._decision_rule_url(obj), "Decision rule"),
            (reverse("rubrics:matrix", args=[obj.pk]), "Progression matrix"),
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def _decision_rule_url(self, role: Role) -> str:
        rule = DecisionRule.objects.filter(role=role).first()
        if rule is not None:
            return reverse("admin:rubrics_decisionrule_change", args=[rule.pk])
        return reverse("admin:rubrics_decisionrule_add") + f"?role={role.pk}"


class ExpectationInline(TabularInline):
    model = Expectation
    fields = ["level", "behaviour", "proficiency"]
    verbose_name = "expectation at a level"
    verbose_name_plural = "expectations per level (one cell of the progression matrix each)"


@admin.register(Competency)
class CompetencyAdmin(RubricAdmin):
    list_display = ["name", "discipline", "role", "status", "order"]
    list_filter = ["role", StatusFilter]
    list_select_related = ["role", "discipline"]
    search_fields = ["name", "key", "description"]
    ordering = ["role__title", "discipline__order", "order", "pk"]
    fields = ["role", "discipline", "key", "name", "description", "order"]

    def get_inlines(self, request, obj=None):
        # Levels are listed by role, so expectations wait until the competency is saved.
        return [ExpectationInline] if obj is not None else []


class LevelRequirementInline(TabularInline):
    model = LevelRequirement
    fields = ["level", "competency", "weight"]
    verbose_name = "must-have competency at a level"
    verbose_name_plural = "must-have competencies per level"


@admin.register(DecisionRule)
class DecisionRuleAdmin(RubricAdmin):
    list_display = ["__str__", "combine", "probability", "red_flag_rating", "red_flags_block", "status"]
    list_filter = ["combine", StatusFilter]
    list_select_related = ["role"]
    search_fields = ["role__title", "role__key"]
    ordering = ["role__title", "role__version"]
    fields = ["role", "combine", "probability", "red_flag_rating", "red_flags_block"]

    def get_inlines(self, request, obj=None):
        # A requirement's level and competency are checked against the saved rule's role.
        return [LevelRequirementInline] if obj is not None else []

    def get_readonly_fields(self, request, obj=None):
        return ["role"] if obj is not None else []
