import pytest

from accounts.access import INTERVIEWER
from tests.hiring.loop import make_application, make_loop, rate

# Interviewers whose offsets from the truth are known: harsh rates 1 point low, lenient 1 point high.
HARSH, LENIENT = -1.0, 1.0


@pytest.fixture
def loop(hiring_manager, recruiter):
    return make_loop(hiring_manager=hiring_manager, recruiter=recruiter)


@pytest.fixture
def panel(make_user):
    """Four interviewers: harsh, lenient and two fair ones."""
    return {name: make_user(name, INTERVIEWER, first_name=name.title())
            for name in ("harsh", "lenient", "fair1", "fair2")}


@pytest.fixture
def calibrated_loop(loop, panel):
    """Eight shared candidates rated by everyone (so severities are estimable), then one candidate rated
    only by the harsh interviewer and one only by the lenient one, both truly at 3.5 on every competency."""
    truths = [2.5, 2.5, 3.0, 3.0, 3.0, 3.5, 3.5, 3.5]  # with severity and noise, ratings stay on the 1-5 scale
    offsets = {"harsh": HARSH, "lenient": LENIENT, "fair1": 0.0, "fair2": 0.0}
    for i, truth in enumerate(truths):
        app = make_application(loop, f"Shared {i}")
        for r, (name, offset) in enumerate(offsets.items()):
            scores = [truth + offset + ((i + r + k) % 3 - 1) * 0.5 for k in range(3)]  # rating noise
            rate(loop, app, panel[name], scores, round_index=r % len(loop.rounds))
    harsh_only = make_application(loop, "Hattie Harsh-Only")
    lenient_only = make_application(loop, "Lenny Lenient-Only")
    for round_index in range(2):
        rate(loop, harsh_only, panel["harsh"], [3.5 + HARSH] * 3, round_index=round_index, attitude=3, notes=True)
        rate(loop, lenient_only, panel["lenient"], [3.5 + LENIENT] * 3, round_index=round_index, attitude=3,
             notes=True)
    return loop, harsh_only, lenient_only
