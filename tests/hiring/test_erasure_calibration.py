import pandas as pd
import pytest

from hiring import evidence
from hiring.calibration import fit
from hiring.services.calibration import recalibrate
from interviews.models import Candidate
from interviews.services.people import erase_candidate


@pytest.mark.django_db
def test_erasing_candidates_leaves_calibration_unchanged_to_the_last_digit(calibrated_loop, make_user):
    loop, harsh_only, lenient_only = calibrated_loop
    admin = make_user("root", is_superuser=True)
    run = recalibrate()
    stored = list(run.estimates.order_by("application", "competency").values_list("application", "competency",
                                                                                  "estimate", "se"))
    frame = evidence.ratings_frame()
    before = fit(frame)

    shared = Candidate.objects.get(name="Shared 3")
    for candidate in (harsh_only.candidate, lenient_only.candidate, shared):
        erase_candidate(candidate=candidate, by=admin, reason="Retention period over.")

    assert Candidate.objects.filter(erased_at__isnull=False).count() == 3
    pd.testing.assert_frame_equal(evidence.ratings_frame(), frame, check_exact=True)
    after = fit(evidence.ratings_frame())
    pd.testing.assert_frame_equal(after.estimates, before.estimates, check_exact=True)
    pd.testing.assert_frame_equal(after.interviewers, before.interviewers, check_exact=True)
    assert (after.components, after.reliability) == (before.components, before.reliability)
    # The stored run's results are kept for the erased applications, anonymous.
    assert list(run.estimates.order_by("application", "competency").values_list(
        "application", "competency", "estimate", "se")) == stored
