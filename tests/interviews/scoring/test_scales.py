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
    assert scales.exercise_score(rating, target=Decimal(3), below=Decimal(-1), exceeds=Decimal(1)) == score


def test_exceeds_and_meets_differ_at_the_top_of_the_scale_and_below_and_meets_at_the_bottom():
    kwargs = {"below": Decimal("-1.5"), "exceeds": Decimal("1")}
    # A top level expected at the scale maximum 5: Exceeds lies above the scale instead of being clipped to Meets.
    assert scales.exercise_score("meets", target=Decimal(5), **kwargs) == Decimal(5)
    assert scales.exercise_score("exceeds", target=Decimal(5), **kwargs) == Decimal(6)
    assert scales.exercise_score("below", target=Decimal(1), **kwargs) == Decimal("-0.5")


def test_weighted_mean_weighs_and_rounds_half_up():
    assert scales.weighted_mean([(Decimal(4), Decimal(1)), (Decimal(2), Decimal(3))]) == Decimal("2.5")
    assert scales.weighted_mean([(Decimal("3.25"), Decimal(1))]) == Decimal("3.3")
    assert scales.weighted_mean([]) is None


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
