from decimal import Decimal

import pytest

from rubrics.models import QuestionKind
from tests import factories as f


def freeze(obj):
    """Turn a draft row into a published one, as publishing does (no pre_save fires)."""
    type(obj).objects.filter(pk=obj.pk).update(frozen=True)
    obj.refresh_from_db()
    return obj


@pytest.fixture
def built_role(db):
    """A small role: two levels, two competencies (one missing its Senior cell), one loop.

    The decision rule needs SQL at Junior and Senior and Experiment design at Senior;
    the loop's only round covers Experiment design, so SQL is the one coverage gap.
    """
    role = f.RoleFactory(title="Data Scientist", key="data-scientist")
    junior = f.LevelFactory(role=role, rank=1, key="junior", name="Junior")
    senior = f.LevelFactory(role=role, rank=2, key="senior", name="Senior", internal_title="Data Scientist II")
    analysis = f.DisciplineFactory(role=role, name="Analysis", order=1)
    design = f.CompetencyFactory(discipline=analysis, name="Experiment design", order=1)
    sql = f.CompetencyFactory(discipline=analysis, name="SQL", order=2)
    f.ExpectationFactory(competency=design, level=junior, behaviour="Designs a simple A/B test with help.",
                         proficiency=Decimal("2"))
    f.ExpectationFactory(competency=design, level=senior, behaviour="Designs experiments for a product area.",
                         proficiency=Decimal("4"))
    f.ExpectationFactory(competency=sql, level=junior, behaviour="Writes joins and aggregations.",
                         proficiency=Decimal("2.5"))
    curiosity = f.AttitudeFactory(role=role, name="Curiosity")
    rule = f.DecisionRuleFactory(role=role)
    for level, competency in [(junior, sql), (senior, design), (senior, sql)]:
        f.LevelRequirementFactory(rule=rule, level=level, competency=competency)
    loop = f.LoopTemplateFactory(role=role, name="Standard loop")
    stage = f.StageFactory(template=loop, name="Interviews", order=1)
    technical = f.RoundFactory(stage=stage, name="Technical", duration_set=60)
    technical.covers.add(design)
    question = f.QuestionFactory(role=role, title="Design an experiment", kind=QuestionKind.COMPETENCY)
    question.competencies.add(design)
    question.attitudes.add(curiosity)
    f.RoundQuestionFactory(round=technical, question=question)
    return role


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The user fixtures set a password; the default hasher makes that the slowest part of a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def build_role_of_size(competencies: int, levels: int = 3):
    """A role with `competencies` split over two disciplines, each with every level's expectation,
    and a loop whose rounds each cover a competency and ask a question about it."""
    role = f.RoleFactory()
    role_levels = [f.LevelFactory(role=role, rank=rank) for rank in range(1, levels + 1)]
    disciplines = [f.DisciplineFactory(role=role, order=order) for order in range(2)]
    rule = f.DecisionRuleFactory(role=role)
    stage = f.StageFactory(template=f.LoopTemplateFactory(role=role))
    for index in range(competencies):
        competency = f.CompetencyFactory(discipline=disciplines[index % 2], order=index)
        for level in role_levels:
            f.ExpectationFactory(competency=competency, level=level)
        f.LevelRequirementFactory(rule=rule, level=role_levels[-1], competency=competency)
        round_ = f.RoundFactory(stage=stage, order=index)
        if index % 2:
            round_.covers.add(competency)
        question = f.QuestionFactory(role=role)
        if index % 2:  # the other rounds' questions evidence an attitude only
            question.competencies.add(competency)
        question.attitudes.add(f.AttitudeFactory(role=role))
        f.RoundQuestionFactory(round=round_, question=question)
    return role
