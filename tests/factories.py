from decimal import Decimal
from types import SimpleNamespace

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.access import HIRING_MANAGER, RECRUITER
from interviews import models as interviews
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


# --- the pipeline: requisitions, candidates, applications -------------------------------------


class PublishedLoop(SimpleNamespace):
    """What ``published_loop()`` built: the role, its levels, questions, loop, stages and rounds."""


def published_loop(*, videos: int = 1, response_seconds: int = 60) -> PublishedLoop:
    """A complete published loop for one role, every rubric row frozen.

    Application screen: two knockouts ("work authorisation": Yes qualifies / No declines;
    "experience": both options qualify) and ``videos`` video questions. Resume screen: two
    criteria. Interviews: "Hiring Manager Technical" (a competency question) and "Coding"
    (a coding test with the variants "without AI" and "with AI").
    """
    role = RoleFactory(title="Data Scientist")
    levels = [LevelFactory(role=role, rank=rank, key=key, name=name)
              for rank, key, name in [(1, "junior", "Junior"), (2, "mid", "Mid"), (3, "senior", "Senior")]]
    kind = rubrics.QuestionKind
    authorisation = QuestionFactory(role=role, kind=kind.KNOCKOUT, title="Work authorisation", order=1,
                                    prompt="Are you authorised to work in the EU?")
    auth_yes = KnockoutOptionFactory(question=authorisation, text="Yes", order=1)
    auth_no = KnockoutOptionFactory(question=authorisation, text="No", order=2,
                                    outcome=rubrics.KnockoutOption.Outcome.AUTO_DECLINE)
    experience = QuestionFactory(role=role, kind=kind.KNOCKOUT, title="Experience", order=2,
                                 prompt="How many years of experience do you have?")
    exp_short = KnockoutOptionFactory(question=experience, text="Less than 3 years", order=1)
    exp_long = KnockoutOptionFactory(question=experience, text="3 years or more", order=2)
    video_questions = [
        QuestionFactory(role=role, kind=kind.VIDEO, title=f"Introduce yourself {i + 1}" if i else "Introduce yourself",
                        prompt="Tell us who you are and why this role.", response_seconds=response_seconds,
                        format="Webcam, one take", order=3 + i)
        for i in range(videos)
    ]
    criteria = [
        QuestionFactory(role=role, kind=kind.RESUME, title="Relevant experience", order=10),
        QuestionFactory(role=role, kind=kind.RESUME, title="Communication", order=11),
    ]
    technical = QuestionFactory(role=role, kind=kind.COMPETENCY, title="Model evaluation", order=20)
    coding = QuestionFactory(role=role, kind=kind.CODING, title="Data wrangling", order=21, response_seconds=3600)
    without_ai = CodingVariantFactory(question=coding, key="without-ai", name="Without AI", order=1)
    with_ai = CodingVariantFactory(question=coding, key="with-ai", name="With AI", order=2)

    loop = LoopTemplateFactory(role=role, name="Data Scientist loop")
    application_stage = StageFactory(template=loop, key="application", name="Application screen", order=1,
                                     kind=rubrics.Stage.Kind.APPLICATION)
    resume_stage = StageFactory(template=loop, key="resume", name="Resume screen", order=2,
                                kind=rubrics.Stage.Kind.RESUME)
    interview_stage = StageFactory(template=loop, key="interviews", name="Interviews", order=3,
                                   kind=rubrics.Stage.Kind.INTERVIEWS)
    screen_round = RoundFactory(stage=application_stage, key="screen", name="Screen", order=1)
    for order, question in enumerate([authorisation, experience, *video_questions]):
        RoundQuestionFactory(round=screen_round, question=question, order=order)
    resume_round = RoundFactory(stage=resume_stage, key="resume", name="Resume review", order=1)
    for order, question in enumerate(criteria):
        RoundQuestionFactory(round=resume_round, question=question, order=order)
    technical_round = RoundFactory(stage=interview_stage, key="hm-technical", name="Hiring Manager Technical",
                                   order=1)
    RoundQuestionFactory(round=technical_round, question=technical)
    coding_round = RoundFactory(stage=interview_stage, key="coding", name="Coding", order=2)
    RoundQuestionFactory(round=coding_round, question=coding)

    for model in (rubrics.Level, rubrics.Question, rubrics.LoopTemplate):
        model.objects.filter(role=role).update(frozen=True)
    rubrics.KnockoutOption.objects.filter(question__role=role).update(frozen=True)
    rubrics.CodingVariant.objects.filter(question__role=role).update(frozen=True)
    rubrics.Stage.objects.filter(template=loop).update(frozen=True)
    rubrics.Round.objects.filter(stage__template=loop).update(frozen=True)
    rubrics.RoundQuestion.objects.filter(round__stage__template=loop).update(frozen=True)
    rubrics.Role.objects.filter(pk=role.pk).update(frozen=True, version=1)
    loop.refresh_from_db()
    return PublishedLoop(
        role=role, levels=levels, loop=loop, authorisation=authorisation, auth_yes=auth_yes, auth_no=auth_no,
        experience=experience, exp_short=exp_short, exp_long=exp_long, videos=video_questions,
        criteria=criteria, technical=technical, coding=coding, without_ai=without_ai, with_ai=with_ai,
        application_stage=application_stage, resume_stage=resume_stage, interview_stage=interview_stage,
        technical_round=technical_round, coding_round=coding_round,
    )


class UserFactory(factory.django.DjangoModelFactory):
    """A user with the password "pw", in the groups named by ``groups=[...]``."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    password = factory.django.Password("pw")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))


class RequisitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = interviews.Requisition
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Data Scientist opening {n}")
    loop = factory.LazyFunction(lambda: published_loop().loop)
    hiring_manager = factory.SubFactory(UserFactory, groups=[HIRING_MANAGER])
    recruiter = factory.SubFactory(UserFactory, groups=[RECRUITER], is_staff=True)

    @factory.post_generation
    def target_levels(self, create, levels, **kwargs):
        if create:
            self.target_levels.set(levels if levels is not None else self.loop.role.levels.filter(rank__gte=2))


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = interviews.Candidate

    name = factory.Sequence(lambda n: f"Candidate {n}")
    email = factory.Sequence(lambda n: f"candidate{n}@example.org")


def stage_of(requisition, kind: str):
    return requisition.loop.stages.get(kind=kind)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = interviews.Application

    candidate = factory.SubFactory(CandidateFactory)
    requisition = factory.SubFactory(RequisitionFactory)
    stage = factory.LazyAttribute(lambda o: stage_of(o.requisition, rubrics.Stage.Kind.RESUME))


class VideoResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = interviews.VideoResponse

    application = factory.SubFactory(ApplicationFactory)
    question = factory.LazyAttribute(
        lambda o: o.application.requisition.loop.role.questions.filter(kind=rubrics.QuestionKind.VIDEO).first()
    )
    file = factory.django.FileField(filename="answer.webm", data=b"\x1a\x45\xdf\xa3 not really a video")
    content_type = "video/webm"
    size = 27


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = interviews.Interview
        skip_postgeneration_save = True

    application = factory.SubFactory(
        ApplicationFactory,
        stage=factory.LazyAttribute(lambda o: stage_of(o.requisition, rubrics.Stage.Kind.INTERVIEWS)),
    )
    round = factory.LazyAttribute(lambda o: o.application.requisition.loop.stages.get(kind="interviews").rounds.first())
    target_level = factory.LazyAttribute(lambda o: o.application.requisition.target_levels.first())

    @factory.post_generation
    def interviewers(self, create, users, **kwargs):
        if create and users:
            self.interviewers.set(users)


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
