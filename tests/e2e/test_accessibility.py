"""axe-core on every page of each persona's walk: no serious or critical violation.

Candidate: apply, thanks, the knockout decline. Recruiter: requisitions, opening and editing
one, the pipeline, an application, a resume review, an assignment, closing, the rubrics pages
and the role builder's screens. Interviewer: my interviews, the kit, the scorecard. Hiring
manager: the packet (wide and at phone width), more signal, calibration, packet builds.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from hiring.services.calibration import recalibrate
from interviews.models import Application
from rubrics.builder import services as builder
from tests.factories import ApplicationFactory, InterviewFactory, RequisitionFactory, published_loop
from tests.media import video_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BLOCKING = {"serious", "critical"}
PDF = {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% resume\n"}
WEBM = {"name": "answer.webm", "mimeType": "video/webm", "buffer": video_bytes(2)}  # a real 2 s video


@pytest.fixture(autouse=True)
def fast(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Audit:
    def __init__(self, page, base: str):
        self.page, self.base, self.axe, self.found, self.pages = page, base, Axe(), {}, 0

    def check(self, path: str | None = None) -> None:
        if path is not None:
            self.page.goto(self.base + path)
        self.page.wait_for_load_state()
        results = self.axe.run(self.page).response["violations"]
        self.pages += 1
        bad = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
               for v in results if v["impact"] in BLOCKING]
        if bad:
            self.found[self.page.url.removeprefix(self.base)] = bad


@pytest.fixture
def world(recruiter, hiring_manager, interviewer):
    loop = published_loop()
    requisition = RequisitionFactory(loop=loop.loop, recruiter=recruiter, hiring_manager=hiring_manager,
                                     title="Data Scientist, Berlin", target_levels=loop.levels[1:],
                                     job_description="You will design experiments.")
    at_resume = ApplicationFactory(requisition=requisition, candidate__name="Grace Hopper")
    interview = InterviewFactory(application__requisition=requisition, application__candidate__name="Alan Turing",
                                 round=loop.technical_round, target_level=loop.levels[1],
                                 scheduled_at=timezone.now(), interviewers=[interviewer])
    recalibrate()
    role = builder.create_role(title="Data Analyst", levels=[builder.LevelInput("Junior"), builder.LevelInput("Mid")])
    return loop, requisition, at_resume, interview, role


def test_every_page_of_every_walk_has_no_serious_or_critical_violation(page, live_server, log_in, world):
    loop, requisition, at_resume, interview, role = world
    audit = Audit(page, live_server.url)

    # Candidate
    audit.check(f"/apply/{requisition.pk}/")
    page.get_by_role("button", name="Submit application").click()  # every error shown
    audit.check()
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("E-mail").fill("ada@example.org")
    page.get_by_label("Resume").set_input_files(PDF)
    page.get_by_label("I have read the privacy notice above and agree to it.").check()
    page.get_by_label("Yes").check()
    page.get_by_label("3 years or more").check()
    page.get_by_label("Upload a video file instead").set_input_files(WEBM)
    page.get_by_role("button", name="Submit application").click()
    audit.check()
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/apply/{requisition.pk}/")
    page.get_by_label("Full name").fill("Bo Declined")
    page.get_by_label("E-mail").fill("bo@example.org")
    page.get_by_label("Resume").set_input_files(PDF)
    page.get_by_label("I have read the privacy notice above and agree to it.").check()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("3 years or more").check()
    page.get_by_label("Upload a video file instead").set_input_files(WEBM)
    page.get_by_role("button", name="Submit application").click()
    audit.check()
    applied = Application.objects.get(candidate__name="Ada Lovelace")

    # Recruiter
    log_in(page, "rita")
    for path in ("/requisitions/", "/requisitions/new/", f"/requisitions/{requisition.pk}/",
                 f"/requisitions/{requisition.pk}/edit/", f"/requisitions/{requisition.pk}/close/",
                 f"/applications/{applied.pk}/", f"/applications/{at_resume.pk}/resume-review/",
                 f"/applications/{interview.application_id}/",
                 f"/applications/{interview.application_id}/rounds/{loop.coding_round.pk}/assign/",
                 f"/videos/{applied.video_responses.get().pk}/review/",
                 "/rubrics/", f"/rubrics/roles/{loop.role.pk}/matrix/", f"/rubrics/loops/{loop.loop.pk}/",
                 "/rubrics/kits/", "/rubrics/build/", f"/rubrics/build/{role.pk}/competencies/",
                 f"/rubrics/build/{role.pk}/question/", f"/rubrics/build/{role.pk}/loop/"):
        audit.check(path)
    page.goto(f"{live_server.url}/requisitions/new/")
    page.get_by_role("button", name="Open the requisition").click()  # the form with its errors
    audit.check()

    # Interviewer
    log_in(page, "ian")
    for path in ("/interviews/mine/", f"/interviews/{interview.pk}/kit/", f"/interviews/{interview.pk}/scorecard/"):
        audit.check(path)

    # Hiring manager
    log_in(page, "hana")
    packet = f"/decisions/applications/{interview.application_id}/packet/"
    for path in (packet, f"/decisions/applications/{interview.application_id}/more-signal/{loop.coding_round.pk}/",
                 "/decisions/calibration/", f"/decisions/requisitions/{requisition.pk}/packets/"):
        audit.check(path)
    page.set_viewport_size({"width": 390, "height": 844})
    audit.check(packet)

    assert audit.found == {}
    assert audit.pages == 31


def test_the_audit_reports_a_serious_violation(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    audit = Audit(page, live_server.url)
    audit.check()
    assert [entry.split(" ")[:2] for entry in audit.found["/accounts/login/"]] == [["image-alt", "(critical):"]]
