import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from interviews.models import AuditEntry
from tests.factories import ApplicationFactory, VideoResponseFactory


def fetch(client, url, **headers) -> int:
    response = client.get(url, headers=headers)
    if response.streaming:  # reading it all closes the file (and the test client closes the response)
        b"".join(response.streaming_content)
    return response.status_code


def downloads():
    return list(AuditEntry.objects.filter(action__endswith=".downloaded").order_by("pk")
                .values_list("action", "actor__username", "target_id", "data"))


@pytest.mark.django_db
def test_resume_download_is_audited_with_who_and_which_file(client, recruiter, hiring_manager, requisition):
    application = ApplicationFactory(requisition=requisition)
    application.resume.save("cv.pdf", ContentFile(b"%PDF-1.4 resume"))
    url = reverse("interviews:resume-file", args=[application.pk])
    for user in (recruiter, hiring_manager):
        client.force_login(user)
        assert fetch(client, url) == 200
    assert downloads() == [
        ("resume.downloaded", "rita", application.pk, {"file": application.resume.name}),
        ("resume.downloaded", "hana", application.pk, {"file": application.resume.name}),
    ]
    entry = AuditEntry.objects.filter(action="resume.downloaded").first()
    assert entry.target == application and entry.at is not None


@pytest.mark.django_db
def test_refused_resume_download_is_not_recorded_as_one(client, outsider, requisition):
    application = ApplicationFactory(requisition=requisition)
    application.resume.save("cv.pdf", ContentFile(b"%PDF-1.4 resume"))
    client.force_login(outsider)
    assert client.get(reverse("interviews:resume-file", args=[application.pk])).status_code == 404
    assert downloads() == []


@pytest.mark.django_db
def test_video_viewing_is_audited_once_not_per_byte_range(client, recruiter, requisition):
    video = VideoResponseFactory(application__requisition=requisition)
    client.force_login(recruiter)
    url = reverse("interviews:video-file", args=[video.pk])
    assert fetch(client, url) == 200
    assert fetch(client, url, Range="bytes=0-") == 206
    assert fetch(client, url, Range="bytes=10-") == 206  # the player seeking on
    expected = ("video.downloaded", "rita", video.pk, {"file": video.file.name, "application": video.application_id})
    assert downloads() == [expected, expected]


@pytest.mark.django_db
def test_an_erased_video_is_gone(client, recruiter, requisition):
    video = VideoResponseFactory(application__requisition=requisition)
    type(video).objects.filter(pk=video.pk).update(file="")
    client.force_login(recruiter)
    assert client.get(reverse("interviews:video-file", args=[video.pk])).status_code == 404
    assert downloads() == []
