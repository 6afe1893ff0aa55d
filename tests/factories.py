from decimal import Decimal

import factory

from rubrics import models as rubrics


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.Role

    key = factory.Sequence(lambda n: f"role-{n}")
    title = factory.Sequence(lambda n: f"Role {n}")


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.Level

    role = factory.SubFactory(RoleFactory)
    rank = factory.Sequence(lambda n: n + 1)
    key = factory.LazyAttribute(lambda o: f"level-{o.rank}")
    name = factory.LazyAttribute(lambda o: f"Level {o.rank}")


class DisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.Discipline

    role = factory.SubFactory(RoleFactory)
    key = factory.Sequence(lambda n: f"discipline-{n}")
    name = factory.Sequence(lambda n: f"Discipline {n}")


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.Competency

    discipline = factory.SubFactory(DisciplineFactory)
    role = factory.SelfAttribute("discipline.role")
    key = factory.Sequence(lambda n: f"competency-{n}")
    name = factory.Sequence(lambda n: f"Competency {n}")


class ExpectationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.Expectation

    competency = factory.SubFactory(CompetencyFactory)
    level = factory.SubFactory(LevelFactory, role=factory.SelfAttribute("..competency.role"))
    behaviour = "Shows the behaviour expected at this level."
    proficiency = Decimal("3")


class AttitudeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.Attitude

    role = factory.SubFactory(RoleFactory)
    key = factory.Sequence(lambda n: f"attitude-{n}")
    name = factory.Sequence(lambda n: f"Attitude {n}")
    definition = "What the attitude means here."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.Question

    role = factory.SubFactory(RoleFactory)
    key = factory.Sequence(lambda n: f"question-{n}")
    kind = rubrics.QuestionKind.COMPETENCY
    title = factory.Sequence(lambda n: f"Question {n}")
    prompt = "Tell us about a time you did this."


class LoopTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.LoopTemplate

    role = factory.SubFactory(RoleFactory)
    key = factory.Sequence(lambda n: f"loop-{n}")
    name = factory.Sequence(lambda n: f"Loop {n}")


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.Stage

    template = factory.SubFactory(LoopTemplateFactory)
    key = factory.Sequence(lambda n: f"stage-{n}")
    name = factory.Sequence(lambda n: f"Stage {n}")
    kind = rubrics.Stage.Kind.INTERVIEWS


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.Round

    stage = factory.SubFactory(StageFactory)
    key = factory.Sequence(lambda n: f"round-{n}")
    name = factory.Sequence(lambda n: f"Round {n}")


class KnockoutOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.KnockoutOption

    question = factory.SubFactory(QuestionFactory, kind=rubrics.QuestionKind.KNOCKOUT)
    text = factory.Sequence(lambda n: f"Option {n}")
    outcome = rubrics.KnockoutOption.Outcome.QUALIFIES


class CodingVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.CodingVariant

    question = factory.SubFactory(QuestionFactory, kind=rubrics.QuestionKind.CODING)
    key = factory.Sequence(lambda n: f"variant-{n}")
    name = factory.Sequence(lambda n: f"Variant {n}")
    instructions = "Work in the editor provided."
    prompt = "Write a function that deduplicates events."


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.Indicator

    question = factory.SubFactory(QuestionFactory)
    polarity = rubrics.Indicator.Polarity.POSITIVE
    text = factory.Sequence(lambda n: f"Indicator {n}")


class ScoringAnchorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.ScoringAnchor

    question = factory.SubFactory(QuestionFactory, kind=rubrics.QuestionKind.PRESENTATION)
    rating = rubrics.ScoringAnchor.Rating.MEETS
    text = "Answers the brief with a clear recommendation."


class ScenarioRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.ScenarioRole

    question = factory.SubFactory(QuestionFactory, kind=rubrics.QuestionKind.SIMULATION)
    name = factory.Sequence(lambda n: f"Character {n}")


class CaseStudyPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.CaseStudyPart

    question = factory.SubFactory(QuestionFactory, kind=rubrics.QuestionKind.CASE_STUDY)
    key = factory.Sequence(lambda n: f"part-{n}")
    title = factory.Sequence(lambda n: f"Part {n}")
    focus = "analysis design"
    prompt = "How would you measure it?"


class RoundQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.RoundQuestion

    round = factory.SubFactory(RoundFactory)
    question = factory.SubFactory(QuestionFactory, role=factory.SelfAttribute("..round.stage.template.role"))


class DecisionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.DecisionRule

    role = factory.SubFactory(RoleFactory)


class LevelRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = rubrics.LevelRequirement

    rule = factory.SubFactory(DecisionRuleFactory)
    level = factory.SubFactory(LevelFactory, role=factory.SelfAttribute("..rule.role"))
    competency = factory.SubFactory(CompetencyFactory, discipline__role=factory.SelfAttribute("...rule.role"))
