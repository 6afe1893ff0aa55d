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


# Evidence side: requisitions, candidates, interviews, scorecards.
from interviews import models as interviews  # noqa: E402


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    password = factory.django.Password("pw")


class RequisitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = interviews.Requisition

    title = factory.Sequence(lambda n: f"Opening {n}")
    loop = factory.SubFactory(LoopTemplateFactory)
    hiring_manager = factory.SubFactory(UserFactory)
    recruiter = factory.SubFactory(UserFactory)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = interviews.Candidate

    name = factory.Sequence(lambda n: f"Candidate {n}")
    email = factory.LazyAttribute(lambda o: f"{o.name.lower().replace(' ', '.')}@example.com")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = interviews.Application

    candidate = factory.SubFactory(CandidateFactory)
    requisition = factory.SubFactory(RequisitionFactory)
    stage = factory.SubFactory(StageFactory, template=factory.SelfAttribute("..requisition.loop"))


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = interviews.Interview
        skip_postgeneration_save = True

    application = factory.SubFactory(ApplicationFactory)
    round = factory.SubFactory(RoundFactory, stage=factory.SelfAttribute("..application.stage"))
    target_level = factory.SubFactory(LevelFactory, role=factory.SelfAttribute("..application.requisition.role"))

    @factory.post_generation
    def interviewers(self, create, extracted, **kwargs):
        if create and extracted:
            self.interviewers.add(*extracted)


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = interviews.Scorecard

    interview = factory.SubFactory(InterviewFactory)
    interviewer = factory.SubFactory(UserFactory)


