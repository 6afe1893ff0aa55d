"""What the database and model validation refuse, whichever way a row arrives."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rubrics.models import KnockoutOption, PublishedVersionError, RoundQuestion, validate_knockout_options
from tests import factories as f

pytestmark = pytest.mark.django_db
QUALIFIES, DECLINES = KnockoutOption.Outcome.QUALIFIES, KnockoutOption.Outcome.AUTO_DECLINE


@pytest.mark.parametrize("factory", [f.LevelFactory, f.DisciplineFactory, f.AttitudeFactory, f.QuestionFactory,
                                     f.LoopTemplateFactory])
def test_keys_are_unique_per_role(factory):
    first = factory(key="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(key="same", role=first.role)
    assert factory(key="same").key == "same"  # another role may reuse it


def test_competency_keys_are_unique_per_role():
    first = f.CompetencyFactory(key="sql")
    with pytest.raises(IntegrityError), transaction.atomic():
        f.CompetencyFactory(key="sql", discipline=f.DisciplineFactory(role=first.role))


def test_levels_are_ordered_one_rank_each():
    level = f.LevelFactory(rank=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.LevelFactory(role=level.role, rank=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.LevelFactory(role=level.role, rank=0)


@pytest.mark.parametrize("proficiency, message", [
    (Decimal("5.5"), "5.5 is outside the scale 1–5."),
    (Decimal("0.5"), "0.5 is outside the scale 1–5."),
    (Decimal("3.3"), "Use whole or half steps (e.g. 3 or 3.5)."),
])
def test_expected_proficiency_lies_on_the_scale_in_half_steps(proficiency, message):
    expectation = f.ExpectationFactory.build(competency=f.CompetencyFactory(), proficiency=proficiency)
    expectation.level = f.LevelFactory(role=expectation.competency.role)
    with pytest.raises(ValidationError) as refused:
        expectation.full_clean()
    assert refused.value.message_dict == {"proficiency": [message]}


@pytest.mark.parametrize("options, message", [
    ([("Yes", QUALIFIES)], "A knockout question needs at least two options."),
    ([("No", DECLINES), ("Never", DECLINES)], "A knockout question needs at least one option that qualifies."),
])
def test_a_knockout_has_two_options_and_one_that_qualifies(options, message):
    with pytest.raises(ValidationError) as refused:
        validate_knockout_options(options)
    assert refused.value.messages == [message]
    validate_knockout_options([("Yes", QUALIFIES), ("No", DECLINES)])  # accepted


def test_a_round_only_holds_questions_of_its_role():
    round_ = f.RoundFactory()
    foreign = f.QuestionFactory()  # another role
    with pytest.raises(ValidationError) as refused:
        RoundQuestion(round=round_, question=foreign).full_clean()
    assert refused.value.message_dict == {"question": ["A round can only hold questions of its own role."]}
    own = f.QuestionFactory(role=round_.stage.template.role)
    RoundQuestion(round=round_, question=own).full_clean()


def test_frozen_rows_refuse_save_update_and_delete():
    level = f.LevelFactory()
    type(level).objects.filter(pk=level.pk).update(frozen=True)
    level.refresh_from_db()
    for attempt in (level.save, level.delete, lambda: type(level).objects.filter(pk=level.pk).update(name="X"),
                    lambda: type(level).objects.filter(pk=level.pk).delete()):
        with pytest.raises(PublishedVersionError), transaction.atomic():
            attempt()
    assert type(level).objects.get(pk=level.pk).name == level.name
