"""A small hiring loop built from the factories, for the decision side's tests (and the benchmark)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from interviews.models import (
    Application,
    AttitudeRating,
    Candidate,
    CompetencyRating,
    Interview,
    QuestionAnswer,
    Requisition,
    Scorecard,
)
from rubrics import models as rubrics
from tests import factories

LEVELS = (("junior", "Junior", 2), ("mid", "Mid", 3), ("senior", "Senior", 4))  # key, name, expected proficiency


@dataclass
class Loop:
    role: rubrics.Role
    levels: list[rubrics.Level]
    competencies: list[rubrics.Competency]
    attitudes: list[rubrics.Attitude]
    rounds: list[rubrics.Round]
    questions: list[rubrics.Question]
    requisition: Requisition
    rule: rubrics.DecisionRule
    stage: rubrics.Stage
    _candidates: int = field(default=0)


def make_loop(*, hiring_manager, recruiter, competencies: int = 3, rounds: int = 3, questions_per_round: int = 1,
              combine: str = "conjunctive", title: str = "Data Scientist") -> Loop:
    role = factories.RoleFactory(title=title)
    levels = [factories.LevelFactory(role=role, key=k, name=n, rank=i + 1) for i, (k, n, _) in enumerate(LEVELS)]
    discipline = factories.DisciplineFactory(role=role)
    comps = [factories.CompetencyFactory(role=role, discipline=discipline, key=f"skill-{i}", name=f"Skill {i}",
                                         order=i) for i in range(competencies)]
    for comp in comps:
        for level, (_, name, bar) in zip(levels, LEVELS, strict=True):
            factories.ExpectationFactory(competency=comp, level=level, proficiency=Decimal(bar),
                                         behaviour=f"{comp.name} as expected of a {name}.")
    attitudes = [factories.AttitudeFactory(role=role, name="Candour", key="candour")]
    rule = rubrics.DecisionRule.objects.create(role=role, combine=combine, probability=Decimal("0.70"))
    for level in levels:
        for comp in comps:
            rubrics.LevelRequirement.objects.create(rule=rule, level=level, competency=comp)
    template = factories.LoopTemplateFactory(role=role)
    stage = factories.StageFactory(template=template, kind=rubrics.Stage.Kind.INTERVIEWS, name="Interviews")
    round_list, question_list = [], []
    for r in range(rounds):
        rnd = factories.RoundFactory(stage=stage, name=f"Round {r + 1}", order=r)
        for q in range(questions_per_round):
            question = factories.QuestionFactory(role=role, title=f"Question {r + 1}.{q + 1}")
            rubrics.Indicator.objects.create(question=question, polarity="positive", text=f"Clear reasoning {r}.{q}")
            rubrics.Indicator.objects.create(question=question, polarity="negative", text=f"Hand-waving {r}.{q}")
            rubrics.RoundQuestion.objects.create(round=rnd, question=question, order=q)
            question_list.append(question)
        round_list.append(rnd)
    requisition = Requisition.objects.create(title=f"{title} opening", loop=template, hiring_manager=hiring_manager,
                                             recruiter=recruiter)
    requisition.target_levels.set(levels)
    return Loop(role, levels, comps, attitudes, round_list, question_list, requisition, rule, stage)


def make_application(loop: Loop, name: str) -> Application:
    candidate = Candidate.objects.create(name=name, email=f"{name.lower().replace(' ', '.')}@example.org")
    return Application.objects.create(candidate=candidate, requisition=loop.requisition, stage=loop.stage)


def rate(loop: Loop, application: Application, interviewer, scores: list[float], *, round_index: int = 0,
         attitude: int | None = None, notes: bool = False) -> Scorecard:
    """A submitted, current scorecard by ``interviewer`` in the given round with one rating per competency."""
    interview, _ = Interview.objects.get_or_create(application=application, round=loop.rounds[round_index],
                                                   defaults={"target_level": loop.levels[1],
                                                             "scheduled_at": timezone.now()})
    interview.interviewers.add(interviewer)
    card = Scorecard.objects.create(interview=interview, interviewer=interviewer, is_current=True,
                                    submitted_at=timezone.now(), recommendation=3)
    CompetencyRating.objects.bulk_create(
        CompetencyRating(scorecard=card, competency=c, score=Decimal(str(s)))
        for c, s in zip(loop.competencies, scores, strict=True))
    if attitude is not None:
        AttitudeRating.objects.create(scorecard=card, attitude=loop.attitudes[0], score=attitude)
    if notes:
        for question in loop.rounds[round_index].questions.all():
            answer = QuestionAnswer.objects.create(scorecard=card, question=question, choice="mid", score=Decimal("3"),
                                                   strengths=f"Explained the trade-offs of {question.title}.",
                                                   gaps="Did not size the sample.")
            answer.indicators.set(question.indicators.all())
    return card
