import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from interviews import scales
from rubrics.models import Indicator
from tests.factories import ApplicationFactory, QuestionFactory, VideoResponseFactory

LEVELS = [("junior", "Junior"), ("mid", "Mid"), ("senior", "Senior")]


@pytest.mark.parametrize(("choice", "label"), [
    ("mid", "Mid"), ("junior+", "Between Junior and Mid"), ("mid+", "Between Mid and Senior"),
    ("exceeds", "Exceeds"), ("below", "Below"), ("senior+", "senior+"), ("gone", "gone"),
])
def test_rating_choices_read_as_words(choice, label):
    assert scales.choice_label(choice, LEVELS) == label


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "disposition", "content_type"), [
    ("cv.pdf", 'inline; filename="resume-{pk}.pdf"', "application/pdf"),
    ("cv.docx", 'attachment; filename="resume-{pk}.docx"',
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_a_pdf_resume_opens_in_the_browser_and_a_docx_downloads(client, recruiter, requisition, name, disposition,
                                                                 content_type):
    application = ApplicationFactory(requisition=requisition)
    application.resume.save(name, ContentFile(b"%PDF-1.4 resume"))
    client.force_login(recruiter)
    response = client.get(reverse("interviews:resume-file", args=[application.pk]))
    b"".join(response.streaming_content)
    assert (response["Content-Disposition"], response["Content-Type"]) == (
        disposition.format(pk=application.pk), content_type)
    page = client.get(reverse("interviews:application", args=[application.pk])).content.decode()
    assert ("Open the resume (PDF)" in page) == name.endswith(".pdf")


@pytest.mark.django_db
def test_the_video_reviewer_sees_the_questions_guidance_and_indicators(client, recruiter, requisition, loop):
    question = QuestionFactory(role=loop.role, kind="video", title="Why us", response_seconds=60,
                               evaluates="How clearly they explain their motivation.")
    Indicator.objects.create(question=question, polarity="positive", text="Names a concrete project")
    Indicator.objects.create(question=question, polarity="negative", text="Reads from a script")
    response = VideoResponseFactory(application__requisition=requisition, question=question)
    client.force_login(recruiter)
    for url in (reverse("interviews:application", args=[response.application_id]),
                reverse("interviews:video-review", args=[response.pk])):
        page = client.get(url).content.decode()
        assert "<strong>What it evaluates:</strong> How clearly they explain their motivation." in page
        assert "<li>Names a concrete project</li>" in page and "<li>Reads from a script</li>" in page
