import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rubrics.kits import import_kit
from rubrics.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(recruiter) -> APIClient:
    client = APIClient()
    client.force_authenticate(recruiter)
    return client


def test_import_returns_the_draft_and_the_version(api, full_kit_text):
    response = api.post(reverse("api-kit-import"), {"kit": full_kit_text, "publish": True}, format="json")
    assert response.status_code == 201
    draft, version = Role.objects.get(version=None), Role.objects.get(version=1)
    assert response.json()["role"] == {"id": draft.pk, "key": "data-scientist", "title": "Data Scientist",
                                       "version": None, "published_at": None}
    assert response.json()["created"] is True
    assert response.json()["version"]["id"] == version.pk


def test_an_invalid_kit_is_a_400_keyed_by_place(api, full_kit_text):
    text = full_kit_text.replace("outcome: qualifies", "outcome: auto_decline")
    response = api.post(reverse("api-kit-import"), {"kit": text}, format="json")
    assert response.status_code == 400
    assert response.json() == {"questions[2].options": ["a knockout needs at least one option that qualifies (line 112)"]}
    assert Role.objects.count() == 0


@pytest.mark.parametrize("body", [{}, {"kit": ""}, {"kit": "- just\n- a list\n"}, {"kit": "a: [b"},
                                  {"kit": 42}, {"kit": "format: hiring-kit/1", "replace": "perhaps"}])
def test_malformed_input_is_a_400_never_a_500(api, body):
    response = api.post(reverse("api-kit-import"), body, format="json")
    assert response.status_code == 400
    assert isinstance(response.json(), dict)


def test_read_returns_the_role_as_kit_text(api, full_kit_text):
    role = import_kit(text=full_kit_text).role
    response = api.get(reverse("api-kit-detail", args=[role.pk]))
    assert response.status_code == 200
    assert response.json()["kit"] == full_kit_text
    assert api.get(reverse("api-kit-detail", args=[role.pk + 1000])).status_code == 404


def test_publish_creates_the_next_version_and_refuses_an_unchanged_draft(api, full_kit_text):
    role = import_kit(text=full_kit_text).role
    response = api.post(reverse("api-kit-publish", args=[role.pk]))
    assert (response.status_code, response.json()["version"]) == (201, 1)
    response = api.post(reverse("api-kit-publish", args=[role.pk]))
    assert (response.status_code, response.json()) == (400, {"non_field_errors": ["Nothing changed since version 1."]})
    version_pk = role.versions.get().pk
    assert api.post(reverse("api-kit-publish", args=[version_pk])).status_code == 404


def test_only_recruiters_may_use_the_kit_api(interviewer, full_kit_text):
    client = APIClient()
    assert client.post(reverse("api-kit-import"), {"kit": full_kit_text}, format="json").status_code == 401
    client.force_authenticate(interviewer)
    assert client.post(reverse("api-kit-import"), {"kit": full_kit_text}, format="json").status_code == 403
    assert Role.objects.count() == 0


def test_the_kit_endpoints_are_in_the_openapi_schema(api):
    response = api.get(reverse("api-schema"), {"format": "json"})
    paths = response.json()["paths"]
    assert sorted(p for p in paths if p.startswith("/api/kits/")) == [
        "/api/kits/", "/api/kits/{id}/", "/api/kits/{id}/publish/"]
    assert sorted(paths["/api/kits/"]["post"]["responses"]) == ["201", "400", "401", "403", "404", "413", "415", "429"]
