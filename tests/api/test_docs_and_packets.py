import re

import pytest
from django.urls import reverse

from interviews.models import AuditEntry
from tests.api.conftest import api_client


@pytest.mark.django_db
@pytest.mark.parametrize("name, asset", [
    ("api-docs", "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"),
    ("api-redoc", "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"),
])
def test_the_docs_are_served_from_local_files_to_signed_in_users(client, recruiter, name, asset):
    assert client.get(reverse(name)).status_code == 302  # to the log-in page
    client.force_login(recruiter)
    html = client.get(reverse(name)).content.decode()
    assert f"/static/{asset}" in html
    assert re.findall(r'(?:src|href)="(https?://[^"]+)"', html) == []  # nothing from the internet
    assert re.findall(r"<script>", html) == []  # no inline script: the Content-Security-Policy allows none


@pytest.mark.django_db
def test_swagger_ui_starts_from_a_script_of_its_own(client, recruiter):
    client.force_login(recruiter)
    response = client.get(reverse("api-docs"), {"script": ""})
    assert (response.status_code, response["Content-Type"]) == (200, "application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()


@pytest.mark.django_db
def test_the_schema_needs_a_token_or_a_session(world):
    assert api_client(world, "anonymous").get(reverse("api-schema")).status_code == 401
    response = api_client(world, "interviewer_other").get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    assert response.json()["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "http", "scheme": "bearer", "description": "A personal API token (API tokens page)."}


@pytest.mark.django_db
def test_the_packet_json_is_the_pages_content_and_is_audited(world):
    response = api_client(world, "hiring_manager_this").get(
        reverse("api:application-packet", args=[world.application.pk]))
    assert response.status_code == 200
    packet = response.json()
    assert (packet["application_id"], packet["requisition"]) == (world.application.pk, world.requisition.title)
    assert [level["key"] for level in packet["levels"]] == [level.key for level in world.loop.levels]
    assert {"verdict", "probability"} <= set(packet["levels"][0])
    assert "chart" not in packet
    viewed = AuditEntry.objects.filter(action="packet.viewed", target_id=world.application.pk)
    assert list(viewed.values_list("actor__username", "data")) == [("hana", {"format": "json"})]


@pytest.mark.django_db
def test_the_packet_pdf_is_a_pdf(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = api_client(world, "recruiter_this").get(
        reverse("api:application-packet-pdf", args=[world.application.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
