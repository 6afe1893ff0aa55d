"""Personal API tokens: create (the raw token is returned once), revoke, look up by the raw token."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken

PREFIX = "hl_"
# last_used_at is written at most this often per token, so a busy client costs no write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the raw token, which is not stored anywhere."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Name the token, e.g. after the system that will use it."})
    if len(name) > 100:
        raise ValidationError({"name": "At most 100 characters."})
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:10])
    return token, raw


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: AbstractBaseUser) -> ApiToken:
    if token.user_id != by.pk:
        raise PermissionDenied("Only the token's owner revokes it.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for(raw: str) -> ApiToken | None:
    """The active token whose raw value is ``raw``, with its user; None when unknown or revoked."""
    token = ApiToken.objects.active().select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
