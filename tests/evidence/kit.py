"""A small published loop whose every scored question declares its evidence, and a way to score it
through the real services. Shared by the scoring, packet and calibration tests of declared evidence."""

from dataclasses import dataclass

from django.utils import timezone

from interviews.models import Application, Candidate, Interview, Requisition, Scorecard
from interviews.services.scorecards import AnswerInput, DraftInput, start_scorecard, submit_scorecard
from rubrics import models as rubrics
from rubrics.kits import import_kit

KIT = """\
format: hiring-kit/2
role: {key: analyst, title: Analyst}
levels:
  - {key: junior, name: Junior}
  - {key: mid, name: Mid}
  - {key: senior, name: Senior}
disciplines: [{key: data, name: Data}]
competencies:
  - key: analysis
    name: Analysis
    discipline: data
    expectations:
      junior: {proficiency: 2, behaviour: Runs a given analysis.}
      mid: {proficiency: 3, behaviour: Designs an analysis.}
      senior: {proficiency: 4, behaviour: Chooses which analyses matter.}
  - key: communication
    name: Communication
    discipline: data
    expectations:
      junior: {proficiency: 2, behaviour: Explains a result.}
      mid: {proficiency: 3, behaviour: Tailors a story to the audience.}
      senior: {proficiency: 5, behaviour: Moves a leadership forum to a decision.}
attitudes: [{key: candour, name: Candour, definition: Says what the evidence says.}]
questions:
  - key: explain-a-model
    kind: competency
    title: Explain a model
    prompt: Explain a model you built to a non-specialist.
    competencies: [analysis]
  - key: past-project
    kind: presentation
    title: Presentation
    prompt: Present a project you are proud of.
    competencies: [communication]
    attitudes: [candour]
    anchors: {exceeds: Would hold up in our leadership forum., meets: Clear story., below: No point.}
  - key: churn-case
    kind: case_study
    title: Churn case
    prompt: Churn rose three points.
    parts:
      - key: goals
        title: Goals
        focus: goal setting
        prompt: What is the goal?
        competencies: [analysis]
        anchors: {exceeds: Goals with guardrails., meets: A clear goal., below: Orders alone.}
      - key: story
        title: Story
        focus: storytelling
        prompt: Tell the story to the CEO.
        competencies: [communication]
        weights: {communication: 2}
loops:
  - key: main
    name: Main
    stages:
      - key: interviews
        name: Interviews
        kind: interviews
        rounds:
          - key: onsite
            name: Onsite
            questions: [explain-a-model, past-project, churn-case]
"""


@dataclass
class EvidenceLoop:
    version: rubrics.Role
    requisition: Requisition
    round: rubrics.Round
    levels: dict[str, rubrics.Level]
    competencies: dict[str, rubrics.Competency]
    questions: dict[str, rubrics.Question]
    parts: dict[str, rubrics.CaseStudyPart]


def evidence_loop(*, hiring_manager, recruiter, kit: str = KIT) -> EvidenceLoop:
    version = import_kit(text=kit, publish=True).version
    loop = version.loop_templates.get()
    requisition = Requisition.objects.create(title="Analyst opening", loop=loop, hiring_manager=hiring_manager,
                                             recruiter=recruiter)
    levels = {lv.key: lv for lv in version.levels.all()}
    requisition.target_levels.set(levels.values())
    return EvidenceLoop(
        version=version, requisition=requisition, round=rubrics.Round.objects.get(stage__template=loop),
        levels=levels, competencies={c.key: c for c in version.competencies.all()},
        questions={q.key: q for q in version.questions.all()},
        parts={p.key: p for p in rubrics.CaseStudyPart.objects.filter(question__role=version)},
    )


def interview(loop: EvidenceLoop, name: str, *, level: str = "senior", interviewers=()) -> Interview:
    candidate = Candidate.objects.create(name=name, email=f"{name.lower().replace(' ', '.')}@example.org")
    stage = loop.round.stage
    application = Application.objects.create(candidate=candidate, requisition=loop.requisition, stage=stage)
    interview = Interview.objects.create(application=application, round=loop.round, target_level=loop.levels[level],
                                         scheduled_at=timezone.now())
    interview.interviewers.add(*interviewers)
    return interview


def score(loop: EvidenceLoop, interview: Interview, by, *, model: str = "mid", presentation: str = "meets",
          goals: str = "meets", story: str | None = "meets") -> Scorecard:
    """Submit ``by``'s scorecard through the services: every competency rating left to the answers."""
    q, p = loop.questions, loop.parts
    answers = [
        AnswerInput(question_id=q["explain-a-model"].pk, choice=model),
        AnswerInput(question_id=q["past-project"].pk, choice=presentation),
        AnswerInput(question_id=q["churn-case"].pk, part_id=p["goals"].pk, choice=goals),
        AnswerInput(question_id=q["churn-case"].pk, part_id=p["story"].pk, choice=story or "", skipped=story is None),
    ]
    scorecard = start_scorecard(interview=interview, interviewer=by)
    return submit_scorecard(scorecard=scorecard, by=by, draft=DraftInput(answers=answers, recommendation=3))
