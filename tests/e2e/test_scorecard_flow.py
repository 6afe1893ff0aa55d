import re

import pytest
from playwright.sync_api import expect

from accounts.access import INTERVIEWER
from interviews.services.kits import clear_kit_cache
from interviews.services.scorecards import save_draft, start_scorecard, submit_scorecard
from tests.factories import build_scored_round
from tests.interviews.scoring.conftest import complete_draft


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clear_kit_cache()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_interviewer_drafts_is_refused_then_submits_and_sees_a_peer(page, live_server, log_in, make_user):
    me = make_user("ian", INTERVIEWER, first_name="Ian", last_name="Interviewer")
    peer = make_user("petra", INTERVIEWER, first_name="Petra", last_name="Peer")
    loop = build_scored_round(interviewers=[me, peer])
    peer_card = start_scorecard(interview=loop.interview, interviewer=peer)
    draft = complete_draft(loop, summary="Petra thinks the SQL was excellent.")
    save_draft(scorecard=peer_card, draft=draft)
    submit_scorecard(scorecard=peer_card, by=peer)

    log_in(page, "ian")
    page.goto(f"{live_server.url}/interviews/{loop.interview.pk}/kit/")
    expect(page.get_by_role("heading", name="Why this role is hard")).to_be_visible()
    expect(page.get_by_text("AI SQL prompt")).to_be_visible()
    page.get_by_role("link", name="Open the scorecard").click()
    expect(page.get_by_role("heading", name=re.compile("^Scorecard: "))).to_be_visible()
    expect(page.get_by_text("Petra")).to_have_count(0)

    question = page.locator(f"#field-q{loop.q_comp.pk}")
    question.get_by_label(re.compile(r"^Between Mid and Senior")).check()
    with page.expect_response(re.compile(r"/scorecard/draft/$")):
        question.get_by_label("Strengths (evidence)").fill("Profiled every column before the join.")
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved at \d\d:\d\d:\d\d$"))

    page.reload()
    expect(question.get_by_label(re.compile(r"^Between Mid and Senior"))).to_be_checked()
    expect(question.get_by_label("Strengths (evidence)")).to_have_value("Profiled every column before the join.")

    page.locator(f"#field-q{loop.q_att.pk}").get_by_label("Yes", exact=True).check()
    page.locator(f"#field-q{loop.q_case.pk}-p{loop.parts[0].pk}").get_by_label(re.compile("^Exceeds")).check()
    page.locator(f"#field-q{loop.q_case.pk}-p{loop.parts[1].pk}").get_by_label("Skipped this part").check()
    page.locator(f"#field-c{loop.communication.pk}").get_by_label(re.compile("^Senior")).check()
    page.locator("#field-recommendation").get_by_label("Yes", exact=True).check()
    page.get_by_label("Summary").fill("Careful analyst.")
    page.get_by_role("button", name="Submit scorecard").click()  # the coding test is not rated

    expect(page.get_by_role("heading", name="The scorecard was not submitted")).to_be_visible()
    expect(page.locator(f"#field-q{loop.q_code.pk}")).to_contain_text("Rate “SQL test”.")
    expect(page.get_by_label("Summary")).to_have_value("Careful analyst.")
    expect(page.locator(f"#field-c{loop.communication.pk}").get_by_label(re.compile("^Senior"))).to_be_checked()

    page.locator(f"#field-q{loop.q_code.pk}").get_by_label(re.compile("^Meets")).check()
    page.get_by_role("button", name="Submit scorecard").click()

    expect(page.get_by_role("heading", name="Your submitted scorecard")).to_be_visible()
    expect(page.get_by_text("Revision 1 by Ian Interviewer")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Petra Peer"))).to_be_visible()
    expect(page.get_by_text("Petra thinks the SQL was excellent.")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_failed_autosave_says_not_saved_and_retries_until_it_is(page, live_server, log_in, make_user):
    me = make_user("ian", INTERVIEWER)
    loop = build_scored_round(interviewers=[me])
    log_in(page, "ian")
    failures = []

    def fail_twice(route):
        if len(failures) < 2:
            failures.append(route.request.url)
            route.fulfill(status=500, body="Server Error")
        else:
            route.continue_()

    page.route(re.compile(r"/scorecard/draft/$"), fail_twice)
    page.goto(f"{live_server.url}/interviews/{loop.interview.pk}/scorecard/")
    page.get_by_label("Summary").fill("Typed while the server was failing.")
    page.get_by_label("Summary").press("Tab")
    expect(page.locator("#save-status")).to_have_text(
        "Not saved: the server answered 500. Trying again in 2 s; keep this page open.")
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved at \d\d:\d\d:\d\d$"), timeout=15000)
    assert len(failures) == 2
    from interviews.models import Scorecard
    assert Scorecard.objects.get().summary == "Typed while the server was failing."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_stale_tab_is_told_and_does_not_overwrite_the_other(page, live_server, log_in, make_user):
    me = make_user("ian", INTERVIEWER)
    loop = build_scored_round(interviewers=[me])
    log_in(page, "ian")
    address = f"{live_server.url}/interviews/{loop.interview.pk}/scorecard/"
    page.goto(address)
    other = page.context.new_page()
    other.goto(address)
    with page.expect_response(re.compile(r"/scorecard/draft/$")):
        page.get_by_label("Summary").fill("First tab's evidence.")
        page.get_by_label("Summary").press("Tab")
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved at "))
    with other.expect_response(re.compile(r"/scorecard/draft/$")):
        other.get_by_label("Summary").fill("Second tab's text.")
        other.get_by_label("Summary").press("Tab")
    expect(other.locator("#save-status")).to_contain_text("Not saved: This scorecard was saved elsewhere")
    expect(other.locator("#save-status").get_by_role("link", name="reload")).to_be_visible()
    with page.expect_response(re.compile(r"/scorecard/draft/$")):  # the first tab goes on saving
        page.get_by_label("Summary").fill("First tab's evidence, continued.")
        page.get_by_label("Summary").press("Tab")
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved at "))
    from interviews.models import Scorecard
    assert (Scorecard.objects.get().summary, Scorecard.objects.get().version) == (
        "First tab's evidence, continued.", 2)
