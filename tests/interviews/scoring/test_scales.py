from decimal import Decimal

import pytest

from interviews import scales

LEVELS = ["junior", "mid", "senior"]
ANALYSIS = {"junior": Decimal("2"), "mid": Decimal("3"), "senior": Decimal("4.5")}


def test_level_choices_put_a_half_step_between_adjacent_levels():
    assert scales.level_choice_keys(LEVELS) == ["junior", "junior+", "mid", "mid+", "senior"]


@pytest.mark.parametrize(("choice", "score"), [
    ("junior", Decimal("2")), ("mid", Decimal("3")), ("senior", Decimal("4.5")),
    ("junior+", Decimal("2.5")), ("mid+", Decimal("3.75")),
])
def test_level_choice_converts_to_the_levels_expected_proficiency(choice, score):
    assert scales.level_choice_score(choice, LEVELS, ANALYSIS) == score


@pytest.mark.parametrize("choice", ["senior+", "staff", "", "+"])
def test_level_choice_outside_the_ladder_has_no_score(choice):
    assert scales.level_choice_score(choice, LEVELS, ANALYSIS) is None


def test_level_choice_without_an_expectation_for_the_competency_has_no_score():
    assert scales.level_choice_score("mid+", LEVELS, {"junior": Decimal(2), "mid": Decimal(3)}) is None


@pytest.mark.parametrize(("rating", "score"), [("below", Decimal("2")), ("meets", Decimal("3")),
                                              ("exceeds", Decimal("4")), ("great", None)])
def test_exercise_rating_offsets_the_target_levels_proficiency(rating, score):
    assert scales.exercise_score(rating, target=Decimal(3), below=Decimal(-1), exceeds=Decimal(1),
                                 scale_min=Decimal(1), scale_max=Decimal(5)) == score


def test_exercise_rating_is_clipped_to_the_roles_scale():
    kwargs = {"below": Decimal("-1.5"), "exceeds": Decimal("1"), "scale_min": Decimal(1), "scale_max": Decimal(5)}
    assert scales.exercise_score("exceeds", target=Decimal("4.5"), **kwargs) == Decimal(5)
    assert scales.exercise_score("below", target=Decimal("2"), **kwargs) == Decimal(1)


@pytest.mark.parametrize(("choice", "score"), [("1", 1), ("4", 4), ("0", None), ("5", None), ("x", None)])
def test_attitudes_use_one_to_four(choice, score):
    assert scales.attitude_score(choice) == score


@pytest.mark.parametrize(("score", "choice"), [(Decimal("2"), "junior"), (Decimal("2.6"), "junior+"),
                                              (Decimal("3.3"), "mid"), (Decimal("3.8"), "mid+"),
                                              (Decimal("9"), "senior"), (Decimal("2.25"), "junior")])
def test_nearest_level_choice_prefers_the_closest_then_the_lower(score, choice):
    assert scales.nearest_level_choice(score, LEVELS, ANALYSIS) == choice


def test_mean_score_rounds_half_up_to_one_decimal():
    assert scales.mean_score([Decimal("3"), Decimal("3.5"), Decimal("3.6")]) == Decimal("3.4")
    assert scales.mean_score([]) is None
