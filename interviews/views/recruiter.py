"""The recruiter's pages: requisitions, pipeline, application, and the actions on it.

Reading: the requisition's recruiter, its hiring manager, superusers; everyone else gets a
404 (the object is not theirs to know about). Writing: the recruiter and superusers; the
hiring manager gets a 403.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.access import HIRING_MANAGER, in_group, is_recruiter, may_change_requisition
from interviews.forms.pipeline import (
    ApplicationFilter,
    AssignForm,
    MoveForm,
    ResumeReviewForm,
    VideoReviewForm,
)
from interviews.models import (
    Application,
    AuditEntry,
    Interview,
    KnockoutAnswer,
    Requisition,
    ResumeReview,
    StageChange,
    VideoResponse,
    VideoReview,
)
from interviews.services.pipeline import (
    IN_PIPELINE,
    advance_application,
    archive_application,
    assign_interviewers,
    can_advance,
    make_offer,
    next_stage,
    record_resume_review,
    record_video_review,
    reject_application,
    screen_questions,
    unarchive_application,
)
from interviews.views.ranges import ranged_file_response
from rubrics.errors import add_service_errors
from rubrics.models import QuestionKind, Round, Stage

PAGE_SIZE = 25
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _get_requisition_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Requisition:
    requisition = get_object_or_404(
        Requisition.objects.managed_by(request.user).select_related("loop", "role", "recruiter", "hiring_manager"),
        pk=pk,
    )
    if write and not may_change_requisition(request.user, requisition):
        raise PermissionDenied
    return requisition


def _get_application_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Application:
    application = get_object_or_404(
        Application.objects.managed_by(request.user).select_related(
            "candidate", "stage", "requisition__loop", "requisition__recruiter", "requisition__hiring_manager"
        ),
        pk=pk,
    )
    if write and not may_change_requisition(request.user, application.requisition):
        raise PermissionDenied
    return application


def _get_video_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> VideoResponse:
    response = get_object_or_404(
        VideoResponse.objects.filter(application__in=Application.objects.managed_by(request.user))
        .select_related("question", "application__requisition"),
        pk=pk,
    )
    if write and not may_change_requisition(request.user, response.application.requisition):
        raise PermissionDenied
    return response


MOVES = {MoveForm.ADVANCE: advance_application, MoveForm.ARCHIVE: archive_application,
         MoveForm.UNARCHIVE: unarchive_application, MoveForm.OFFER: make_offer, MoveForm.REJECT: reject_application}


def _possible_moves(application: Application) -> list[str]:
    """The moves offered on the page: the same conditions the services check."""
    status, at_interviews = application.status, application.stage.kind == Stage.Kind.INTERVIEWS
    moves = []
    if can_advance(application):
        moves.append(MoveForm.ADVANCE)
    if status == Application.Status.ACTIVE and at_interviews:
        moves.append(MoveForm.OFFER)
    if status in IN_PIPELINE and at_interviews:
        moves.append(MoveForm.REJECT)
    if status == Application.Status.ACTIVE:
        moves.append(MoveForm.ARCHIVE)
    if status == Application.Status.ARCHIVED and application.requisition.status == Requisition.Status.OPEN:
        moves.append(MoveForm.UNARCHIVE)
    return moves


@login_required
def requisitions(request: HttpRequest) -> HttpResponse:
    if not (is_recruiter(request.user) or in_group(request.user, HIRING_MANAGER)):
        raise PermissionDenied
    rows = (
        Requisition.objects.managed_by(request.user)
        .select_related("role", "recruiter", "hiring_manager")
        .annotate(applications_count=Count("applications"))
        .order_by("-opened_at", "-pk")
    )
    status, search = request.GET.get("status", ""), request.GET.get("q", "").strip()
    if status in Requisition.Status.values:
        rows = rows.filter(status=status)
    if search:
        rows = rows.filter(title__icontains=search)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in {"q": search, "status": status}.items() if value})
    return render(request, "interviews/recruiter/requisitions.html",
                  {"page": page, "status": status, "search": search, "statuses": Requisition.Status.choices,
                   "query": query, "can_open": is_recruiter(request.user)})


@login_required
def pipeline(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = _get_requisition_for_user(request, pk)
    stages = list(requisition.loop.stages.order_by("order", "pk"))
    counts = {
        (row["stage"], row["status"]): row["n"]
        for row in requisition.applications.order_by().values("stage", "status").annotate(n=Count("pk"))
    }
    statuses = Application.Status.choices
    table = [
        {"stage": stage, "counts": [counts.get((stage.pk, value), 0) for value, _ in statuses],
         "total": sum(counts.get((stage.pk, value), 0) for value, _ in statuses)}
        for stage in stages
    ]
    applications = requisition.applications.select_related("candidate", "stage").order_by("-created_at", "-pk")
    filters = ApplicationFilter(request.GET or None, queryset=applications, requisition=requisition)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "requisition": requisition, "stage_table": table, "statuses": statuses, "filters": filters, "page": page,
        "query": query.urlencode(), "can_write": may_change_requisition(request.user, requisition),
        "total": sum(counts.values()),
    }
    template = "interviews/recruiter/_applications.html" if request.htmx else "interviews/recruiter/pipeline.html"
    return render(request, template, context)


def _detail_context(request: HttpRequest, application: Application) -> dict:
    requisition = application.requisition
    video_reviews = VideoReview.objects.select_related("reviewer").order_by("reviewed_at", "pk")
    rounds = list(
        Round.objects.filter(stage__template=requisition.loop_id, stage__kind=Stage.Kind.INTERVIEWS)
        .order_by("stage__order", "order", "pk")
    )
    interviews = {
        interview.round_id: interview
        for interview in application.interviews.select_related("target_level", "variant")
        .prefetch_related("interviewers")
    }
    can_write = may_change_requisition(request.user, requisition)
    return {
        "application": application, "requisition": requisition, "can_write": can_write,
        "history": StageChange.objects.filter(application=application)
        .select_related("from_stage", "to_stage", "by").order_by("at", "pk"),
        "knockouts": KnockoutAnswer.objects.filter(application=application)
        .select_related("question", "option").order_by("question__order", "pk"),
        "videos": [
            {"response": response, "form": VideoReviewForm(prefix=f"video-{response.pk}"),
             "mine": next((r for r in response.reviews.all() if r.reviewer_id == request.user.pk), None)}
            for response in application.video_responses.select_related("question")
            .prefetch_related("question__indicators")
            .prefetch_related(Prefetch("reviews", queryset=video_reviews)).order_by("question__order", "pk")
        ],
        "resume_reviews": ResumeReview.objects.filter(application=application)
        .select_related("reviewer").prefetch_related("scores__criterion").order_by("reviewed_at", "pk"),
        "rounds": [{"round": r, "interview": interviews.get(r.pk)} for r in rounds],
        "next_stage": next_stage(application),
        "can_review_resume": can_write and application.status == Application.Status.ACTIVE
        and application.stage.kind == Stage.Kind.RESUME,
        "can_assign": can_write and application.status == Application.Status.ACTIVE
        and application.stage.kind == Stage.Kind.INTERVIEWS,
        "move_form": MoveForm(actions=_possible_moves(application)),
    }


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk)
    return render(request, "interviews/recruiter/application.html", _detail_context(request, application))


@login_required
def resume_file(request: HttpRequest, pk: int) -> FileResponse:
    application = _get_application_for_user(request, pk)
    if not application.resume:
        raise Http404("No resume was uploaded.")
    pdf = application.resume.name.lower().endswith(".pdf")
    name = f"resume-{application.pk}{'.pdf' if pdf else '.docx'}"
    file = application.resume.open("rb")
    AuditEntry.record(application, "resume.downloaded", actor=request.user, file=application.resume.name)
    # A PDF opens in the browser's own viewer; a DOCX has none, so it downloads.
    response = FileResponse(file, as_attachment=not pdf, filename=name,
                            content_type="application/pdf" if pdf else DOCX_TYPE)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def video_file(request: HttpRequest, pk: int) -> HttpResponse:
    response = _get_video_for_user(request, pk)
    if not response.file:
        raise Http404("The video was erased.")
    # A player fetches a video in several byte ranges: the one from the start is the viewing.
    if request.headers.get("Range", "bytes=0-").replace(" ", "").startswith("bytes=0-"):
        AuditEntry.record(response, "video.downloaded", actor=request.user, file=response.file.name,
                          application=response.application_id)
    return ranged_file_response(request, response.file.open("rb"), response.content_type.split(";")[0])


@login_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk, write=True)
    form = MoveForm(request.POST or None, actions=_possible_moves(application))
    if request.method == "POST" and form.is_valid():
        service = MOVES[form.cleaned_data["action"]]
        try:
            service(application=application, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("interviews:application", pk=application.pk)
    return render(request, "interviews/recruiter/move.html",
                  {"application": application, "form": form, "next_stage": next_stage(application)},
                  status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def resume_review(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk, write=True)
    criteria = list(screen_questions(application.requisition, QuestionKind.RESUME, Stage.Kind.RESUME))
    form = ResumeReviewForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            record_resume_review(application=application, reviewer=request.user, scores=form.scores(),
                                 notes=form.cleaned_data["notes"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("interviews:application", pk=application.pk)
    open_for_review = (application.status == Application.Status.ACTIVE
                       and application.stage.kind == Stage.Kind.RESUME)
    return render(request, "interviews/recruiter/resume_review.html",
                  {"application": application, "form": form, "open_for_review": open_for_review},
                  status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def video_review(request: HttpRequest, pk: int) -> HttpResponse:
    response = _get_video_for_user(request, pk, write=True)
    mine = response.reviews.filter(reviewer=request.user).first()
    initial = {"score": mine.score, "notes": mine.notes} if mine else None
    form = VideoReviewForm(request.POST or None, initial=initial, prefix=f"video-{response.pk}")
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            mine = record_video_review(response=response, reviewer=request.user, score=form.cleaned_data["score"],
                                       notes=form.cleaned_data["notes"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not request.htmx:
                return redirect("interviews:application", pk=response.application_id)
            saved = True
            form = VideoReviewForm(initial={"score": mine.score, "notes": mine.notes}, prefix=f"video-{response.pk}")
    context = {"response": response, "form": form, "mine": mine, "saved": saved, "can_write": True,
               "reviews": response.reviews.select_related("reviewer").order_by("reviewed_at", "pk")}
    template = "interviews/recruiter/_video_review.html" if request.htmx else "interviews/recruiter/video_review.html"
    status = 400 if form.errors else 200
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk, write=True)
    round_ = get_object_or_404(
        Round.objects.filter(stage__template=application.requisition.loop_id, stage__kind=Stage.Kind.INTERVIEWS),
        pk=round_pk,
    )
    interview = (Interview.objects.filter(application=application, round=round_)
                 .prefetch_related("interviewers").first())
    initial = None
    if interview is not None:
        initial = {"interviewers": list(interview.interviewers.all()), "scheduled_at": interview.scheduled_at,
                   "target_level": interview.target_level_id, "variant": interview.variant_id}
    form = AssignForm(request.POST or None, initial=initial, application=application, round=round_)
    if request.method == "POST" and form.is_valid():
        try:
            assign_interviewers(application=application, round=round_, by=request.user,
                                interviewers=form.cleaned_data["interviewers"],
                                scheduled_at=form.cleaned_data["scheduled_at"],
                                target_level=form.cleaned_data["target_level"],
                                variant=form.cleaned_data.get("variant"))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("interviews:application", pk=application.pk)
    open_for_assignment = (application.status == Application.Status.ACTIVE
                           and application.stage.kind == Stage.Kind.INTERVIEWS)
    return render(request, "interviews/recruiter/assign.html",
                  {"application": application, "round": round_, "form": form, "interview": interview,
                   "open_for_assignment": open_for_assignment},
                  status=400 if form.is_bound else 200)