def build_scored_round(*, interviewers=(), candidate_name: str = "Casey Candidate", publish: bool = True):
    """A small published loop and one interview on it, the shape every scorecard test needs.

    Role with levels Junior/Mid/Senior (analysis 2/3/4, communication 2/3/4.5), an attitude;
    one round covering both competencies with, in order: a competency question (analysis),
    an attitude question, a case study of two parts (communication), a coding test with two
    variants (the interview uses "with-ai"). Returns a SimpleNamespace of the rows.
    """
    from types import SimpleNamespace

    role = RoleFactory(title="Data Scientist", why_hard="Few people can both model and persuade.")
    levels = [LevelFactory(role=role, rank=rank, key=key, name=name)
              for rank, key, name in [(1, "junior", "Junior"), (2, "mid", "Mid"), (3, "senior", "Senior")]]
    discipline = DisciplineFactory(role=role)
    analysis = CompetencyFactory(role=role, discipline=discipline, key="analysis", name="Analysis", order=1)
    communication = CompetencyFactory(role=role, discipline=discipline, key="communication",
                                      name="Communication", order=2)
    for competency, values in [(analysis, ["2", "3", "4"]), (communication, ["2", "3", "4.5"])]:
        for level, value in zip(levels, values, strict=True):
            ExpectationFactory(competency=competency, level=level, proficiency=Decimal(value),
                               behaviour=f"{competency.name} as a {level.name}")
    curiosity = AttitudeFactory(role=role, key="curiosity", name="Curiosity")
    loop = LoopTemplateFactory(role=role)
    stage = StageFactory(template=loop, kind=rubrics.Stage.Kind.INTERVIEWS, name="Interviews")
    round_ = RoundFactory(stage=stage, name="Technical")
    round_.covers.add(analysis, communication)
    q_comp = QuestionFactory(role=role, kind=rubrics.QuestionKind.COMPETENCY, title="Messy data",
                             prompt="Tell us about the messiest data set you cleaned.",
                             rationale="Seniors anticipate data problems.", evaluates="Data hygiene",
                             strong_answer="Names checks before modelling.", difficulty="Medium")
    q_comp.competencies.add(analysis)
    rubrics.Indicator.objects.create(question=q_comp, polarity="positive", text="Checks distributions first")
    rubrics.Indicator.objects.create(question=q_comp, polarity="negative", text="Trusts the data blindly")
    q_att = QuestionFactory(role=role, kind=rubrics.QuestionKind.ATTITUDE, title="Learning",
                            prompt="What did you learn last month?")
    q_att.attitudes.add(curiosity)
    q_case = QuestionFactory(role=role, kind=rubrics.QuestionKind.CASE_STUDY, title="Churn case",
                             prompt="Churn rose 3 points.", scenario="A subscription app.")
    q_case.competencies.add(communication)
    parts = [rubrics.CaseStudyPart.objects.create(question=q_case, key=k, title=t, focus=f, prompt=p, order=o)
             for o, (k, t, f, p) in enumerate([("goals", "Goals", "goal setting", "What is the goal?"),
                                               ("story", "Story", "storytelling", "Tell the story.")])]
    for rating, text in [("below", "Vague goals"), ("meets", "Clear goals"), ("exceeds", "Goals and guardrails")]:
        rubrics.ScoringAnchor.objects.create(question=q_case, rating=rating, text=text)
    q_code = QuestionFactory(role=role, kind=rubrics.QuestionKind.CODING, title="SQL test",
                             prompt="Write the query.", response_seconds=1800)
    q_code.competencies.add(analysis)
    without_ai = rubrics.CodingVariant.objects.create(question=q_code, key="without-ai", name="Without AI",
                                                      instructions="No assistants.", prompt="Plain SQL prompt")
    with_ai = rubrics.CodingVariant.objects.create(question=q_code, key="with-ai", name="With AI",
                                                   instructions="Use any assistant.", prompt="AI SQL prompt")
    rubrics.Indicator.objects.create(question=q_code, polarity="positive", text="Tests edge cases")
    rubrics.Indicator.objects.create(question=q_code, variant=with_ai, polarity="positive",
                                     text="Checks the assistant's output")
    rubrics.Indicator.objects.create(question=q_code, variant=without_ai, polarity="positive",
                                     text="Recalls window functions")
    for rating, text in [("below", "Wrong joins"), ("meets", "Correct query"), ("exceeds", "Correct and fast")]:
        rubrics.ScoringAnchor.objects.create(question=q_code, rating=rating, text=text)
    for order, question in enumerate([q_comp, q_att, q_case, q_code]):
        rubrics.RoundQuestion.objects.create(round=round_, question=question, order=order)
    if publish:
        for model in (rubrics.Role, rubrics.Level, rubrics.Discipline, rubrics.Competency, rubrics.Expectation,
                      rubrics.Attitude, rubrics.LoopTemplate, rubrics.Stage, rubrics.Round, rubrics.Question,
                      rubrics.RoundQuestion, rubrics.Indicator, rubrics.CaseStudyPart, rubrics.CodingVariant,
                      rubrics.ScoringAnchor):
            model.objects.filter(pk__in=_role_rows(model, role)).update(frozen=True)
    requisition = RequisitionFactory(loop=loop, title="Data Scientist, 2026")
    requisition.target_levels.add(levels[1])
    application = ApplicationFactory(requisition=requisition, stage=stage, candidate__name=candidate_name)
    interview = InterviewFactory(application=application, round=round_, target_level=levels[1], variant=with_ai,
                                 interviewers=list(interviewers))
    return SimpleNamespace(role=role, levels=levels, analysis=analysis, communication=communication,
                           curiosity=curiosity, loop=loop, stage=stage, round=round_, q_comp=q_comp, q_att=q_att,
                           q_case=q_case, parts=parts, q_code=q_code, with_ai=with_ai, without_ai=without_ai,
                           requisition=requisition, application=application, interview=interview)


def _role_rows(model, role):
    paths = {
        "Role": "pk", "Level": "role", "Discipline": "role", "Competency": "role", "Expectation": "competency__role",
        "Attitude": "role", "LoopTemplate": "role", "Stage": "template__role", "Round": "stage__template__role",
        "Question": "role", "RoundQuestion": "question__role", "Indicator": "question__role",
        "CaseStudyPart": "question__role", "CodingVariant": "question__role", "ScoringAnchor": "question__role",
    }
    return model.objects.filter(**{paths[model.__name__]: role.pk}).values("pk")
