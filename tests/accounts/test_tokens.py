import hashlib
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import create_api_token


def _bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_settings_page_creates_a_named_token_shown_once_and_stored_hashed(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("accounts:tokens"), {"name": "careers site"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = response.context["raw"]
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (recruiter, "careers site", raw[:10])
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert not ApiToken.objects.filter(key_hash=raw).exists() and raw not in token.key_hash
    again = client.get(reverse("accounts:tokens"))
    assert again.context["raw"] is None
    assert raw not in again.content.decode()
    assert f"{raw[:10]}…" in again.content.decode()


@pytest.mark.django_db
def test_a_token_without_a_name_is_refused(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("accounts:tokens"), {"name": "  "})
    assert response.status_code == 400
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db
def test_a_token_authenticates_as_its_user_and_records_when_it_was_last_used(recruiter):
    token, raw = create_api_token(user=recruiter, name="sync")
    assert token.last_used_at is None
    response = _bearer(raw).get(reverse("api:requisition-list"))
    assert response.status_code == 200
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(seconds=5)


@pytest.mark.django_db
def test_a_revoked_token_no_longer_authenticates(client, recruiter):
    token, raw = create_api_token(user=recruiter, name="sync")
    client.force_login(recruiter)
    response = client.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = _bearer(raw).get(reverse("api:requisition-list"))
    assert (response.status_code, response.json()) == (401, {"detail": "Unknown or revoked token."})
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.django_db
def test_nobody_revokes_someone_elses_token(client, recruiter, interviewer):
    token, raw = create_api_token(user=recruiter, name="sync")
    client.force_login(interviewer)
    assert client.post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _bearer(raw).get(reverse("api:requisition-list")).status_code == 200


@pytest.mark.django_db
def test_an_unknown_token_is_refused():
    response = _bearer("hl_not-a-token").get(reverse("api:requisition-list"))
    assert response.status_code == 401


@pytest.mark.django_db
def test_each_token_has_its_own_request_budget(settings, recruiter):
    settings.API_THROTTLE_RATE = "3/minute"
    _, first = create_api_token(user=recruiter, name="one")
    _, second = create_api_token(user=recruiter, name="two")
    statuses = [_bearer(first).get(reverse("api:requisition-list")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert _bearer(second).get(reverse("api:requisition-list")).status_code == 200
