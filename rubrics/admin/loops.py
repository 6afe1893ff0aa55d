from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from rubrics.admin.base import RubricAdmin, StatusFilter, TabularInline
from rubrics.forms import RoundAdminForm
from rubrics.models import LoopTemplate, Round, RoundQuestion, Stage


class StageInline(TabularInline):
    model = Stage
    fields = ["order", "key", "name", "kind"]
    show_change_link = True
    verbose_name_plural = "stages (open a stage to edit its rounds)"


@admin.register(LoopTemplate)
class LoopTemplateAdmin(RubricAdmin):
    list_display = ["name", "role", "status", "overview"]
    list_filter = ["role", StatusFilter]
    list_select_related = ["role"]
    search_fields = ["name", "key", "role__title"]
    ordering = ["role__title", "role__version", "name"]
    fields = ["role", "key", "name", "description", "overview"]
    readonly_fields = ["overview"]
    inlines = [StageInline]
    actions = ["publish_selected"]

    @admin.display(description="overview")
    def overview(self, obj: LoopTemplate) -> str:
        if obj.pk is None:
            return "-"
        return format_html('<a href="{}">Loop overview</a>', reverse("rubrics:loop", args=[obj.pk]))

    @admin.action(permissions=["change"], description="Publish the roles of the selected loop templates")
    def publish_selected(self, request, queryset) -> None:
        # Imported here: the service layer sits above the models this module loads with.
        from rubrics.kits import publish_role

        roles = {}
        for template in queryset.select_related("role"):
            if template.frozen:
                self.message_user(request, f"{template} is already a published version.", messages.WARNING)
            else:
                roles[template.role_id] = template.role
        for role in roles.values():
            try:
                version = publish_role(role=role, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{role} was not published: {' '.join(error.messages)}",
                                  messages.ERROR)
            else:
                self.message_user(request, f"Published {role} as version {version.version}.", messages.SUCCESS)


class RoundInline(TabularInline):
    model = Round
    fields = ["order", "key", "name", "duration_set"]
    show_change_link = True
    verbose_name_plural = "rounds (open a round to choose its questions and the competencies it covers)"


@admin.register(Stage)
class StageAdmin(RubricAdmin):
    list_display = ["name", "kind", "template", "status", "order"]
    list_filter = ["template__role", "kind", StatusFilter]
    list_select_related = ["template__role"]
    search_fields = ["name", "key", "template__name"]
    ordering = ["template__role__title", "template__name", "order", "pk"]
    fields = ["template", "key", "name", "kind", "subtitle", "description", "order"]
    inlines = [RoundInline]


class RoundQuestionInline(TabularInline):
    model = RoundQuestion
    fields = ["order", "question"]
    ordering = ["order", "pk"]
    verbose_name_plural = "questions, in the order they are asked"


@admin.register(Round)
class RoundAdmin(RubricAdmin):
    form = RoundAdminForm
    list_display = ["name", "stage", "template", "duration_minutes", "status", "order"]
    list_filter = ["stage__template__role", StatusFilter]
    list_select_related = ["stage__template__role"]
    search_fields = ["name", "key", "stage__name", "stage__template__name"]
    ordering = ["stage__template__role__title", "stage__template__name", "stage__order", "order", "pk"]
    fields = ["stage", "key", "name", "duration_set", "guidance", "order", "covers"]
    filter_horizontal = ["covers"]
    inlines = [RoundQuestionInline]

    @admin.display(description="loop template", ordering="stage__template__name")
    def template(self, obj: Round) -> LoopTemplate:
        return obj.stage.template
