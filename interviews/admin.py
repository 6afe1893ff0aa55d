from django import forms
from django.contrib import admin

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


@admin.register(Requisition)
class RequisitionAdmin(admin.ModelAdmin):
    list_display = ["title", "role", "status", "recruiter", "hiring_manager", "resume_advance_at", "opened_at"]
    list_filter = ["status", "role"]
    search_fields = ["title", "role__title"]
    list_select_related = ["role", "recruiter", "hiring_manager"]
    filter_horizontal = ["target_levels"]
    readonly_fields = ["role", "opened_at", "closed_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "loop":
            kwargs["queryset"] = db_field.related_model.objects.published().select_related("role")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "created_at"]
    search_fields = ["name", "email"]


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
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "requisition", "stage", "status", "created_at"]
    list_filter = ["status", "requisition"]
    search_fields = ["candidate__name", "candidate__email", "requisition__title"]
    list_select_related = ["candidate", "requisition", "stage"]
    readonly_fields = ["candidate", "requisition", "stage", "status", "created_at", "updated_at"]
    inlines = [StageChangeInline, KnockoutAnswerInline]

    def has_add_permission(self, request) -> bool:
        return False  # candidates apply through the public page; stages move through the pipeline


@admin.register(VideoResponse)
class VideoResponseAdmin(admin.ModelAdmin):
    list_display = ["application", "question", "content_type", "size", "duration_seconds", "submitted_at"]
    search_fields = ["application__candidate__name", "question__title"]
    list_select_related = ["application__candidate", "application__requisition", "question"]


@admin.register(VideoReview)
class VideoReviewAdmin(admin.ModelAdmin):
    list_display = ["response", "reviewer", "score", "reviewed_at"]
    list_filter = ["score"]
    list_select_related = ["response__application__candidate", "response__application__requisition",
                           "response__question", "reviewer"]


class ResumeScoreInline(admin.TabularInline):
    model = ResumeScore
    extra = 0


@admin.register(ResumeReview)
class ResumeReviewAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "reviewed_at"]
    search_fields = ["application__candidate__name"]
    list_select_related = ["application__candidate", "application__requisition", "reviewer"]
    inlines = [ResumeScoreInline]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["round", "application", "target_level", "variant", "scheduled_at"]
    list_filter = ["round__name"]
    search_fields = ["application__candidate__name", "round__name"]
    list_select_related = ["round", "application__candidate", "application__requisition", "target_level", "variant"]
    filter_horizontal = ["interviewers"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is evidence: readable here, never written or removed from the admin."""

    list_display = ["at", "action", "actor", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "actor__username"]
    list_select_related = ["actor", "target_type"]
    date_hierarchy = "at"

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
