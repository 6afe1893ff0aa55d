import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from interviews.forms.pipeline import FILES_NOT_KEPT
from interviews.models import Application, StageChange
from interviews.privacy import PRIVACY_NOTICE_VERSION
from tests.interviews.conftest import pdf, webm


def form_data(loop, *, authorised=True, **overrides):
    data = {
        "name": "Ada Lovelace", "email": "ada@example.org", "phone": "",
        "resume": pdf(), f"knockout_{loop.authorisation.pk}": (loop.auth_yes if authorised else loop.auth_no).pk,
        f"knockout_{loop.experience.pk}": loop.exp_short.pk, f"video_{loop.videos[0].pk}": webm(),
        "consent": "on", "notice_version": PRIVACY_NOTICE_VERSION,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_apply_page_shows_the_questions_and_the_time_limit(client, requisition, loop):
    response = client.get(reverse("interviews:apply", args=[requisition.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Are you authorised to work in the EU?" in html
    assert 'data-seconds="60"' in html
    assert "Time limit: <strong>60 seconds</strong>" in html
    assert "Auto-decline" not in html and "auto_decline" not in html


@pytest.mark.django_db
def test_qualifying_candidate_sees_the_thank_you_page(client, requisition, loop):
    response = client.post(reverse("interviews:apply", args=[requisition.pk]), form_data(loop), follow=True)
    assert response.redirect_chain == [(reverse("interviews:applied", args=[requisition.pk]), 302)]
    assert [t.name for t in response.templates][0] == "interviews/candidate/thanks.html"
    application = Application.objects.get()
    assert (application.stage, application.status) == (loop.resume_stage, "active")
    # Measured from the uploaded file, not taken from the browser.
    assert application.video_responses.get().duration_seconds == 1


@pytest.mark.django_db
def test_knocked_out_candidate_sees_a_polite_page_that_reveals_nothing(client, requisition, loop):
    response = client.post(reverse("interviews:apply", args=[requisition.pk]), form_data(loop, authorised=False),
                           follow=True)
    # The CSRF token is random text and could contain any of the words below, so it is taken out first.
    html = re.sub(r'("X-CSRFToken": |name="csrfmiddlewaretoken" value=)"[^"]*"', "", response.content.decode())
    assert [t.name for t in response.templates][0] == "interviews/candidate/declined.html"
    for internal in ("Work authorisation", "knockout", "Knockout", "declined", "Experience", "EU"):
        assert internal not in html
    assert StageChange.objects.last().reason == "Knockout “Work authorisation”: answered “No”."
    assert "After reviewing your application" not in html
    assert "No one has judged your experience or your resume: the answers alone decided it." in html


@pytest.mark.django_db
def test_form_errors_keep_typed_text_and_ask_for_files_again(client, requisition, loop):
    data = form_data(loop, email="not-an-address", **{f"knockout_{loop.experience.pk}": None})
    response = client.post(reverse("interviews:apply", args=[requisition.pk]), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"email": ["Enter a valid email address."],
                           f"knockout_{loop.experience.pk}": ["Please choose an answer."]}
    html = response.content.decode()
    assert 'value="Ada Lovelace"' in html
    assert form[f"knockout_{loop.authorisation.pk}"].value() == str(loop.auth_yes.pk)
    assert html.count(" checked") == 2  # the one answered knockout, and the consent box
    assert 'name="consent" required id="id_consent" checked' in html
    assert FILES_NOT_KEPT in html
    assert Application.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("upload", "error"), [
    (SimpleUploadedFile("cv.txt", b"hello", content_type="text/plain"), "The resume must be one of: PDF, DOCX."),
    (SimpleUploadedFile("cv.pdf", b"MZ\x90 an executable", content_type="application/pdf"),
     "The resume does not look like a PDF file."),
    (SimpleUploadedFile("cv.pdf", b"%PDF-1.4", content_type="text/html"), "The resume does not look like a PDF file."),
])
def test_resume_type_is_checked_by_extension_content_type_and_content(client, requisition, loop, upload, error):
    response = client.post(reverse("interviews:apply", args=[requisition.pk]), form_data(loop, resume=upload))
    assert response.context["form"].errors == {"resume": [error]}


@pytest.mark.django_db
def test_video_over_the_size_limit_is_refused_with_the_limit(client, requisition, loop, settings):
    settings.VIDEO_MAX_BYTES = 10
    upload = webm()
    response = client.post(reverse("interviews:apply", args=[requisition.pk]), form_data(loop, **{
        f"video_{loop.videos[0].pk}": upload}))
    assert response.context["form"].errors == {
        f"video_{loop.videos[0].pk}": [f"The video is {upload.size}\xa0bytes; the limit is 10\xa0bytes."]
    }


@pytest.mark.django_db
def test_video_of_another_type_is_refused(client, requisition, loop):
    upload = SimpleUploadedFile("answer.avi", b"RIFF....AVI ", content_type="video/x-msvideo")
    response = client.post(reverse("interviews:apply", args=[requisition.pk]),
                           form_data(loop, **{f"video_{loop.videos[0].pk}": upload}))
    assert response.context["form"].errors == {
        f"video_{loop.videos[0].pk}": ["The video must be one of: WEBM, MP4, MOV."]
    }


@pytest.mark.django_db
def test_mp4_upload_is_accepted(client, requisition, loop):
    upload = webm(name="answer.mp4")
    client.post(reverse("interviews:apply", args=[requisition.pk]),
                form_data(loop, **{f"video_{loop.videos[0].pk}": upload}))
    assert Application.objects.get().video_responses.get().content_type == "video/mp4"


@pytest.mark.django_db
def test_closed_requisition_page_says_it_is_closed(client, requisition, loop):
    requisition.status = "closed"
    requisition.save(update_fields=["status"])
    response = client.post(reverse("interviews:apply", args=[requisition.pk]), form_data(loop))
    assert [t.name for t in response.templates][0] == "interviews/candidate/closed.html"
    assert "This opening is closed" in response.content.decode()
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_applying_twice_with_one_email_says_so(client, requisition, loop):
    client.post(reverse("interviews:apply", args=[requisition.pk]), form_data(loop))
    response = client.post(reverse("interviews:apply", args=[requisition.pk]), form_data(loop))
    assert response.context["form"].errors == {
        "email": ["An application with this e-mail address was already received."]
    }


@pytest.mark.django_db
def test_submitted_page_without_an_application_goes_back_to_the_form(client, requisition):
    response = client.get(reverse("interviews:applied", args=[requisition.pk]))
    assert response["Location"] == reverse("interviews:apply", args=[requisition.pk])


@pytest.mark.django_db
def test_apply_page_shows_the_privacy_notice_with_its_version_and_retention(client, requisition, loop, settings):
    settings.CANDIDATE_RETENTION_MONTHS, settings.PRIVACY_CONTACT_EMAIL = 18, "privacy@example.org"
    html = client.get(reverse("interviews:apply", args=[requisition.pk])).content.decode()
    assert f"(version {PRIVACY_NOTICE_VERSION})" in html
    assert "We keep your data for 18 months after your\n    application ends" in html
    assert '<a href="mailto:privacy@example.org">privacy@example.org</a>' in html
    assert f'<input type="hidden" name="notice_version" value="{PRIVACY_NOTICE_VERSION}">' in html
    assert '<input type="checkbox" name="consent" required id="id_consent">' in html


@pytest.mark.django_db
def test_consent_is_required_and_nothing_is_saved_without_it(client, requisition, loop):
    response = client.post(reverse("interviews:apply", args=[requisition.pk]), form_data(loop, consent=None))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "consent": ["Please agree to the privacy notice: we cannot consider an application without it."]}
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_consent_is_recorded_with_its_time_and_the_notice_version(client, requisition, loop):
    before = timezone.now()
    client.post(reverse("interviews:apply", args=[requisition.pk]), form_data(loop))
    application = Application.objects.get()
    assert application.consent_notice == PRIVACY_NOTICE_VERSION
    assert before <= application.consent_at <= timezone.now()


@pytest.mark.django_db
def test_consent_to_an_older_notice_asks_to_read_the_current_one(client, requisition, loop):
    response = client.post(reverse("interviews:apply", args=[requisition.pk]),
                           form_data(loop, notice_version="2020-01-01"))
    assert response.status_code == 400
    assert response.context["form"].errors == {"consent": [
        "The privacy notice changed since this page was opened: please read it again and agree to it."]}
    assert f'name="notice_version" value="{PRIVACY_NOTICE_VERSION}"' in response.content.decode()
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_apply_page_shows_the_job_description(client, requisition):
    requisition.job_description = "You will design experiments.\n\nBerlin, hybrid."
    requisition.save(update_fields=["job_description"])
    html = client.get(reverse("interviews:apply", args=[requisition.pk])).content.decode()
    assert "<p>You will design experiments.</p>\n\n<p>Berlin, hybrid.</p>" in html


@pytest.mark.django_db
def test_a_video_over_the_time_limit_is_refused_on_the_page_with_a_clear_message(client, requisition, loop):
    response = client.post(reverse("interviews:apply", args=[requisition.pk]), form_data(loop, **{
        f"video_{loop.videos[0].pk}": webm(seconds=65)}))
    assert response.context["form"].errors == {f"video_{loop.videos[0].pk}": [
        "Your answer to “Introduce yourself” is 65 seconds long; the limit is 60 seconds. "
        "Please record a shorter answer."]}
    assert Application.objects.count() == 0
