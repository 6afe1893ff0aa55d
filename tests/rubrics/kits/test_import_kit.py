from decimal import Decimal

import pytest

from rubrics.kits import import_kit
from rubrics.models import (
    CaseStudyPart,
    CodingVariant,
    DecisionRule,
    Expectation,
    Indicator,
    Question,
    Role,
    RoundQuestion,
)
from tests.rubrics.kits.conftest import as_text

pytestmark = pytest.mark.django_db


def test_import_creates_a_draft_role_with_its_whole_configuration(full_kit_text, recruiter):
    result = import_kit(text=full_kit_text, by=recruiter)
    role = result.role
    assert (result.created, result.version) == (True, None)
    assert (role.key, role.title, role.frozen, role.version) == ("data-scientist", "Data Scientist", False, None)
    assert role.why_hard_author == "Hana Manager, Head of Data"
    assert (role.scale_min, role.scale_max, role.exercise_below, role.exercise_exceeds) == (
        Decimal("1"), Decimal("5"), Decimal("-1"), Decimal("1.5"))
    assert list(role.levels.values_list("key", "rank")) == [("junior", 1), ("mid", 2), ("senior", 3)]
    assert Expectation.objects.get(competency__key="experiment-design", level__key="senior").proficiency == Decimal("4.5")
    assert list(role.questions.values_list("key", flat=True)) == [
        "design-a-test", "bad-news", "work-permit", "why-us", "shipped-analysis", "sql-exercise", "memo-talk",
        "launch-call", "churn-case",
    ]


def test_import_keeps_kind_specific_parts(full_kit_text):
    import_kit(text=full_kit_text)
    knockout = Question.objects.get(key="work-permit")
    assert list(knockout.options.values_list("text", "outcome")) == [
        ("Yes", "qualifies"), ("No, and I would need sponsorship", "auto_decline")]
    assert list(CodingVariant.objects.values_list("key", flat=True)) == ["without-ai", "with-ai"]
    assert list(Indicator.objects.filter(variant__key="with-ai").values_list("polarity", "text")) == [
        ("negative", "Pastes the assistant's answer without reading it.")]
    assert Indicator.objects.filter(question__key="sql-exercise", variant=None).count() == 1
    assert list(CaseStudyPart.objects.values_list("key", "order")) == [("goal", 0), ("analysis", 1)]
    assert Question.objects.get(key="launch-call").scenario_roles.count() == 2
    assert list(Question.objects.get(key="memo-talk").anchors.order_by("rating").values_list("rating", flat=True)) == [
        "below", "exceeds", "meets"]


def test_import_keeps_round_order_and_question_order(full_kit_text):
    import_kit(text=full_kit_text)
    onsite = RoundQuestion.objects.filter(round__key="onsite").order_by("order")
    assert [rq.question.key for rq in onsite] == ["churn-case", "launch-call", "memo-talk", "bad-news"]
    rule = DecisionRule.objects.get()
    assert (rule.combine, rule.probability, rule.red_flag_rating, rule.red_flags_block) == (
        "compensatory", Decimal("0.75"), 2, False)
    assert list(rule.requirements.values_list("level__key", "competency__key", "weight")) == [
        ("junior", "experiment-design", Decimal("1")), ("junior", "sql", Decimal("0.5")),
        ("senior", "experiment-design", Decimal("2")), ("senior", "storytelling", Decimal("1.25"))]


def test_replace_overwrites_the_draft_in_place(full_kit_text, kit):
    first = import_kit(text=full_kit_text).role
    kit["role"]["title"] = "Senior Data Scientist"
    kit["levels"] = kit["levels"][:1]
    for competency in kit["competencies"]:
        competency["expectations"] = {"junior": competency["expectations"]["junior"]}
    kit["decision_rule"]["requirements"] = {"junior": [{"competency": "sql"}]}
    result = import_kit(text=as_text(kit), replace=True)
    assert (result.created, result.role.pk) == (False, first.pk)
    assert Role.objects.get().title == "Senior Data Scientist"
    assert list(result.role.levels.values_list("key", flat=True)) == ["junior"]
    assert Expectation.objects.count() == 3


def test_replace_keeps_the_published_versions(full_kit_text, kit):
    first = import_kit(text=full_kit_text, publish=True)
    kit["role"]["title"] = "Renamed"
    import_kit(text=as_text(kit), replace=True)
    version = Role.objects.get(pk=first.version.pk)
    assert (version.title, version.frozen, version.questions.count()) == ("Data Scientist", True, 9)


def test_import_with_publish_creates_version_one(full_kit_text, recruiter):
    result = import_kit(text=full_kit_text, by=recruiter, publish=True)
    version = result.version
    assert (version.version, version.published_from, version.published_by, version.frozen) == (
        1, result.role, recruiter, True)
