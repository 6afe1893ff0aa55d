from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def forbidden(request: HttpRequest, exception=None) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return render(request, "errors/403.html", status=403)


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if _api(request):  # a path no API route matches: JSON like every other API answer
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    # Rendered without the request's context: the user and the database may be what failed.
    return HttpResponseServerError(loader.render_to_string("errors/500.html"))
