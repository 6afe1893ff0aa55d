"""Pages of the decision side: the packet, its PDF, the decision, calibration, packet batches."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import may_decide, may_see_calibration
from hiring import agreement, evidence, tasks
from hiring.forms import DecisionForm, MoreSignalForm
from hiring.models import CalibrationRun, InterviewerSeverity, PacketBatch
from hiring.packets import context, html
from hiring.services.calibration import serve_pending_recalibration
from hiring.services.decisions import record_decision, request_more_signal
from hiring.services.packets import batch_progress, render_packet
from hiring.services.queueing import start_packet_batch
from interviews.models import Application, AuditEntry, Requisition
from rubrics.errors import add_service_errors
from rubrics.models import Round, Stage


def _get_application_for_user(request: HttpRequest, pk: int) -> Application:
    """The hiring manager and the recruiter of the requisition, and superusers; 404 for others."""
    return get_object_or_404(Application.objects.managed_by(request.user).select_related("requisition", "candidate"),
                             pk=pk)


def _packet_page(request: HttpRequest, application: Application, form: DecisionForm | None = None,
                 status: int = 200) -> HttpResponse:
    data = context.build(application.pk)
    can_decide = may_decide(request.user, application)
    if can_decide and form is None:
        form = DecisionForm(requisition=application.requisition)
    body = html.render_page(data, request=request, extra={"can_decide": can_decide, "form": form})
    return HttpResponse(body, status=status)


@login_required
def packet(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk)
    AuditEntry.record(application, "packet.viewed", actor=request.user, format="html")
    serve_pending_recalibration(packet=True)
    return _packet_page(request, application)


def file_name_part(text: str, most: int = 60) -> str:
    """``text`` as part of a download's file name: letters, digits, dots and dashes only (a "/" or
    a quote would cut the name short or change the folder), at most ``most`` characters."""
    return re.sub(r"[^\w.]+", "-", text).strip("-.")[:most].strip("-.") or "candidate"


@login_required
def packet_pdf(request: HttpRequest, pk: int) -> FileResponse:
    application = _get_application_for_user(request, pk)
    AuditEntry.record(application, "packet.viewed", actor=request.user, format="pdf")
    serve_pending_recalibration(packet=True)
    stored = render_packet(application_id=application.pk)  # the stored one when inputs are unchanged
    filename = f"packet-{application.pk}-{file_name_part(application.candidate.name)}.pdf"
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=filename,
                        content_type="application/pdf")


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk)
    if not may_decide(request.user, application):
        raise PermissionDenied
    form = DecisionForm(request.POST, requisition=application.requisition)
    if not form.is_valid():
        return _packet_page(request, application, form=form, status=400)
    try:
        decision = record_decision(application=application, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return _packet_page(request, application, form=form, status=400)
    application.refresh_from_db(fields=["status"])
    messages.success(request, f"Recorded: {decision.get_outcome_display()}"
                              f"{f' at {decision.level.name}' if decision.level else ''}. "
                              f"{application.candidate.name} is now {application.get_status_display().lower()}.")
    return redirect("interviews:application", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_signal(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """From a "not enough evidence" level: assign an interview on a round that evidences what is missing."""
    application = _get_application_for_user(request, pk)
    if not may_decide(request.user, application):
        raise PermissionDenied
    round_ = get_object_or_404(Round.objects.filter(stage__template=application.requisition.loop_id,
                                                    stage__kind=Stage.Kind.INTERVIEWS), pk=round_pk)
    form = MoreSignalForm(request.POST or None, application=application, round=round_)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            request_more_signal(application=application, round=round_, interviewers=data["interviewers"],
                                target_level=data["target_level"], scheduled_at=data["scheduled_at"],
                                variant=data.get("variant"), by=request.user, rationale=data["rationale"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"More signal requested: {round_.name} is assigned.")
            return redirect("hiring:packet", pk=application.pk)
    return render(request, "hiring/request_signal.html", {"application": application, "round": round_,
                                                          "form": form}, status=400 if form.is_bound else 200)


@login_required
def calibration(request: HttpRequest) -> HttpResponse:
    if not may_see_calibration(request.user):
        raise PermissionDenied
    serve_pending_recalibration()
    run = CalibrationRun.objects.latest_finished()
    rows = [] if run is None else (InterviewerSeverity.objects.filter(run=run).select_related("interviewer")
                                   .order_by("-severity"))
    interviewers = [{
        "name": r.interviewer.get_full_name() or r.interviewer.username, "severity": r.severity,
        "low": r.severity - context.Z95 * r.se, "high": r.severity + context.Z95 * r.se,
        "n_ratings": r.n_ratings, "mad": r.peer_mad, "correlation": r.peer_correlation, "pairs": r.peer_pairs,
    } for r in rows]
    running = CalibrationRun.objects.filter(status=CalibrationRun.Status.RUNNING).exists()
    names = evidence.competency_names()
    return render(request, "hiring/calibration.html", {
        "run": run, "interviewers": interviewers, "running": running,
        "reliability": sorted((names.get(identity, identity), icc, agreement.reliability_in_words(icc))
                              for identity, icc in (run.reliability if run else {}).items()),
    })


@login_required
@require_POST
def recalibrate(request: HttpRequest) -> HttpResponse:
    if not may_see_calibration(request.user):
        raise PermissionDenied
    before = CalibrationRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    tasks.recalibrate.delay()
    return redirect(f"{reverse('hiring:calibration-progress')}?after={before}")


@login_required
def calibration_progress(request: HttpRequest) -> HttpResponse:
    if not may_see_calibration(request.user):
        raise PermissionDenied
    after = request.GET.get("after", "")
    after = int(after) if after.isdigit() else 0
    run = CalibrationRun.objects.filter(pk__gt=after).order_by("-pk").first()
    template = "hiring/_calibration_progress.html" if request.htmx else "hiring/calibration_progress.html"
    return render(request, template, {"run": run, "after": after})


def _get_requisition_for_user(request: HttpRequest, pk: int) -> Requisition:
    return get_object_or_404(Requisition.objects.managed_by(request.user), pk=pk)


@login_required
def requisition_packets(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = _get_requisition_for_user(request, pk)
    if request.method == "POST":
        batch = start_packet_batch(requisition=requisition, by=request.user)
        return redirect("hiring:packet-batch", pk=batch.pk)
    applications = Application.objects.filter(requisition=requisition).select_related("candidate").annotate(
        n_packets=Count("packets")).order_by("candidate__name")
    return render(request, "hiring/requisition_packets.html",
                  {"requisition": requisition, "applications": applications})


@login_required
def packet_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(PacketBatch, pk=pk)
    _get_requisition_for_user(request, batch.requisition_id)
    done, total = batch_progress(batch)
    template = "hiring/_batch_progress.html" if request.htmx else "hiring/packet_batch.html"
    return render(request, template, {"batch": batch, "done": done, "total": total,
                                      "requisition": batch.requisition})
