"""Log-in is locked for a user name and address after five wrong passwords (django-axes)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def log_in(client, password, username="rita", address="203.0.113.9"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_user_name_from_that_address(client, recruiter):
    assert [log_in(client, "wrong").status_code for _ in range(5)] == [200, 200, 200, 200, 429]
    locked = log_in(client, "pw")  # even the right password, until the cool-off ends
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_that_address_only(client, recruiter):
    for _ in range(5):
        log_in(client, "wrong")
    response = log_in(client, "pw", address="198.51.100.4")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(recruiter.pk)


def test_a_success_resets_the_count(client, recruiter):
    for _ in range(4):
        log_in(client, "wrong")
    assert log_in(client, "pw").status_code == 302
    client.logout()
    assert [log_in(client, "wrong").status_code for _ in range(4)] == [200, 200, 200, 200]


def test_the_admin_log_in_is_locked_too(client, recruiter):
    url = reverse("admin:login")
    statuses = [client.post(url, {"username": "rita", "password": "wrong"}, REMOTE_ADDR="203.0.113.9").status_code
                for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
