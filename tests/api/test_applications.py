"""A careers site posting applications, filters, the stage moves; bad input is JSON, never a 500."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from interviews.models import Application, StageChange
from tests.factories import published_loop
from tests.interviews.test_candidate_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def loop():
    return published_loop()


@pytest.fixture
def api(recruiter) -> APIClient:
    client = APIClient()
    client.force_authenticate(recruiter)
    return client


def post_application(api, requisition, loop, **overrides):
    return api.post(reverse("api:application-list"), {"requisition": requisition.pk, **form_data(loop, **overrides)},
                    format="multipart")


def test_a_careers_site_posts_an_application_with_its_files(api, requisition, loop):
    response = post_application(api, requisition, loop)
    assert response.status_code == 201
    application = Application.objects.get()
    assert (response.json()["id"], response.json()["status"], response.json()["stage_kind"]) == (
        application.pk, "active", "resume_screen")
    assert (application.candidate.name, bool(application.resume), application.video_responses.count()) == (
        "Ada Lovelace", True, 1)


def test_knockouts_decline_exactly_as_on_the_page(api, requisition, loop):
    response = post_application(api, requisition, loop, authorised=False)
    assert (response.status_code, response.json()["status"]) == (201, "declined")
    change = StageChange.objects.filter(application_id=response.json()["id"]).latest("pk")
    assert change.reason == f"Knockout “{loop.authorisation.title}”: answered “{loop.auth_no.text}”."


def test_a_posting_with_errors_answers_400_by_field_and_stores_nothing(api, requisition, loop):
    response = post_application(api, requisition, loop, email="not-an-address",
                                **{f"knockout_{loop.experience.pk}": None})
    assert response.status_code == 400
    assert response.json() == {"email": ["Enter a valid email address."],
                               f"knockout_{loop.experience.pk}": ["Please choose an answer."]}
    assert Application.objects.count() == 0


def test_the_hiring_manager_cannot_post_applications(requisition, loop, hiring_manager):
    client = APIClient()
    client.force_authenticate(hiring_manager)
    response = post_application(client, requisition, loop)
    assert response.status_code == 403


def test_filters_by_status_and_search(api, requisition, loop):
    post_application(api, requisition, loop)
    post_application(api, requisition, loop, authorised=False, name="Bob Byte", email="bob@example.org")
    rows = api.get(reverse("api:application-list"), {"status": "declined"}).json()["results"]
    assert [r["candidate_name"] for r in rows] == ["Bob Byte"]
    rows = api.get(reverse("api:application-list"), {"search": "ada@"}).json()["results"]
    assert [r["candidate_name"] for r in rows] == ["Ada Lovelace"]
    rows = api.get(reverse("api:application-list"), {"ordering": "candidate__name"}).json()["results"]
    assert [r["candidate_name"] for r in rows] == ["Ada Lovelace", "Bob Byte"]
    assert api.get(reverse("api:application-list"), {"status": "nonsense"}).json() == {
        "status": ["Select a valid choice. nonsense is not one of the available choices."]}


def test_stage_moves_need_a_reason_and_are_recorded(api, requisition, loop):
    pk = post_application(api, requisition, loop).json()["id"]
    url = reverse("api:application-archive", args=[pk])
    assert api.post(url, {}, format="json").json() == {"reason": ["This field is required."]}
    archived = api.post(url, {"reason": "Position re-scoped."}, format="json")
    assert (archived.status_code, archived.json()["status"]) == (200, "archived")
    again = api.post(url, {"reason": "Twice."}, format="json")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["Only an active application is archived; this one is archived."]}
    back = api.post(reverse("api:application-unarchive", args=[pk]), {"reason": "Re-opened."}, format="json")
    assert (back.status_code, back.json()["status"]) == (200, "active")
    assert list(StageChange.objects.filter(application_id=pk).values_list("reason", flat=True).order_by("pk"))[-2:] == [
        "Position re-scoped.", "Re-opened."]


def test_malformed_json_is_a_json_400(api):
    response = api.generic("POST", reverse("api:requisition-list"), "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("JSON parse error")


def test_an_oversized_body_is_a_json_413_before_it_is_read(api, settings):
    settings.API_MAX_BODY_BYTES = 1000
    response = api.post(reverse("api:requisition-list"), {"title": "x" * 2000}, format="json")
    assert (response.status_code, response["Content-Type"]) == (413, "application/json")
    assert response.json() == {"detail": "The request body is too large: at most 1000 bytes."}


def test_a_body_over_djangos_memory_limit_is_a_json_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 500
    response = api.post(reverse("api:requisition-list"), {"title": "x" * 2000}, format="json")
    assert (response.status_code, response.json()) == (
        413, {"detail": "The request body is too large: at most 500 bytes outside uploaded files."})


def test_an_unknown_id_in_the_path_is_a_404(api):
    assert api.get("/api/applications/abc/").status_code == 404
    assert api.get(reverse("api:application-detail", args=[10**30])).status_code == 404
