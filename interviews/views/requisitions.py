"""The recruiter's requisition pages: open, edit, close and reopen, without the admin."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.access import recruiter_required
from interviews.forms.requisitions import ReasonForm, RequisitionForm
from interviews.models import Requisition
from interviews.services.pipeline import close_requisition
from interviews.services.requisitions import open_requisition, reopen_requisition, update_requisition
from interviews.views.recruiter import _get_requisition_for_user
from rubrics.errors import add_service_errors


def _form_page(request: HttpRequest, form: Form, template: str, requisition: Requisition | None,
               save: Callable[[], Requisition]) -> HttpResponse:
    """A valid form sent is saved by ``save`` (the service), then the pipeline is shown; otherwise,
    or when the service refuses it (its errors on the form), the page again (400 once sent)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("interviews:pipeline", pk=saved.pk)
    return render(request, f"interviews/recruiter/{template}", {"form": form, "requisition": requisition},
                  status=400 if form.is_bound else 200)


@recruiter_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = RequisitionForm(request.POST or None, initial={"recruiter": request.user.pk})
    return _form_page(request, form, "requisition_form.html", None,
                      lambda: open_requisition(**form.service_arguments(), by=request.user))


@recruiter_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = _get_requisition_for_user(request, pk, write=True)
    locked = requisition.applications.exists()
    form = RequisitionForm(request.POST or None, initial=RequisitionForm.initial_for(requisition), loop_locked=locked)
    return _form_page(request, form, "requisition_form.html", requisition,
                      lambda: update_requisition(requisition=requisition, **form.service_arguments(), by=request.user))


@recruiter_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close an open requisition, or reopen a closed one; both need a reason."""
    requisition = _get_requisition_for_user(request, pk, write=True)
    service = close_requisition if requisition.status == Requisition.Status.OPEN else reopen_requisition
    form = ReasonForm(request.POST or None)
    return _form_page(request, form, "requisition_close.html", requisition,
                      lambda: service(requisition=requisition, by=request.user, reason=form.cleaned_data["reason"]))
