"""Webhooks: sign a delivery's body and POST it once; the task retries with backoff on failure."""

import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hiring.models import WebhookDelivery, WebhookSubscription

SIGNATURE_HEADER = "X-Hiring-Signature"
TIMEOUT_SECONDS = 10


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx; the task retries."""


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the hex HMAC-SHA256 of the body with the secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def body_of(delivery: WebhookDelivery) -> bytes:
    envelope = {"id": delivery.pk, "event": delivery.event, "created_at": delivery.created_at.isoformat(),
                "data": delivery.payload}
    return json.dumps(envelope, sort_keys=True, separators=(",", ":")).encode()


def deliver(*, delivery_id: int) -> WebhookDelivery | None:
    """One attempt. Records the status code (or the error); raises DeliveryFailed unless 2xx."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.delivered_at is not None:
        return delivery  # gone, or already delivered by an earlier run of the same task
    body = body_of(delivery)
    request = urllib.request.Request(delivery.subscription.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "hiring-loop-webhooks",
        "X-Hiring-Event": delivery.event, "X-Hiring-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: sign(delivery.subscription.secret, body),
    })
    code, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - http(s) only
            code = response.status
    except urllib.error.HTTPError as failure:
        code, error = failure.code, f"HTTP {failure.code}"
    except (urllib.error.URLError, OSError) as failure:
        error = str(getattr(failure, "reason", failure))[:500]
    ok = code is not None and 200 <= code < 300
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=delivery.attempts + 1, status_code=code, error="" if ok else error,
        delivered_at=timezone.now() if ok else None)
    if not ok:
        raise DeliveryFailed(f"delivery {delivery.pk}: {error or code}")
    delivery.refresh_from_db()
    return delivery


def _check(url: str, events: list[str]) -> None:
    errors = {}
    if not url.startswith(("http://", "https://")):
        errors["url"] = "An http:// or https:// URL."
    unknown = sorted(set(events) - set(WebhookSubscription.Event.values))
    if not events or unknown:
        errors["events"] = (f"Unknown events: {', '.join(unknown)}." if unknown else "Choose at least one event.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def subscribe(*, owner, url: str, secret: str, events: list[str]) -> WebhookSubscription:
    _check(url, events)
    if len(secret or "") < 16:
        raise ValidationError({"secret": "At least 16 characters."})
    return WebhookSubscription.objects.create(owner=owner, url=url, secret=secret, events=sorted(set(events)))
