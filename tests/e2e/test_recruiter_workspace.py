"""A recruiter builds a small role in the browser, publishes it and opens a requisition on it.

The builder's goal: a role with 4 levels, 2 competencies with their expectations, 1 question
with indicators and anchors, and a loop of one round, in at most 5 screens. The test counts
the screens (page loads after a save or a link) and the entries (fields typed, boxes ticked).
"""

import pytest
from playwright.sync_api import expect

from interviews.models import Requisition
from rubrics.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEVELS = ["Junior", "Mid", "Senior", "Principal"]


@pytest.fixture(autouse=True)
def fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Counter:
    def __init__(self, page):
        self.page, self.screens, self.entries = page, 0, 0
        page.on("load", lambda _page: self._screen())

    def _screen(self) -> None:
        self.screens += 1

    def fill(self, locator, text: str) -> None:
        locator.fill(text)
        self.entries += 1

    def check(self, locator) -> None:
        locator.check()
        self.entries += 1


def test_recruiter_builds_the_small_role_in_five_screens_then_opens_a_requisition(page, live_server, log_in,
                                                                                  recruiter, hiring_manager):
    log_in(page, "rita")
    page.goto(f"{live_server.url}/rubrics/")
    count = Counter(page)
    page.get_by_role("link", name="Build a new role").click()

    # Screen 1: the role and its four levels.
    expect(page.get_by_role("heading", level=1)).to_have_text("New role")
    count.fill(page.get_by_label("Title", exact=True), "Data Analyst")
    for i, name in enumerate(LEVELS, start=1):
        count.fill(page.get_by_label(f"Level {i}", exact=True), name)
    page.get_by_role("button", name="Save and add competencies").click()

    # Screen 2: two competencies, an expectation per level (the proficiencies come suggested).
    expect(page.get_by_role("heading", level=1)).to_have_text("Competencies of Data Analyst")
    for block, name in ((1, "SQL"), (2, "Ownership")):
        group = page.get_by_role("group", name=f"Competency {block}")
        count.fill(group.get_by_label("Competency", exact=True), name)
        for level in LEVELS:
            count.fill(group.get_by_label(f"Expected at {level}"), f"{name} as expected of a {level}.")
    page.get_by_role("button", name="Save and write a question").click()

    # Screen 3: one question with indicators and anchors; only this role's competencies are offered.
    expect(page.get_by_role("heading", level=1)).to_have_text("A question for Data Analyst")
    evidences = page.get_by_role("group", name="Evidences")
    expect(evidences.get_by_role("checkbox")).to_have_count(2)
    count.fill(page.get_by_label("Title", exact=True), "Query design")
    count.fill(page.get_by_label("Prompt"), "Find the customers who churned last quarter.")
    count.check(evidences.get_by_label("SQL"))
    count.check(evidences.get_by_label("Ownership"))  # publishing needs every competency evidenced
    count.fill(page.get_by_label("Positive indicators"), "Uses window functions\nChecks edge cases")
    count.fill(page.get_by_label("Negative indicators"), "Guesses at the schema")
    count.fill(page.get_by_label("Anchor: Below"), "Cannot write the join.")
    count.fill(page.get_by_label("Anchor: Meets"), "A correct query.")
    count.fill(page.get_by_label("Anchor: Exceeds"), "Correct, and explains its cost.")
    page.get_by_role("button", name="Save and build the loop").click()

    # Screen 4: the loop of one round; the role's question comes ticked.
    expect(page.get_by_role("heading", level=1)).to_have_text("The loop of Data Analyst")
    round_one = page.get_by_role("group", name="Round 1")
    expect(round_one.get_by_role("group", name="Questions").get_by_label("Query design")).to_be_checked()
    count.fill(round_one.get_by_label("Round name"), "Technical")
    page.get_by_role("button", name="Save the loop").click()

    # Screen 5: the loop overview, where the role is published.
    expect(page.get_by_role("heading", level=1)).to_have_text("Loop overview: Data Analyst loop")
    expect(page.locator("main")).to_contain_text("Query design")
    assert (count.screens, count.entries) == (5, 25)

    page.get_by_role("button", name="Publish Data Analyst as a new version").click()
    expect(page.locator(".messages")).to_contain_text("Published Data Analyst as version 1.")
    version = Role.objects.get(title="Data Analyst", version=1)
    assert list(version.levels.order_by("rank").values_list("name", flat=True)) == LEVELS
    assert sorted(version.competencies.values_list("name", flat=True)) == ["Ownership", "SQL"]

    # The requisition: the new version, two target levels, the hiring manager by full name.
    page.goto(f"{live_server.url}/requisitions/")
    page.get_by_role("link", name="Open a requisition").click()
    page.get_by_label("Title", exact=True).fill("Data Analyst, Lisbon")
    page.get_by_label("Role version and loop").select_option(label="Data Analyst, version 1: Data Analyst loop")
    targets = page.get_by_role("group", name="Target levels")
    expect(targets.get_by_role("checkbox")).to_have_count(4)
    targets.get_by_label("Mid").check()
    targets.get_by_label("Senior").check()
    page.get_by_label("Hiring manager").select_option(label="Hana Manager")
    page.get_by_label("Job description").fill("You will answer the questions our product team asks.")
    page.get_by_role("button", name="Open the requisition").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Data Analyst, Lisbon")
    requisition = Requisition.objects.get(title="Data Analyst, Lisbon")
    assert (requisition.role, requisition.hiring_manager, requisition.recruiter) == (version, hiring_manager,
                                                                                     recruiter)
    assert sorted(requisition.target_levels.values_list("name", flat=True)) == ["Mid", "Senior"]
    page.goto(f"{live_server.url}/apply/{requisition.pk}/")
    expect(page.locator(".job-description")).to_contain_text("You will answer the questions our product team asks.")
