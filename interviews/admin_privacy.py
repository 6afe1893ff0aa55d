"""The admin's side of candidates' data: erase instead of delete, and the subject-access export.

Deleting a candidate or an application would take its submitted scorecards out of the
calibration history and leave files and log rows behind, so the admin never deletes them: its
delete pages lead to erasure, which anonymises in place (interviews.services.people).
"""

import tempfile

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from interviews.models import Application, Candidate
from interviews.services.export import export_candidate
from interviews.services.people import erase_candidate

ERASE_INSTEAD = ("Candidates and applications are not deleted: that would take their scorecards out of the "
                 "calibration history. Erase the candidate instead: it deletes their personal data and files "
                 "and keeps the anonymous ratings.")


def _erase_url(candidate_pk: int) -> str:
    return reverse("admin:interviews_candidate_erase", args=[candidate_pk])


class CandidatePrivacyAdmin(admin.ModelAdmin):
    """Erase (superusers) and export (see Candidate.objects.exportable_by) for the candidate admin."""

    change_form_template = "admin/interviews/candidate/change_form.html"
    actions = ["export_data", "erase_candidates"]

    def get_urls(self):
        own = [
            path("<int:pk>/erase/", self.admin_site.admin_view(self.erase_view), name="interviews_candidate_erase"),
            path("<int:pk>/export/", self.admin_site.admin_view(self.export_view),
                 name="interviews_candidate_export"),
        ]
        return own + super().get_urls()

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not request.user.is_superuser:
            actions.pop("erase_candidates", None)
        return actions

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None) -> HttpResponse:
        messages.warning(request, ERASE_INSTEAD)
        return redirect(_erase_url(int(object_id)))

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        fields = [*super().get_readonly_fields(request, obj), "erased_at"]
        return [*fields, "name", "email", "phone"] if obj is not None and obj.erased_at else fields

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_erase": request.user.is_superuser,
            "can_export": Candidate.objects.exportable_by(request.user).filter(pk=object_id).exists(),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def erase_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied
        candidate = get_object_or_404(Candidate, pk=pk)
        return self._erase(request, [candidate], action_url=None)

    @admin.action(description="Erase the selected candidates' personal data…")
    def erase_candidates(self, request: HttpRequest, queryset) -> HttpResponse | None:
        if not request.user.is_superuser:
            raise PermissionDenied
        return self._erase(request, list(queryset.order_by("pk")), action_url=request.get_full_path())

    def _erase(self, request: HttpRequest, candidates: list[Candidate], *, action_url: str | None) -> HttpResponse:
        error = None
        if request.method == "POST" and request.POST.get("confirm") == "erase":
            reason = request.POST.get("reason", "")
            to_erase = [candidate for candidate in candidates if candidate.erased_at is None]
            try:
                for candidate in to_erase:  # a refusal (no reason) comes at the first, before any change
                    erase_candidate(candidate=candidate, by=request.user, reason=reason)
            except ValidationError as refused:
                error = " ".join(refused.messages)
            else:
                messages.success(request, f"Erased {len(to_erase)} candidate(s): personal data and files "
                                          "deleted, anonymous ratings kept.")
                if len(candidates) == 1:
                    return redirect("admin:interviews_candidate_change", candidates[0].pk)
                return redirect("admin:interviews_candidate_changelist")
        applications = (Application.objects.filter(candidate__in=candidates)
                        .select_related("candidate", "requisition").order_by("candidate", "created_at"))
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": "Erase personal data",
            "candidates": candidates, "applications": applications, "action_url": action_url, "error": error,
            "reason": request.POST.get("reason", ""),
            "already_erased": [c for c in candidates if c.erased_at is not None],
        }
        return TemplateResponse(request, "admin/interviews/candidate/erase.html", context,
                                status=400 if error else 200)

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        candidate = get_object_or_404(Candidate, pk=pk)
        out = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it once sent
        try:
            export_candidate(candidate=candidate, by=request.user, out=out)
        except ValidationError:
            out.close()
            raise PermissionDenied from None
        out.seek(0)
        # admin_view() marks the response never-cache (no-store) already.
        return FileResponse(out, as_attachment=True, filename=f"candidate-{candidate.pk}-data.zip",
                            content_type="application/zip")

    @admin.action(description="Export the selected candidate's data (zip)")
    def export_data(self, request: HttpRequest, queryset) -> HttpResponse | None:
        if queryset.count() != 1:
            messages.error(request, "Export one candidate at a time: choose exactly one.")
            return None
        return HttpResponseRedirect(reverse("admin:interviews_candidate_export", args=[queryset.get().pk]))


class ApplicationDeletionRefused(admin.ModelAdmin):
    """Applications are not deleted from the admin; their delete page points to the candidate's erasure."""

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None) -> HttpResponse:
        application = get_object_or_404(Application, pk=object_id)
        if not request.user.is_superuser:
            messages.warning(request, f"{ERASE_INSTEAD} Only an administrator can erase.")
            return redirect("admin:interviews_application_change", application.pk)
        messages.warning(request, ERASE_INSTEAD)
        return redirect(_erase_url(application.candidate_id))
