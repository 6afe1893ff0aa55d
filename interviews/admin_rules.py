"""The admin within the pages' rules.

- A recruiter sees and changes only the rows of requisitions they manage, by the same rule as
  the pages (``Requisition.objects.managed_by``); the choices of every field that points at a
  requisition's rows are narrowed the same way, so nothing can be moved into another one.
- No deletion in the admin removes a submitted scorecard, whoever asks: evidence is amended,
  never deleted.
- Every addition, change and deletion made here is also written to our audit log
  (``AuditEntry``), with the admin's own description of the change.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from interviews.models import (
    Application,
    AuditEntry,
    Candidate,
    Interview,
    Requisition,
    ResumeReview,
    Scorecard,
    VideoResponse,
    VideoReview,
)

# For each model whose rows belong to a requisition: the path from it to the requisition.
REQUISITION_PATHS: dict[type[Model], str] = {
    Requisition: "",
    Candidate: "applications__requisition",
    Application: "requisition",
    Interview: "application__requisition",
    VideoResponse: "application__requisition",
    VideoReview: "response__application__requisition",
    ResumeReview: "application__requisition",
    Scorecard: "interview__application__requisition",
}


def managed_rows(queryset: QuerySet, user, path: str) -> QuerySet:
    """``queryset`` narrowed to rows of requisitions ``user`` manages (``path`` leads there)."""
    if user.is_superuser:
        return queryset
    managed = Requisition.objects.managed_by(user).values("pk")
    if not path:
        return queryset.filter(pk__in=managed)
    inside = queryset.model.objects.filter(**{f"{path}__in": managed}).values("pk")
    return queryset.filter(pk__in=inside)


class AuditedAdmin(admin.ModelAdmin):
    """Writes each admin change to our audit log too, as ``admin.<model>.added|changed|deleted``."""

    def _audit(self, request: HttpRequest, obj: Model, what: str, **data) -> None:
        AuditEntry.record(obj, f"admin.{obj._meta.model_name}.{what}", actor=request.user, **data)

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "added", change=message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "changed", change=message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "deleted")
        return super().log_deletions(request, queryset)


class RequisitionRowsAdmin(AuditedAdmin):
    """Rows of requisitions: each recruiter's own only, and never a submitted scorecard deleted.

    ``scorecard_path`` leads from a scorecard to this model (empty: this model has no scorecards)."""

    scorecard_path = ""

    def get_queryset(self, request):
        return managed_rows(super().get_queryset(request), request.user, REQUISITION_PATHS[self.model])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.related_model in REQUISITION_PATHS:
            field.queryset = managed_rows(field.queryset, request.user, REQUISITION_PATHS[db_field.related_model])
        return field

    def submitted_scorecards(self, queryset: QuerySet) -> QuerySet:
        if not self.scorecard_path:
            return Scorecard.objects.none()
        return Scorecard.objects.submitted().filter(**{f"{self.scorecard_path}__in": queryset.values("pk")})

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        queryset = objs if isinstance(objs, QuerySet) else self.model.objects.filter(pk__in=[o.pk for o in objs])
        count = self.submitted_scorecards(queryset).count()
        if count:
            # Listed as a missing permission, the admin refuses the deletion and says why.
            perms_needed = set(perms_needed) | {
                f"submitted scorecards ({count}): evidence is amended, never deleted"}
        return deleted, model_count, perms_needed, protected


def visible_audit_entries(queryset: QuerySet, user) -> QuerySet:
    """Audit entries about rows of requisitions ``user`` manages, and those they wrote themselves."""
    if user.is_superuser:
        return queryset
    condition = Q(actor=user)
    for model, path in REQUISITION_PATHS.items():
        rows = managed_rows(model.objects.all(), user, path).values("pk")
        condition |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=rows)
    return queryset.filter(condition)
