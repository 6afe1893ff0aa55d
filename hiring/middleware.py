"""Request bodies over the limit: the API answers them in JSON, as it answers everything else."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control

API_PREFIX = "/api/"
# A body up to this size is read and dropped before answering, so that the client gets the
# answer instead of a connection reset; a bigger one is not worth the bandwidth.
DRAIN_AT_MOST = 32 * 1024 * 1024


def too_big(limit: int) -> JsonResponse:
    return JsonResponse({"detail": f"The request body is larger than the {limit:,} bytes accepted."}, status=413)


class JsonBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")  # files have their own limits
        if limit is not None and request.path.startswith(API_PREFIX) and not multipart:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                self._drain(request, length)
                return too_big(limit)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig) and request.path.startswith(API_PREFIX):
            return too_big(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return None

    @staticmethod
    def _drain(request: HttpRequest, length: int) -> None:
        if length > DRAIN_AT_MOST:
            return
        stream = request.META.get("wsgi.input")
        left = length
        while stream is not None and left > 0:
            chunk = stream.read(min(left, 65536))
            if not chunk:
                break
            left -= len(chunk)


class PrivateNoStoreMiddleware:
    """Everything a signed-in user is shown carries someone's personal data (packets, resumes,
    videos, scorecards): no browser or proxy cache keeps a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
