"""What every rubrics admin shares: published rows are read-only, choices stay within one role."""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.db import models
from django.http import HttpRequest

from rubrics.models import (
    Attitude,
    CodingVariant,
    Competency,
    DecisionRule,
    Discipline,
    Level,
    LoopTemplate,
    Question,
    Role,
    Round,
    RubricModel,
    Stage,
)

# How to get from a row of each model to the id of its role.
ROLE_LOOKUPS: dict[type[models.Model], str] = {
    Role: "pk",
    Level: "role",
    Discipline: "role",
    Competency: "role",
    Attitude: "role",
    Question: "role",
    CodingVariant: "question__role",
    LoopTemplate: "role",
    Stage: "template__role",
    Round: "stage__template__role",
    DecisionRule: "role",
}
# On an add form, the query parameter (a field of the model) that names the row's parent,
# e.g. /admin/rubrics/round/add/?stage=3 from a stage's page.
ADD_PARENTS: dict[type[models.Model], str] = {
    Competency: "role",
    Question: "role",
    LoopTemplate: "role",
    DecisionRule: "role",
    Stage: "template",
    Round: "stage",
}


def role_id_of(model: type[models.Model], pk: object) -> int | None:
    if not str(pk).isdigit():
        return None
    return model.objects.filter(pk=pk).values_list(ROLE_LOOKUPS[model], flat=True).first()


def edited_role_id(request: HttpRequest, model: type[models.Model]) -> int | None:
    """The role of the `model` row that the admin page in `request` edits or adds, if known."""
    cache = request.__dict__.setdefault("_rubrics_role_ids", {})
    if model not in cache:
        match = request.resolver_match
        object_id = match.kwargs.get("object_id") if match else None
        parent = ADD_PARENTS.get(model)
        if object_id is not None:
            cache[model] = role_id_of(model, object_id)
        elif parent and request.GET.get(parent):
            cache[model] = role_id_of(model._meta.get_field(parent).related_model, request.GET[parent])
        else:
            cache[model] = None
    return cache[model]


def scoped_queryset(related: type[models.Model], role_id: int | None) -> models.QuerySet | None:
    """Draft rows of `related`, of the given role when it is known; None for other models."""
    if not issubclass(related, RubricModel):
        return None
    queryset = related.objects.drafts()
    if role_id is not None and related in ROLE_LOOKUPS:
        queryset = queryset.filter(**{ROLE_LOOKUPS[related]: role_id})
    return queryset


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("published", "Published")]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(frozen=False)
        if self.value() == "published":
            return queryset.filter(frozen=True)
        return queryset


@admin.action(permissions=["delete"], description=delete_selected.short_description)
def delete_selected_drafts(modeladmin, request, queryset):
    if queryset.filter(frozen=True).exists():
        modeladmin.message_user(
            request, "Published versions cannot be deleted. Select draft rows only.", messages.ERROR
        )
        return None
    return delete_selected(modeladmin, request, queryset)


class RoleScopedMixin:
    """Foreign-key and many-to-many choices: draft rows of the edited row's role only."""

    def role_source(self) -> type[models.Model]:
        return self.model

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = scoped_queryset(db_field.related_model, edited_role_id(request, self.role_source()))
        if queryset is not None and "queryset" not in kwargs:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = scoped_queryset(db_field.related_model, edited_role_id(request, self.role_source()))
        if queryset is not None and "queryset" not in kwargs:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RubricAdmin(RoleScopedMixin, admin.ModelAdmin):
    """A published (frozen) row can be viewed, never changed or deleted."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.frozen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.frozen:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            # Same name, so the confirmation page posts back to the guarded action.
            actions["delete_selected"] = (
                delete_selected_drafts, "delete_selected", delete_selected.short_description
            )
        return actions

    @admin.display(description="status", ordering="frozen")
    def status(self, obj: RubricModel) -> str:
        return "Published" if obj.frozen else "Draft"


class RubricInlineMixin(RoleScopedMixin):
    """Inline rows of a published parent are shown read-only."""

    def role_source(self) -> type[models.Model]:
        return self.parent_model

    def has_add_permission(self, request, obj=None):
        if obj is not None and obj.frozen:
            return False
        return super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.frozen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.frozen:
            return False
        return super().has_delete_permission(request, obj)


class TabularInline(RubricInlineMixin, admin.TabularInline):
    extra = 0


class StackedInline(RubricInlineMixin, admin.StackedInline):
    extra = 0
