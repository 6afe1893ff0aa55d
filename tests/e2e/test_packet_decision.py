import pytest

from hiring.models import Decision
from hiring.services.calibration import recalibrate
from interviews.models import AuditEntry
from tests.hiring.loop import make_application, make_loop, rate


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_hiring_manager_opens_a_packet_and_records_a_hire(live_server, page, log_in, hiring_manager, recruiter,
                                                          interviewer):
    loop = make_loop(hiring_manager=hiring_manager, recruiter=recruiter)
    application = make_application(loop, "Dorothy Vaughan")
    rate(loop, application, interviewer, [3.5, 3.0, 4.0], notes=True)
    recalibrate()

    log_in(page, "hana")
    page.goto(f"{live_server.url}/decisions/applications/{application.pk}/packet/")
    assert page.get_by_role("heading", name="Hire packet: Dorothy Vaughan").is_visible()
    assert page.get_by_text("Senior: ").first.is_visible()
    page.get_by_role("radio", name="Hire", exact=True).check()
    page.get_by_role("radio", name="Mid", exact=True).check()
    page.get_by_label("Rationale").fill("Solid analysis; grow system design at Mid.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()
    # Recorded: the page moves on to the application, now hired; the packet keeps the decision.
    assert page.locator(".messages").inner_text().strip() == "Recorded: Hire at Mid. Dorothy Vaughan is now hired."
    page.goto(f"{live_server.url}/decisions/applications/{application.pk}/packet/")
    assert page.locator("p.decision").first.inner_text().startswith("Hire at Mid by Hana Manager")
    decision = Decision.objects.get()
    assert (decision.outcome, decision.level.key, decision.decided_by) == ("hire", "mid", hiring_manager)
    assert AuditEntry.objects.filter(action="decision.recorded", actor=hiring_manager).count() == 1
    assert AuditEntry.objects.filter(action="packet.viewed", actor=hiring_manager).count() == 2
