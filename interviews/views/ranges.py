"""Byte-range responses (RFC 9110 §14), so a browser's video player can seek in a stored video."""

import re
from collections.abc import Iterator

from django.core.files import File
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse

CHUNK = 64 * 1024
_SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte of a single ``bytes=`` range, clipped to ``size``.
    None when the header is absent or not one we serve partially (several ranges, other units,
    malformed): the whole file is then the right answer. Raises Unsatisfiable for a range that
    starts past the end."""
    match = _SINGLE_RANGE.match(header.strip().replace(" ", "")) if header else None
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # bytes=-N: the last N bytes
        if int(last) == 0:
            raise Unsatisfiable
        return max(size - int(last), 0), size - 1
    if int(first) >= size:
        raise Unsatisfiable
    end = size - 1 if last == "" else min(int(last), size - 1)
    if end < int(first):
        return None
    return int(first), end


def _read(file: File, first: int, last: int) -> Iterator[bytes]:
    with file:
        file.seek(first)
        remaining = last - first + 1
        while remaining > 0:
            chunk = file.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def ranged_file_response(request: HttpRequest, file: File, content_type: str) -> HttpResponse:
    """The file, or the part of it the request's Range header asks for (206), advertising
    ``Accept-Ranges: bytes`` either way."""
    size = file.size
    try:
        wanted = parse_range(request.headers.get("Range", ""), size)
    except Unsatisfiable:
        file.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if wanted is None:
        response = FileResponse(file, content_type=content_type)
    else:
        first, last = wanted
        response = StreamingHttpResponse(_read(file, first, last), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    return response
