"""The hiring manager on the packet: at phone width, asking for more signal, then recording a hire."""

import pytest
from playwright.sync_api import expect

from accounts.access import INTERVIEWER
from hiring.services.calibration import recalibrate
from interviews.models import Application, Interview
from tests.hiring.loop import make_application, make_loop, rate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def fast(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def candidate(hiring_manager, recruiter, make_user):
    loop = make_loop(hiring_manager=hiring_manager, recruiter=recruiter)
    loop.requisition.target_levels.set(loop.levels[1:])
    loop.rounds[2].covers.set(loop.competencies)
    panel = [make_user(name, INTERVIEWER, first_name=name.title(), last_name="Example")
             for name in ("ada", "bob", "cy")]
    for i in range(4):  # other candidates, so that severities are estimable
        other = make_application(loop, f"Other {i}")
        for j, person in enumerate(panel):
            rate(loop, other, person, [2.5 + i * 0.5 + j * 0.5 - 0.5] * 3, round_index=j % 2)
    application = make_application(loop, "Dorothy Vaughan")
    # Strong on two competencies, never assessed on the third: no level can be called yet.
    card = rate(loop, application, panel[1], [3.5, 3.5, 3.5], round_index=0, attitude=3, notes=True)
    card.competency_ratings.filter(competency=loop.competencies[2]).delete()
    recalibrate()
    return loop, application


def test_packet_reads_without_horizontal_scrolling_at_390_px(page, live_server, log_in, candidate):
    loop, application = candidate
    page.set_viewport_size(PHONE)
    log_in(page, "hana")
    page.goto(f"{live_server.url}/decisions/applications/{application.pk}/packet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hire packet: Dorothy Vaughan")
    expect(page.locator(".chart-narrow svg")).to_be_visible()
    expect(page.locator(".chart-wide svg")).to_be_hidden()
    expect(page.locator("#severity-legend")).to_contain_text("Positive (+): harsher than average")
    expect(page.locator(".chart .legend")).to_contain_text("Raw mean of the ratings")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_hiring_manager_requests_more_signal_then_records_a_hire(page, live_server, log_in, candidate):
    loop, application = candidate
    log_in(page, "hana")
    page.goto(f"{live_server.url}/decisions/applications/{application.pk}/packet/")
    mid = page.get_by_role("region", name="Mid", exact=True)
    expect(mid.locator("p.next-step")).to_contain_text("What would decide it: Nobody has rated Skill 2 yet")
    mid.get_by_role("link", name="Request more signal: Round 3").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("More signal: Round 3 with Dorothy Vaughan")
    page.get_by_label("Cy Example").check()
    page.get_by_label("Rationale").fill("Round 3 covers every competency; the intervals are still wide.")
    page.get_by_role("button", name="Request more signal").click()
    expect(page.locator(".messages")).to_contain_text("More signal requested: Round 3 is assigned.")
    interview = Interview.objects.get(application=application, round=loop.rounds[2])
    assert [u.username for u in interview.interviewers.all()] == ["cy"]

    decision = page.get_by_role("form", name="Record the decision")
    expect(decision.get_by_role("radio", name="Hire", exact=True)).not_to_be_checked()
    expect(decision.get_by_role("group", name="Level to hire at").get_by_role("radio")).to_have_count(2)
    decision.get_by_role("radio", name="Hire", exact=True).check()
    decision.get_by_role("radio", name="Mid").check()
    decision.get_by_label("Rationale").fill("Round 3 settled it: solid at Mid.")
    decision.get_by_role("button", name="Record decision").click()

    expect(page.locator(".messages")).to_contain_text("Recorded: Hire at Mid. Dorothy Vaughan is now hired.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dorothy Vaughan")
    expect(page.locator("main")).to_contain_text("Hired at Mid")
    application.refresh_from_db()
    assert (application.status, application.hired_level) == (Application.Status.HIRED, loop.levels[1])
