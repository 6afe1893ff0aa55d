"""The candidate's application and the recruiter's pipeline, in Chromium with a fake camera."""

import re

import pytest
from playwright.sync_api import expect

from interviews.models import Application, StageChange, VideoReview
from tests.factories import ApplicationFactory, RequisitionFactory, published_loop
from tests.media import video_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% resume\n"}
WEBM = {"name": "answer.webm", "mimeType": "video/webm", "buffer": video_bytes(2)}  # a real 2 s video


@pytest.fixture(autouse=True)
def fast_and_isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def open_requisition(recruiter, hiring_manager, **loop_options):
    loop = published_loop(**loop_options)
    requisition = RequisitionFactory(loop=loop.loop, recruiter=recruiter, hiring_manager=hiring_manager,
                                     title="Data Scientist, Berlin", target_levels=loop.levels[1:])
    return loop, requisition


def fill_about_you(page) -> None:
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("E-mail").fill("ada@example.org")
    page.get_by_label("Resume").set_input_files(PDF)
    page.get_by_label("I have read the privacy notice above and agree to it.").check()


def test_candidate_declined_by_a_knockout_sees_a_polite_page(page, live_server, recruiter, hiring_manager):
    loop, requisition = open_requisition(recruiter, hiring_manager)
    page.goto(f"{live_server.url}/apply/{requisition.pk}/")
    fill_about_you(page)
    page.get_by_role("group", name="Are you authorised to work in the EU?").get_by_label("No").check()
    page.get_by_label("3 years or more").check()
    page.get_by_label("Upload a video file instead").set_input_files(WEBM)
    page.get_by_role("button", name="Submit application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Ada Lovelace")
    expect(page.locator("main")).to_contain_text("the answers alone decided it")
    expect(page.locator("main")).not_to_contain_text("After reviewing your application")
    expect(page.locator("main")).not_to_contain_text("authorised")
    application = Application.objects.get()
    assert application.status == "declined"
    assert StageChange.objects.filter(application=application).last().reason == (
        "Knockout “Work authorisation”: answered “No”."
    )


def test_candidate_applies_and_receives_the_confirmation_email(page, live_server, recruiter, hiring_manager,
                                                               mailoutbox):
    loop, requisition = open_requisition(recruiter, hiring_manager)
    requisition.job_description = "You will design experiments for our checkout."
    requisition.save(update_fields=["job_description"])
    page.goto(f"{live_server.url}/apply/{requisition.pk}/")
    expect(page.get_by_role("region", name="About the role")).to_contain_text("You will design experiments")
    fill_about_you(page)
    page.get_by_label("Yes").check()
    page.get_by_label("3 years or more").check()
    page.get_by_label("Upload a video file instead").set_input_files(WEBM)
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Ada Lovelace")

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["ada@example.org"], "We received your application for Data Scientist, Berlin")]
    assert mailoutbox[0].body.startswith("Dear Ada Lovelace,")


def test_recorded_video_answer_reaches_the_recruiter_who_scores_it(page, live_server, log_in, recruiter,
                                                                   hiring_manager):
    loop, requisition = open_requisition(recruiter, hiring_manager, response_seconds=3)
    page.goto(f"{live_server.url}/apply/{requisition.pk}/")
    fill_about_you(page)
    page.get_by_label("Yes").check()
    page.get_by_label("Less than 3 years").check()
    expect(page.get_by_role("timer")).to_have_text("Time left: 3 s of 3 s")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_role("button", name="Stop")).to_be_visible()
    # Recording stops by itself at the question's limit; then the answer can be played back.
    expect(page.locator(".recorder-status")).to_contain_text("Recorded 3 s", timeout=10_000)
    expect(page.get_by_role("button", name="Re-record")).to_be_visible()
    expect(page.get_by_label("Your recorded answer")).to_be_visible()
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Ada Lovelace")

    application = Application.objects.get()
    response = application.video_responses.get()
    assert (application.stage, response.content_type, response.duration_seconds) == (
        loop.resume_stage, "video/webm", 3)
    with response.file.open("rb") as video:
        assert video.read(4) == b"\x1a\x45\xdf\xa3"

    log_in(page, "rita")
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    player = page.get_by_label("Video answer to Introduce yourself")
    expect(player).to_be_visible()
    page.wait_for_function("document.querySelector('.video-response video').readyState >= 1")
    section = page.get_by_role("region", name="Video: Introduce yourself")
    section.get_by_label("3 — Yes").check()
    section.get_by_label("Notes").fill("Clear and concise")
    section.get_by_role("button", name="Save the video review").click()
    expect(section.get_by_role("status")).to_have_text("Your review is saved.")
    expect(section.locator(".reviews")).to_have_text(re.compile(r"Rita Recruiter: 3/4 — Clear and concise"))
    assert list(VideoReview.objects.values_list("reviewer__username", "score", "notes")) == [
        ("rita", 3, "Clear and concise")
    ]


def test_recruiter_advances_a_candidate_with_a_reason_and_history_shows_it(page, live_server, log_in, recruiter,
                                                                           hiring_manager):
    loop, requisition = open_requisition(recruiter, hiring_manager)
    application = ApplicationFactory(requisition=requisition, candidate__name="Grace Hopper")
    log_in(page, "rita")
    page.goto(f"{live_server.url}/requisitions/{requisition.pk}/")
    page.get_by_role("link", name="Grace Hopper", exact=True).click()
    page.get_by_label("Advance to Interviews").check()
    page.get_by_label("Reason").fill("Excellent resume, strong statistics")
    page.get_by_role("button", name="Save the move").click()

    last = page.locator("table.history tbody tr").last
    expect(last).to_contain_text("Resume screen → Interviews")
    expect(last).to_contain_text("Rita Recruiter")
    expect(last).to_contain_text("Excellent resume, strong statistics")
    application.refresh_from_db()
    assert application.stage == loop.interview_stage


def test_pipeline_works_at_phone_width_with_the_keyboard(page, live_server, log_in, recruiter, hiring_manager):
    loop, requisition = open_requisition(recruiter, hiring_manager)
    ApplicationFactory(requisition=requisition, candidate__name="Grace Hopper")
    ApplicationFactory(requisition=requisition, candidate__name="Alan Turing")
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, "rita")
    page.goto(f"{live_server.url}/requisitions/{requisition.pk}/")
    page.get_by_label("Name or e-mail").focus()
    page.keyboard.type("grace")
    page.keyboard.press("Enter")
    expect(page.locator("#applications tbody tr")).to_have_count(1)
    expect(page.locator("#applications")).to_contain_text("Grace Hopper")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
