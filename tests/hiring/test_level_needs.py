"""One rule for what a level needs: on generated loops, the competencies a packet lists as not
assessed at a level are exactly those the loop overview flagged there before publishing."""

import random
from decimal import Decimal

import pytest
from django.utils import timezone

from hiring.packets import context
from hiring.services.calibration import recalibrate
from interviews.models import Application, Candidate, Interview, Requisition
from interviews.services.kits import load_round_kit
from interviews.services.scorecards import AnswerInput, DraftInput, start_scorecard, submit_scorecard
from rubrics import models as rubrics
from rubrics.context import loop_overview
from tests import factories as f

pytestmark = pytest.mark.django_db
KIND = rubrics.QuestionKind


def generated_loop(rng: random.Random, n: int) -> rubrics.LoopTemplate:
    """A role with 2–4 levels, 3–5 competencies (every expectation written), a decision rule or none
    (listing random must-haves for some levels), and 1–3 rounds of questions declaring random evidence."""
    role = f.RoleFactory(title=f"Generated {n}")
    levels = [f.LevelFactory(role=role, rank=rank, key=f"l{rank}", name=f"Level {rank}")
              for rank in range(1, rng.randint(2, 4) + 1)]
    discipline = f.DisciplineFactory(role=role)
    competencies = [f.CompetencyFactory(role=role, discipline=discipline, key=f"c{i}", name=f"Skill {n}.{i}", order=i)
                    for i in range(rng.randint(3, 5))]
    for competency in competencies:
        for level in levels:
            f.ExpectationFactory(competency=competency, level=level, proficiency=Decimal(level.rank + 1))
    if rng.random() < 0.7:
        rule = f.DecisionRuleFactory(role=role)
        for level in levels:
            for competency in rng.sample(competencies, rng.randint(0, len(competencies))):
                f.LevelRequirementFactory(rule=rule, level=level, competency=competency)
    template = f.LoopTemplateFactory(role=role)
    stage = f.StageFactory(template=template, kind=rubrics.Stage.Kind.INTERVIEWS)
    for r in range(rng.randint(1, 3)):
        round_ = f.RoundFactory(stage=stage, order=r)
        round_.covers.add(*rng.sample(competencies, rng.randint(0, 1)))
        asked = f.QuestionFactory(role=role, kind=KIND.COMPETENCY, title=f"Question {r}")
        asked.competencies.add(*rng.sample(competencies, rng.randint(1, 2)))
        talk = f.QuestionFactory(role=role, kind=KIND.PRESENTATION, title=f"Talk {r}")
        if rng.random() < 0.3:
            rubrics.Question.objects.filter(pk=talk.pk).update(notes_only=True)
        else:
            talk.competencies.add(*rng.sample(competencies, 1))
        case = f.QuestionFactory(role=role, kind=KIND.CASE_STUDY, title=f"Case {r}")
        for p in range(2):
            part = rubrics.CaseStudyPart.objects.create(question=case, key=f"p{p}", title=f"Part {p}", focus="f",
                                                        prompt="?", order=p)
            part.competencies.add(*rng.sample(competencies, rng.randint(0, 1)))
            if not part.competencies.exists():
                rubrics.CaseStudyPart.objects.filter(pk=part.pk).update(notes_only=True)
        for order, question in enumerate((asked, talk, case)):
            rubrics.RoundQuestion.objects.create(round=round_, question=question, order=order)
    return template


def flagged(template: rubrics.LoopTemplate) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for gap in loop_overview(template)["uncovered"]:
        for level in gap.levels:
            found.setdefault(level.name, set()).add(gap.competency.name)
    return found


def score_every_round(template: rubrics.LoopTemplate, interviewer, hiring_manager, recruiter) -> Application:
    requisition = Requisition.objects.create(title="Opening", loop=template, hiring_manager=hiring_manager,
                                             recruiter=recruiter)
    target = template.role.levels.order_by("rank").first()
    requisition.target_levels.set([target])
    stage = template.stages.get()
    application = Application.objects.create(candidate=Candidate.objects.create(name="Gen", email="g@example.org"),
                                             requisition=requisition, stage=stage)
    for round_ in stage.rounds.all():
        interview = Interview.objects.create(application=application, round=round_, target_level=target,
                                             scheduled_at=timezone.now())
        interview.interviewers.add(interviewer)
        kit = load_round_kit(interview)
        answers = [AnswerInput(question_id=kq.question.pk, part_id=part.pk if part else None,
                               choice="meets" if kq.is_exercise else target.key)
                   for kq in kit.questions for part in kq.slots()]
        # Only what the round must cover and no answer reaches is rated by hand.
        chosen = {c.pk: target.key for c in kit.covered}
        scorecard = start_scorecard(interview=interview, interviewer=interviewer)
        submit_scorecard(scorecard=scorecard, by=interviewer,
                         draft=DraftInput(answers=answers, competency_choices=chosen, recommendation=3))
    return application


@pytest.mark.parametrize("seed", range(6))
def test_not_assessed_in_the_packet_is_what_the_overview_flagged(seed, interviewer, hiring_manager, recruiter):
    rng = random.Random(seed)
    template = generated_loop(rng, seed)
    before = flagged(template)
    application = score_every_round(template, interviewer, hiring_manager, recruiter)
    recalibrate()
    packet = context.build(application.pk)
    assert {lv["name"]: set(lv["unassessed"]) for lv in packet["levels"] if lv["unassessed"]} == before
