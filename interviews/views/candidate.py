"""The public application page: no log-in; the candidate sees nothing internal.

Limited per address and per e-mail address (interviews.throttle), with an upload budget, and a
spam trap: a field people never see (``TRAP_FIELD``); a form that fills it in is answered as
if accepted and nothing of it is stored.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from interviews.forms.pipeline import FILES_NOT_KEPT, ApplyForm
from interviews.models import Application, Requisition
from interviews.privacy import PRIVACY_NOTICE_VERSION
from interviews.services.pipeline import screen_questions, submit_application
from interviews.throttle import Refusal, check_address, check_email, count_email
from rubrics.errors import add_service_errors
from rubrics.models import QuestionKind

SESSION_KEY = "applied"  # requisition pk (str) -> application pk, for the closing page
TRAP_FIELD = "website"
logger = logging.getLogger(__name__)


def _refused(request: HttpRequest, requisition: Requisition, refusal: Refusal) -> HttpResponse:
    response = render(request, "interviews/candidate/too_many.html",
                      {"requisition": requisition, "message": refusal.message}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def _get_requisition(pk: int) -> Requisition:
    return get_object_or_404(Requisition.objects.select_related("loop"), pk=pk)


def apply_form(requisition: Requisition, data=None, files=None) -> ApplyForm:
    """The application form of the requisition's screen; the page and the API use the same one."""
    knockouts = list(screen_questions(requisition, QuestionKind.KNOCKOUT).prefetch_related("options"))
    videos = list(screen_questions(requisition, QuestionKind.VIDEO))
    return ApplyForm(data, files, knockouts=knockouts, videos=videos)


def submit_form(requisition: Requisition, form: ApplyForm) -> Application | Refusal | None:
    """Submit a valid form through the service, within the e-mail address's daily allowance (the
    page and the API share it): the application, the ``Refusal`` when over the allowance, or None
    when the service refused it (its errors on the form)."""
    email = form.cleaned_data["email"]
    refusal = check_email(email)
    if refusal:
        return refusal
    try:
        application = submit_application(
            requisition=requisition, name=form.cleaned_data["name"], email=email,
            phone=form.cleaned_data["phone"], resume=form.cleaned_data["resume"],
            knockout_answers=form.answers(), videos=form.uploads(),
            consent_notice=form.consent_notice(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    count_email(email)
    return application


def _privacy_notice() -> dict:
    return {"notice_version": PRIVACY_NOTICE_VERSION, "retention_months": settings.CANDIDATE_RETENTION_MONTHS,
            "privacy_contact": settings.PRIVACY_CONTACT_EMAIL}


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = _get_requisition(pk)
    if requisition.status != Requisition.Status.OPEN:
        return render(request, "interviews/candidate/closed.html", {"requisition": requisition})
    if request.method == "POST":
        refusal = check_address(request)  # before the body is read: a refused upload is never stored
        if refusal:
            return _refused(request, requisition, refusal)
        if request.POST.get(TRAP_FIELD):
            logger.info("application to requisition %s caught by the spam trap", requisition.pk)
            return render(request, "interviews/candidate/thanks.html", {"requisition": requisition, "name": ""})
    form = apply_form(requisition, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        application = submit_form(requisition, form)
        if isinstance(application, Refusal):
            return _refused(request, requisition, application)
        if application is not None:
            request.session.setdefault(SESSION_KEY, {})[str(requisition.pk)] = application.pk
            request.session.modified = True
            return redirect("interviews:applied", pk=requisition.pk)
    status = 400 if form.is_bound else 200
    return render(request, "interviews/candidate/apply.html",
                  {"requisition": requisition, "form": form, "files_not_kept": FILES_NOT_KEPT,
                   **_privacy_notice()}, status=status)


def applied(request: HttpRequest, pk: int) -> HttpResponse:
    """The page after submitting: thanks, or a polite close that names no rule and no answer."""
    requisition = _get_requisition(pk)
    application_pk = request.session.get(SESSION_KEY, {}).get(str(requisition.pk))
    application = Application.objects.filter(pk=application_pk, requisition=requisition).first()
    if application is None:
        return redirect("interviews:apply", pk=requisition.pk)
    template = ("interviews/candidate/declined.html" if application.status == Application.Status.DECLINED
                else "interviews/candidate/thanks.html")
    return render(request, template, {"requisition": requisition, "name": application.candidate.name})
