"""Headers every response carries: a Content-Security-Policy that allows no inline script, and
no-store on everything shown to a signed-in user (packets, candidates' files)."""

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import ApplicationFactory, VideoResponseFactory
from tests.hiring.loop import make_application, rate

ROOT = Path(__file__).resolve().parents[2]
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
          "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
          "frame-ancestors 'none'")
NO_STORE = "private, no-store"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/admin/login/", "/interviews/mine/"])
def test_every_page_has_the_content_security_policy(client, interviewer, path):
    if path == "/interviews/mine/":
        client.force_login(interviewer)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == directives(POLICY)


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_no_template_has_an_inline_script_or_an_event_handler_attribute():
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        found += [(template.name, tag) for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text)
                  if "application/json" not in tag]
        found += [(template.name, attr) for attr in re.findall(r"\son[a-z]+=", text)]
        found += [(template.name, attr) for attr in re.findall(r"\shx-on[:\w-]*=", text)]
    assert found == []


@pytest.mark.django_db
def test_packets_are_no_store(client, loop, interviewer, hiring_manager, media):
    application = make_application(loop, "Grace Hopper")
    rate(loop, application, interviewer, [3.0, 3.5, 2.5])
    client.force_login(hiring_manager)
    page = client.get(reverse("hiring:packet", args=[application.pk]))
    pdf = client.get(reverse("hiring:packet-pdf", args=[application.pk]))
    b"".join(pdf.streaming_content)
    pdf.close()
    assert (page.status_code, pdf.status_code) == (200, 200)
    assert (page["Cache-Control"], pdf["Cache-Control"]) == (NO_STORE, NO_STORE)


@pytest.mark.django_db
def test_candidates_files_are_no_store(client, recruiter, media):
    application = ApplicationFactory(requisition__recruiter=recruiter)
    application.resume.save("cv.pdf", ContentFile(b"%PDF-1.4 resume"))
    video = VideoResponseFactory(application=application)
    client.force_login(recruiter)
    resume = client.get(reverse("interviews:resume-file", args=[application.pk]))
    film = client.get(reverse("interviews:video-file", args=[video.pk]))
    for response in (resume, film):
        b"".join(response.streaming_content)
        response.close()
    assert (resume.status_code, film.status_code) == (200, 200)
    assert (resume["Cache-Control"], film["Cache-Control"]) == (NO_STORE, NO_STORE)

