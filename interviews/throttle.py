"""Limits on the public application form, counted in the cache (shared through Redis when
CACHE_URL is set; per process otherwise), in fixed windows:

- applications sent from one address per hour (every POST counts, refused or not);
- bytes uploaded from one address per day: the upload budget, checked from Content-Length before
  anything is read, so a refused body is never stored;
- applications accepted for one e-mail address per day.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

HOUR, DAY = 3600, 86400


def client_ip(request: HttpRequest) -> str:
    """The client's address: behind a proxy (BEHIND_PROXY), the last hop it added to
    X-Forwarded-For (the earlier ones are whatever the client claimed)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class Refusal:
    message: str
    retry_after: int  # seconds


def _window(seconds: int) -> int:
    return int(timezone.now().timestamp()) // seconds


def _seconds_left(seconds: int) -> int:
    return seconds - int(timezone.now().timestamp()) % seconds


def _add(key: str, amount: int, seconds: int) -> int:
    """Add ``amount`` to the counter ``key`` of the current window; return the new total."""
    key = f"throttle:{key}:{_window(seconds)}"
    if cache.add(key, amount, timeout=seconds + 60):
        return amount
    try:
        return cache.incr(key, amount)
    except ValueError:  # expired between add and incr
        cache.set(key, amount, timeout=seconds + 60)
        return amount


def _peek(key: str, seconds: int) -> int:
    return cache.get(f"throttle:{key}:{_window(seconds)}", 0)


def check_address(request: HttpRequest) -> Refusal | None:
    """Count this application attempt and its upload against the address; a refusal if over."""
    address = client_ip(request)
    attempts = _add(f"apply-address:{address}", 1, HOUR)
    if attempts > settings.APPLY_PER_ADDRESS_PER_HOUR:
        return Refusal("Too many applications have been sent from your connection in the last hour. "
                       "Please try again later.", _seconds_left(HOUR))
    try:
        size = max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        size = 0
    if _add(f"apply-bytes:{address}", size, DAY) > settings.APPLY_UPLOAD_BYTES_PER_ADDRESS_PER_DAY:
        return Refusal("Your connection has uploaded as much as we accept in one day. Please try again "
                       "tomorrow, or send smaller files.", _seconds_left(DAY))
    return None


def check_email(email: str) -> Refusal | None:
    """A refusal if this e-mail address already sent the day's allowance of applications."""
    if _peek(f"apply-email:{email.strip().lower()}", DAY) >= settings.APPLY_PER_EMAIL_PER_DAY:
        return Refusal("We have already received the applications we accept from this e-mail address today. "
                       "Please try again tomorrow.", _seconds_left(DAY))
    return None


def count_email(email: str) -> None:
    _add(f"apply-email:{email.strip().lower()}", 1, DAY)
