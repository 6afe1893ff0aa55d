from django import forms
from django.contrib import admin

from interviews.admin_privacy import ApplicationDeletionRefused, CandidatePrivacyAdmin
from interviews.admin_rules import RequisitionRowsAdmin, visible_audit_entries
from interviews.models import (
    Application,
    AuditEntry,
    Candidate,
    Interview,
    KnockoutAnswer,
    Requisition,
    ResumeReview,
    ResumeScore,
    StageChange,
    VideoResponse,
    VideoReview,
)
from interviews.models.mail import MailTemplate
from interviews.services import mail


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


PEOPLE = ["recruiter", "hiring_manager"]


@admin.register(Requisition)
class RequisitionAdmin(RequisitionRowsAdmin):
    """Who recruits for and who manages a requisition decides who sees it: only a superuser
    changes them (audited); a recruiter opening one here is its recruiter."""

    list_display = ["title", "role", "status", "recruiter", "hiring_manager", "resume_advance_at", "opened_at"]
    list_filter = ["status", "role"]
    search_fields = ["title", "role__title"]
    list_select_related = ["role", "recruiter", "hiring_manager"]
    filter_horizontal = ["target_levels"]
    readonly_fields = ["role", "opened_at", "closed_at"]
    scorecard_path = "interview__application__requisition"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return fields + (PEOPLE if obj is not None else ["recruiter"])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "loop":
            kwargs["queryset"] = db_field.related_model.objects.published().select_related("role")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.recruiter = request.user
        before = Requisition.objects.filter(pk=obj.pk).values(*[f"{name}_id" for name in PEOPLE]).first()
        super().save_model(request, obj, form, change)
        if change and before:
            moved = {name: [before[f"{name}_id"], getattr(obj, f"{name}_id")] for name in PEOPLE
                     if before[f"{name}_id"] != getattr(obj, f"{name}_id")}
            if moved:
                AuditEntry.record(obj, "requisition.people_changed", actor=request.user, **moved)


@admin.register(Candidate)
class CandidateAdmin(CandidatePrivacyAdmin, RequisitionRowsAdmin):
    list_display = ["name", "email", "phone", "created_at", "erased_at"]
    search_fields = ["name", "email"]
    scorecard_path = "interview__application__candidate"


class StageChangeInline(ReadOnlyInline):
    model = StageChange
    fk_name = "application"
    fields = ["at", "from_stage", "to_stage", "status", "by", "reason"]
    readonly_fields = fields


class KnockoutAnswerInline(ReadOnlyInline):
    model = KnockoutAnswer
    fields = ["question", "option", "answered_at"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(ApplicationDeletionRefused, RequisitionRowsAdmin):
    list_display = ["candidate", "requisition", "stage", "status", "created_at"]
    list_filter = ["status", "requisition"]
    search_fields = ["candidate__name", "candidate__email", "requisition__title"]
    list_select_related = ["candidate", "requisition", "stage"]
    readonly_fields = ["candidate", "requisition", "stage", "status", "consent_at", "consent_notice", "created_at",
                       "updated_at"]
    inlines = [StageChangeInline, KnockoutAnswerInline]
    scorecard_path = "interview__application"

    def has_add_permission(self, request) -> bool:
        return False  # candidates apply through the public page; stages move through the pipeline


@admin.register(VideoResponse)
class VideoResponseAdmin(RequisitionRowsAdmin):
    list_display = ["application", "question", "content_type", "size", "duration_seconds", "submitted_at"]
    search_fields = ["application__candidate__name", "question__title"]
    list_select_related = ["application__candidate", "application__requisition", "question"]


@admin.register(VideoReview)
class VideoReviewAdmin(RequisitionRowsAdmin):
    list_display = ["response", "reviewer", "score", "reviewed_at"]
    list_filter = ["score"]
    list_select_related = ["response__application__candidate", "response__application__requisition",
                           "response__question", "reviewer"]


class ResumeScoreInline(admin.TabularInline):
    model = ResumeScore
    extra = 0


@admin.register(ResumeReview)
class ResumeReviewAdmin(RequisitionRowsAdmin):
    list_display = ["application", "reviewer", "reviewed_at"]
    search_fields = ["application__candidate__name"]
    list_select_related = ["application__candidate", "application__requisition", "reviewer"]
    inlines = [ResumeScoreInline]


@admin.register(Interview)
class InterviewAdmin(RequisitionRowsAdmin):
    """An interview with a submitted scorecard is evidence: read-only here, and never deleted."""

    list_display = ["round", "application", "target_level", "variant", "scheduled_at"]
    list_filter = ["round__name"]
    search_fields = ["application__candidate__name", "round__name"]
    list_select_related = ["round", "application__candidate", "application__requisition", "target_level", "variant"]
    filter_horizontal = ["interviewers"]
    scorecard_path = "interview"

    def _has_evidence(self, obj) -> bool:
        return obj is not None and obj.scorecards.submitted().exists()

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not self._has_evidence(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not self._has_evidence(obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is evidence: readable here, never written or removed from the admin."""

    list_display = ["at", "action", "actor", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "actor__username"]
    list_select_related = ["actor", "target_type"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        return visible_audit_entries(super().get_queryset(request), request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MailTemplateForm(forms.ModelForm):
    class Meta:
        model = MailTemplate
        fields = ["subject", "body"]

    def clean_subject(self) -> str:
        mail.check_syntax(self.cleaned_data["subject"])
        return self.cleaned_data["subject"]

    def clean_body(self) -> str:
        mail.check_syntax(self.cleaned_data["body"])
        return self.cleaned_data["body"]


@admin.register(MailTemplate)
class MailTemplateAdmin(admin.ModelAdmin):
    """The e-mails' text; every kind is listed (with its default text) so each can be edited."""

    form = MailTemplateForm
    list_display = ["kind", "subject", "updated_at"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        mail.ensure_templates()
        return super().changelist_view(request, extra_context)
