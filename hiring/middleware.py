"""Refuse an oversized API request body with a JSON 413 before anything reads it; keep what a
signed-in user is shown out of every cache."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control


class ApiBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return JsonResponse({"detail": "Content-Length is not a number."}, status=400)
            if length > settings.API_MAX_BODY_BYTES:
                return JsonResponse({"detail": f"The request body is too large: at most "
                                               f"{settings.API_MAX_BODY_BYTES} bytes."}, status=413)
            # Only uploads (multipart) may be larger than what Django reads into memory.
            multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
            if not multipart and length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                return self._too_big_for_memory()
        return self.get_response(request)

    @staticmethod
    def _too_big_for_memory() -> JsonResponse:
        return JsonResponse({"detail": f"The request body is too large: at most "
                                       f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes outside uploaded files."},
                            status=413)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # Django's own limit on what is read into memory (DATA_UPLOAD_MAX_MEMORY_SIZE, files
        # aside), met while a view reads the body: in JSON too, not the HTML 400 page.
        if isinstance(exception, RequestDataTooBig) and request.path.startswith("/api/"):
            return self._too_big_for_memory()
        return None


class PrivateNoStoreMiddleware:
    """Everything a signed-in user is shown carries someone's personal data (packets, resumes,
    videos, scorecards): no browser or proxy cache keeps a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response
