from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.access import recruiter_required
from rubrics import context
from rubrics.models import LoopTemplate, Role


@recruiter_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "rubrics/index.html", context.roles_index(request.GET.get("page")))


@recruiter_required
def matrix(request: HttpRequest, pk: int) -> HttpResponse:
    role = get_object_or_404(Role, pk=pk)
    return render(request, "rubrics/matrix.html", context.progression_matrix(role))


@recruiter_required
def loop(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(LoopTemplate.objects.select_related("role"), pk=pk)
    return render(request, "rubrics/loop.html", context.loop_overview(template))
