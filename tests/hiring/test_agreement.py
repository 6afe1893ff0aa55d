import pandas as pd
import pytest

from hiring.agreement import peer_agreement


def test_peer_agreement_is_the_mean_absolute_difference_on_shared_cells():
    ratings = pd.DataFrame([
        (1, "a", "x", 3.0), (1, "b", "x", 4.0), (1, "c", "x", 3.0),
        (2, "a", "x", 2.0), (2, "b", "x", 4.0),
        (3, "c", "x", 5.0),  # nobody else rated candidate 3
    ], columns=["candidate", "interviewer", "competency", "score"])
    result = peer_agreement(ratings)
    assert result["a"] == {"mad": pytest.approx((1 + 0 + 2) / 3), "pairs": 3, "correlation": pytest.approx(-0.5)}
    assert result["b"]["mad"] == pytest.approx((1 + 1 + 2) / 3)
    assert result["c"] == {"mad": pytest.approx(0.5), "pairs": 2, "correlation": None}


def test_peer_agreement_of_no_ratings_is_empty():
    assert peer_agreement(pd.DataFrame(columns=["candidate", "interviewer", "competency", "score"])) == {}
