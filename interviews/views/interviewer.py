"""The interviewer's pages: my interviews, the interview kit, the scorecard (autosaved draft,
submission, read-only view with revision history, amendment, peers' feedback once submitted)."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import OperationalError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from interviews.forms.scorecards import AmendForm, ScorecardForm, derived_scores, display, initial_for
from interviews.models import Interview, QuestionAnswer, Scorecard
from interviews.services.kits import RoundKit, load_round_kit
from interviews.services.reminders import OVERDUE_AFTER
from interviews.services.scorecards import (
    ScorecardConflict,
    SubmissionRefused,
    amend_scorecard,
    autosave_scorecard,
    latest_scorecard,
    submit_scorecard_draft,
)
from rubrics.errors import add_service_errors

logger = logging.getLogger(__name__)

PAGE_SIZE = 25
TABS = [("due", "Due"), ("overdue", "Overdue"), ("upcoming", "Upcoming"), ("submitted", "Submitted")]
WORK_ORDER = ("overdue", "due", "upcoming", "submitted")


def _get_interview_for_user(request: HttpRequest, pk: int) -> Interview:
    """An interview the user is assigned to, or one of a requisition they manage; 404 otherwise."""
    return get_object_or_404(Interview.objects.visible_to(request.user).select_related("application__candidate"), pk=pk)


def _get_assigned_interview(request: HttpRequest, pk: int) -> Interview:
    """Only the interview's own interviewers score it."""
    return get_object_or_404(Interview.objects.assigned_to(request.user).select_related("application__candidate"), pk=pk)


@login_required
def my_interviews(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    mine = Scorecard.objects.filter(interview=OuterRef("pk"), interviewer=request.user)
    interviews = (
        Interview.objects.assigned_to(request.user)
        .annotate(is_submitted=Exists(mine.filter(submitted_at__isnull=False)),
                  drafting=Exists(mine.filter(submitted_at__isnull=True)))
    )
    open_ = Q(is_submitted=False)
    buckets = {
        "due": interviews.filter(open_, scheduled_at__lte=now, scheduled_at__gt=now - OVERDUE_AFTER),
        "overdue": interviews.filter(open_, scheduled_at__lte=now - OVERDUE_AFTER),
        "upcoming": interviews.filter(open_).filter(Q(scheduled_at__gt=now) | Q(scheduled_at__isnull=True)),
        "submitted": interviews.filter(is_submitted=True).order_by("-scheduled_at", "-pk"),
    }
    counts = interviews.aggregate(
        due=_count(open_ & Q(scheduled_at__lte=now, scheduled_at__gt=now - OVERDUE_AFTER)),
        overdue=_count(open_ & Q(scheduled_at__lte=now - OVERDUE_AFTER)),
        upcoming=_count(open_ & (Q(scheduled_at__gt=now) | Q(scheduled_at__isnull=True))),
        submitted=_count(Q(is_submitted=True)),
    )
    show = request.GET.get("show", "")
    if show not in buckets:
        # Open where the work is: the most urgent tab that has something in it.
        show = next((key for key in WORK_ORDER if counts[key]), "due")
    rows = buckets[show].select_related("application__candidate", "application__requisition", "round")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [(key, label, counts[key]) for key, label in TABS]
    return render(request, "interviews/interviewer/mine.html",
                  {"page": page, "tabs": tabs, "show": show, "now": now, "overdue_after": OVERDUE_AFTER})


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition)


@login_required
def kit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _get_interview_for_user(request, pk)
    round_kit = load_round_kit(interview)
    assigned = interview.interviewers.filter(pk=request.user.pk).exists()
    return render(request, "interviews/interviewer/kit.html", {"kit": round_kit, "interview": round_kit.interview,
                                                               "assigned": assigned})


def _form_page(request: HttpRequest, kit: RoundKit, form: ScorecardForm, scorecard: Scorecard | None,
               status: int = 200, conflict: ScorecardConflict | None = None, unavailable: bool = False,
               saved_version: int | None = None) -> HttpResponse:
    """The form. Re-rendered after a POST, its hidden ``version`` stays what was posted unless
    this request saved the draft (``saved_version``): a stale copy stays stale."""
    if saved_version is not None:
        form.data = form.data.copy()
        form.data["version"] = str(saved_version)
    derived = derived_scores(kit, list(scorecard.answers.all())) if scorecard is not None else {}
    return render(request, "interviews/interviewer/scorecard_form.html", {
        "kit": kit, "interview": kit.interview, "form": form, "shown": display(form, derived), "scorecard": scorecard,
        "conflict": conflict, "unavailable": unavailable,
    }, status=status)


