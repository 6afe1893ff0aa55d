from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import recruiter_required
from rubrics.kits.forms import KitImportForm
from rubrics.kits.services import export_kit, import_kit, publish_role
from rubrics.kits.validation import KitError
from rubrics.models import Role


def _problems(error: ValidationError) -> list[str]:
    if isinstance(error, KitError):
        return error.errors
    if hasattr(error, "error_dict"):
        return [f"{where}: {message}" for where, messages in error.message_dict.items() for message in messages]
    return error.messages


@recruiter_required
def kit_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    drafts = Role.objects.drafts().filter(published_from__isnull=True).annotate(
        version_count=Count("versions"), latest_version=Max("versions__version"),
    ).order_by("title", "pk")
    if query:
        drafts = drafts.filter(Q(title__icontains=query) | Q(key__icontains=query))
    page = Paginator(drafts, 25).get_page(request.GET.get("page"))
    versions = Role.objects.published().filter(published_from__in=[r.pk for r in page]).select_related(
        "published_by").order_by("-version")
    by_draft: dict[int, list[Role]] = {}
    for version in versions:
        by_draft.setdefault(version.published_from_id, []).append(version)
    rows = [(role, by_draft.get(role.pk, [])) for role in page]
    return render(request, "rubrics/kits/list.html", {"page": page, "rows": rows, "query": query})


@recruiter_required
def kit_import(request: HttpRequest) -> HttpResponse:
    form = KitImportForm(request.POST, request.FILES) if request.method == "POST" else KitImportForm()
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = import_kit(text=data["kit"], by=request.user, replace=data["replace"], publish=data["publish"])
        except ValidationError as exc:
            problems = _problems(exc)
        else:
            verb = "Imported" if result.created else "Replaced the draft of"
            note = f" and published it as version {result.version.version}" if result.version else ""
            messages.success(request, f"{verb} {result.role.title}{note}.")
            for converted in result.notes:
                messages.info(request, f"Note: {converted}.")
            return redirect("rubrics:kits:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "rubrics/kits/import.html", {"form": form, "problems": problems}, status=status)


@recruiter_required
def kit_download(request: HttpRequest, pk: int) -> HttpResponse:
    role = get_object_or_404(Role, pk=pk)
    name = f"{role.key}-v{role.version}.yaml" if role.version else f"{role.key}.yaml"
    response = HttpResponse(export_kit(role=role), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@recruiter_required
@require_POST
def kit_publish(request: HttpRequest, pk: int) -> HttpResponse:
    role = get_object_or_404(Role.objects.drafts(), pk=pk, published_from__isnull=True)
    try:
        version = publish_role(role=role, by=request.user)
    except ValidationError as exc:
        for problem in _problems(exc):
            messages.error(request, problem)
    else:
        messages.success(request, f"Published {role.title} as version {version.version}.")
    return redirect("rubrics:kits:list")
