"""The builder's four screens; the loop overview is the fifth. Each one saves and moves on."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.access import recruiter_required
from rubrics.builder import services
from rubrics.builder.forms import FrameworkForm, LoopForm, QuestionForm, RoleForm
from rubrics.errors import add_service_errors
from rubrics.models import Role

STEPS = ("Role and levels", "Competencies", "Questions", "Loop")


def _draft_role(pk: int) -> Role:
    return get_object_or_404(Role.objects.drafts(), pk=pk, published_from__isnull=True)


def _screen(request: HttpRequest, template: str, step: int, form: Form, role: Role | None,
            save: Callable[[], HttpResponse], **extra) -> HttpResponse:
    """A valid form sent goes to ``save`` (the service, then where to go next); otherwise, or when
    the service refuses it (its errors on the form), the screen again (400 once sent)."""
    if request.method == "POST" and form.is_valid():
        try:
            return save()
        except ValidationError as error:
            add_service_errors(form, error)
    context = {"form": form, "role": role, "step": step, "steps": STEPS, **extra}
    return render(request, f"rubrics/builder/{template}", context, status=400 if form.is_bound else 200)


def _again_or_next(request: HttpRequest, role: Role, here: str, then: str) -> HttpResponse:
    """Back to this screen after "save and add more" (``more`` in the form sent), else on to the next."""
    return redirect(here if "more" in request.POST else then, pk=role.pk)


@recruiter_required
@require_http_methods(["GET", "POST"])
def role(request: HttpRequest) -> HttpResponse:
    form = RoleForm(request.POST or None)

    def save() -> HttpResponse:
        data = form.cleaned_data
        created = services.create_role(title=data["title"], summary=data["summary"], levels=form.levels(),
                                       scale_min=data["scale_min"], scale_max=data["scale_max"], by=request.user)
        return redirect("rubrics:build-framework", pk=created.pk)

    return _screen(request, "role.html", 1, form, None, save)


@recruiter_required
@require_http_methods(["GET", "POST"])
def framework(request: HttpRequest, pk: int) -> HttpResponse:
    role = _draft_role(pk)
    form = FrameworkForm(request.POST or None, role=role)

    def save() -> HttpResponse:
        services.add_competencies(role=role, discipline=form.cleaned_data["discipline"],
                                  competencies=form.competencies())
        return _again_or_next(request, role, "rubrics:build-framework", "rubrics:build-question")

    return _screen(request, "framework.html", 2, form, role, save, existing=role.competencies.order_by("order", "pk"))


@recruiter_required
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, pk: int) -> HttpResponse:
    role = _draft_role(pk)
    form = QuestionForm(request.POST or None, role=role)

    def save() -> HttpResponse:
        services.add_question(role=role, **form.service_arguments())
        return _again_or_next(request, role, "rubrics:build-question", "rubrics:build-loop")

    return _screen(request, "question.html", 3, form, role, save, existing=role.questions.order_by("order", "pk"))


@recruiter_required
@require_http_methods(["GET", "POST"])
def loop(request: HttpRequest, pk: int) -> HttpResponse:
    role = _draft_role(pk)
    form = LoopForm(request.POST or None, role=role)

    def save() -> HttpResponse:
        template = services.add_loop(role=role, name=form.cleaned_data["name"], rounds=form.rounds(),
                                     screens=form.cleaned_data["screens"])
        return redirect("rubrics:loop", pk=template.pk)

    return _screen(request, "loop.html", 4, form, role, save)