@login_required
def scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the draft form, or the submitted scorecard read-only. POST: save the draft
    ("Save draft", the no-JavaScript path) or submit."""
    interview = _get_assigned_interview(request, pk)
    round_kit = load_round_kit(interview)
    current = latest_scorecard(interview=interview, interviewer=request.user)
    if current is not None and current.is_submitted:
        if request.method == "POST":
            messages.error(request, "This scorecard is submitted; amend it to change it.")
            return redirect("interviews:scorecard", pk=pk)
        return _read_only(request, round_kit, current)
    if request.method != "POST":
        form = ScorecardForm(initial=initial_for(current, round_kit), kit=round_kit)
        return _form_page(request, round_kit, form, current)
    form = ScorecardForm(request.POST, kit=round_kit)
    if not form.is_valid():
        return _form_page(request, round_kit, form, current, status=400)
    draft, version = form.to_draft(), form.cleaned_data["version"]
    try:
        if request.POST.get("action") == "submit":
            submit_scorecard_draft(interview=interview, interviewer=request.user, draft=draft,
                                   expected_version=version, kit=round_kit)
        else:
            autosave_scorecard(interview=interview, interviewer=request.user, draft=draft,
                               expected_version=version, kit=round_kit)
    except SubmissionRefused as refused:
        add_service_errors(form, refused)
        return _form_page(request, round_kit, form, refused.scorecard, status=400,
                          saved_version=refused.scorecard.version)
    except ScorecardConflict as conflict:
        if conflict.submitted:
            messages.error(request, conflict.message)
            return redirect("interviews:scorecard", pk=pk)
        # The typed values stay on the page, still at the stale version, so that saving again
        # from here is refused too until the interviewer reloads or compares.
        return _form_page(request, round_kit, form, current, status=409, conflict=conflict)
    except OperationalError:  # the database is unavailable or busy: keep everything typed
        logger.exception("scorecard %s of interview %s not saved", "submission" if request.POST.get(
            "action") == "submit" else "draft", pk)
        return _form_page(request, round_kit, form, current, status=503, unavailable=True)
    if request.POST.get("action") == "submit":
        messages.success(request, "Scorecard submitted.")
    else:
        messages.success(request, f"Draft saved at {timezone.localtime():%H:%M:%S}.")
    return redirect("interviews:scorecard", pk=pk)


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: save the draft on every change; answers with a small status line and the draft's new
    version (out of band, into the form's hidden field)."""
    interview = _get_assigned_interview(request, pk)
    round_kit = load_round_kit(interview)
    form = ScorecardForm(request.POST, kit=round_kit)
    if not form.is_valid():
        return _save_status(request, error=form.problem())
    try:
        saved = autosave_scorecard(interview=interview, interviewer=request.user, draft=form.to_draft(),
                                   expected_version=form.cleaned_data["version"], kit=round_kit)
    except ScorecardConflict as conflict:
        return _save_status(request, conflict=conflict, interview=interview)
    except OperationalError:
        logger.exception("autosave of interview %s failed", pk)
        return _save_status(request, status=503, error="Not saved: the server is busy. Retrying…")
    return _save_status(request, saved=saved)


def _save_status(request: HttpRequest, status: int = 200, **context) -> HttpResponse:
    return render(request, "interviews/interviewer/_save_status.html", context, status=status)


@login_required
@require_POST
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _get_assigned_interview(request, pk)
    current = latest_scorecard(interview=interview, interviewer=request.user)
    if current is None or not current.is_submitted:
        return redirect("interviews:scorecard", pk=pk)
    form = AmendForm(request.POST)
    if form.is_valid():
        try:
            amend_scorecard(scorecard=current, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as refused:
            for message in refused.messages:
                form.add_error("reason", message)
        else:
            messages.success(request, f"Revision {current.revision + 1} opened as a draft.")
            return redirect("interviews:scorecard", pk=pk)
    return _read_only(request, load_round_kit(interview), current, amend_form=form, status=400)


SCORECARD_DETAIL = (
    Prefetch("answers", queryset=QuestionAnswer.objects.select_related("question", "part")
             .prefetch_related("indicators").order_by("pk")),
    "competency_ratings__competency", "attitude_ratings__attitude",
)


def _read_only(request: HttpRequest, kit: RoundKit, current: Scorecard, amend_form: AmendForm | None = None,
               status: int = 200) -> HttpResponse:
    interview = kit.interview
    history = list(Scorecard.objects.filter(interview=interview, interviewer=request.user)
                   .select_related("interviewer").order_by("-revision"))
    mine = Scorecard.objects.select_related("interview__variant").prefetch_related(*SCORECARD_DETAIL).get(
        pk=current.pk)
    peers = list(
        Scorecard.objects.visible_to(request.user).current()
        .filter(interview__application_id=interview.application_id).exclude(interviewer=request.user)
        .select_related("interviewer", "interview__round", "interview__variant").prefetch_related(*SCORECARD_DETAIL)
        .order_by("interview__round__order", "interviewer__username")
    )
    return render(request, "interviews/interviewer/scorecard_read.html", {
        "kit": kit, "interview": interview, "scorecard": mine, "history": history, "peers": peers,
        "amend_form": amend_form or AmendForm(), "levels": [(level.key, level.name) for level in kit.levels],
    }, status=status)
