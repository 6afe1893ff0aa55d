"""Demo pipeline: an open requisition on the published demo role with candidates at every stage
and interviewers whose submitted scorecards show a clear harsh / lenient pattern.

Deterministic (seeded RNG; only the interview times follow the clock) and idempotent: when
the requisition exists, nothing is done. Scores are simulated as
    observed = true proficiency + interviewer bias + noise (sd 0.3)
and entered through the same services the scorecard form uses, so every scorecard obeys the
submission rules. Harsh interviewers score about one point below the truth, lenient ones
about one point above; both also score candidates the neutral interviewers score, so their
severity is estimable.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.access import HIRING_MANAGER, INTERVIEWER, RECRUITER
from interviews import scales
from interviews.demo_screen import add_screen_evidence
from interviews.models import Application, Interview, KnockoutAnswer, Requisition, StageChange
from interviews.privacy import PRIVACY_NOTICE_VERSION
from interviews.services.kits import RoundKit, load_round_kit
from interviews.services.people import find_or_create_candidate
from interviews.services.scorecards import (
    AnswerInput,
    DraftInput,
    save_draft,
    start_scorecard,
    submit_scorecard,
)
from rubrics.models import KnockoutOption, LoopTemplate, QuestionKind, Role, Stage

ROLE_KEY = "data-scientist"
REQUISITION_TITLE = "Data Scientist (Analytics), 2026"
SEED = 20260101
NOISE = 0.3
BIAS = {"ivan": -1.0, "ines": -1.0, "omar": 1.0, "priya": 1.0,
        "tomas": 0.0, "wen": 0.1, "leila": -0.1, "marco": 0.0}
HARSH = ("ivan", "ines")
LENIENT = ("omar", "priya")
INTERVIEWERS = tuple(BIAS)
STAFF = {"rita": ("Rita", "Mendes", RECRUITER), "hana": ("Hana", "Kovač", HIRING_MANAGER)}
HARSH_ONLY_CANDIDATE = "Elena Rossi"
LENIENT_ONLY_CANDIDATE = "Farid Aziz"


@dataclass(frozen=True)
class DemoCandidate:
    name: str
    outcome: str  # "declined", "archived", "interviews"
    ability: float = 0.0  # true proficiency relative to the target level's expectations
    panel: tuple[str, ...] = ()  # interviewers, one per round in turn; empty = rotation


CANDIDATES = (
    DemoCandidate("Ana Ribeiro", "declined"),
    DemoCandidate("Ben Okafor", "declined"),
    DemoCandidate("Chloé Martin", "archived"),
    DemoCandidate("Dmitri Volkov", "archived"),
    DemoCandidate(HARSH_ONLY_CANDIDATE, "interviews", 0.0, HARSH),
    DemoCandidate(LENIENT_ONLY_CANDIDATE, "interviews", 0.0, LENIENT),
    DemoCandidate("Grace Liu", "interviews", 1.0),
    DemoCandidate("Hugo Schmidt", "interviews", -0.5),
    DemoCandidate("Isabel Duarte", "interviews", 0.5),
    DemoCandidate("Jonas Berg", "interviews", 0.0),
    DemoCandidate("Kemi Adeyemi", "interviews", 0.5),
    DemoCandidate("Lucas Moreau", "interviews", -1.0),
)
# Interviews left open so "my interviews" has content: (candidate, round index) -> state.
OPEN = {("Kemi Adeyemi", 4): "draft", ("Kemi Adeyemi", 5): "upcoming",
        ("Lucas Moreau", 4): "overdue", ("Lucas Moreau", 5): "overdue"}


def build_demo_pipeline(*, stdout: TextIO) -> None:
    """Create the demo requisition with candidates, interviews and scorecards, unless it exists."""
    if Requisition.objects.filter(title=REQUISITION_TITLE).exists():
        stdout.write(f"The requisition {REQUISITION_TITLE!r} exists already; left as it is.\n")
        return
    role = (Role.objects.filter(frozen=True, key=ROLE_KEY).order_by("-version", "-pk").first()
            or Role.objects.filter(frozen=True).order_by("-version", "-pk").first())
    if role is None:
        stdout.write("No published role: load the demo kit first; no pipeline was created.\n")
        return
    with transaction.atomic():
        counts = _build(role)
    stdout.write(f"Created {REQUISITION_TITLE!r} on {role}: {counts['candidates']} candidates, "
                 f"{counts['interviews']} interviews, {counts['submitted']} submitted scorecards, "
                 f"{counts['drafts']} drafts.\n")


def _users() -> dict:
    User = get_user_model()
    people = {name: (name.capitalize(), "", INTERVIEWER) for name in INTERVIEWERS} | STAFF
    users, password = {}, None
    for username, (first, last, group) in people.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            password = password or make_password("demo")
            user = User.objects.create(username=username, first_name=first, last_name=last, password=password)
            user.groups.add(Group.objects.get_or_create(name=group)[0])
        users[username] = user
    return users


def _build(role: Role) -> dict:
    rng = random.Random(SEED)
    users = _users()
    loop = LoopTemplate.objects.filter(role=role, frozen=True).order_by("-pk").first()
    stages = {stage.kind: stage for stage in Stage.objects.filter(template=loop).order_by("order")}
    first_stage = next(iter(stages.values()))
    interview_stage = stages.get(Stage.Kind.INTERVIEWS, first_stage)
    levels = list(role.levels.order_by("rank"))
    target = levels[min(1, len(levels) - 1)]
    requisition = Requisition.objects.create(title=REQUISITION_TITLE, loop=loop, hiring_manager=users["hana"],
                                             recruiter=users["rita"])
    requisition.target_levels.set(levels[1:3] or levels)
    rounds = list(interview_stage.rounds.order_by("order", "pk"))
    now = timezone.now()
    counts = {"candidates": 0, "interviews": 0, "submitted": 0, "drafts": 0}
    rotation = 0
    for index, demo in enumerate(CANDIDATES):
        slug = demo.name.lower().replace(" ", ".").replace("é", "e")
        candidate = find_or_create_candidate(name=demo.name, email=f"{slug}@example.org")
        application = _application(requisition, candidate, demo, stages, first_stage, interview_stage, users["rita"])
        counts["candidates"] += 1
        if demo.outcome != "interviews":
            continue
        jitter = {} if demo.panel else None  # the harsh-only / lenient-only pair share their truth exactly
        for number, round_ in enumerate(rounds):
            if demo.panel:
                username = demo.panel[number % len(demo.panel)]
            else:
                username = INTERVIEWERS[rotation % len(INTERVIEWERS)]
                rotation += 1
            state = OPEN.get((demo.name, number), "submitted")
            when = {"submitted": now - timedelta(days=20 - index, hours=number),
                    "draft": now - timedelta(hours=3), "upcoming": now + timedelta(days=2),
                    "overdue": now - timedelta(hours=50 + number)}[state]
            interview = Interview.objects.create(application=application, round=round_, target_level=target,
                                                 scheduled_at=when, variant=_variant(round_, index))
            interview.interviewers.add(users[username])
            counts["interviews"] += 1
            if state in ("upcoming", "overdue"):
                continue
            kit = load_round_kit(interview)
            truth = _truth(kit, demo, rng, jitter)
            draft = _simulate(kit, demo, truth, BIAS[username], rng)
            scorecard = start_scorecard(interview=interview, interviewer=users[username])
            save_draft(scorecard=scorecard, draft=draft, kit=kit)
            if state == "draft":
                counts["drafts"] += 1
                continue
            submit_scorecard(scorecard=scorecard, by=users[username], kit=kit)
            counts["submitted"] += 1
    return counts


def _consent() -> dict:
    return {"consent_at": timezone.now(), "consent_notice": PRIVACY_NOTICE_VERSION}


def _application(requisition, candidate, demo, stages, first_stage, interview_stage, recruiter) -> Application:
    application_stage = stages.get(Stage.Kind.APPLICATION, first_stage)
    resume_stage = stages.get(Stage.Kind.RESUME, first_stage)
    if demo.outcome == "declined":
        application = Application.objects.create(candidate=candidate, requisition=requisition,
                                                 stage=application_stage, status=Application.Status.DECLINED,
                                                 **_consent())
        option = KnockoutOption.objects.filter(question__rounds__stage=application_stage,
                                               outcome=KnockoutOption.Outcome.AUTO_DECLINE).order_by("pk").first()
        reason = "Knockout answer declines automatically."
        if option is not None:
            KnockoutAnswer.objects.create(application=application, question_id=option.question_id, option=option)
            reason = f"Knockout “{option.question.title}”: answered “{option.text}”."  # as submit_application
        StageChange.objects.create(application=application, to_stage=application_stage, status="active",
                                   reason="Applied.")
        StageChange.objects.create(application=application, from_stage=application_stage, to_stage=application_stage,
                                   status=Application.Status.DECLINED, reason=reason)
        return application
    stage = resume_stage if demo.outcome == "archived" else interview_stage
    status = Application.Status.ARCHIVED if demo.outcome == "archived" else Application.Status.ACTIVE
    application = Application.objects.create(candidate=candidate, requisition=requisition, stage=stage,
                                             status=status, **_consent())
    StageChange.objects.create(application=application, to_stage=application_stage, status="active",
                               reason="Applied.")
    StageChange.objects.create(application=application, from_stage=application_stage, to_stage=resume_stage,
                               status="active", reason="Passed the knockout questions.")
    # The resume rule moved them (the system, as record_resume_review does), on the review it records.
    reason = add_screen_evidence(application, recruiter=recruiter, advanced=demo.outcome != "archived",
                                 years=3 + len(candidate.name) % 6)
    to_stage = resume_stage if demo.outcome == "archived" else interview_stage
    StageChange.objects.create(application=application, from_stage=resume_stage, to_stage=to_stage, status=status,
                               reason=reason)
    return application


def _variant(round_, index):
    coding = round_.questions.filter(kind=QuestionKind.CODING).first()
    variants = list(coding.variants.order_by("order", "pk")) if coding else []
    return variants[index % len(variants)] if variants else None


def _truth(kit: RoundKit, demo: DemoCandidate, rng: random.Random, shared: dict | None) -> dict[int, float]:
    """True proficiency per competency: the target level's expectation + the candidate's ability."""
    truth = {}
    for competency in kit.competencies:
        expected = kit.expectations.get(competency.pk, {}).get(kit.target_level.key)
        if expected is None:
            continue
        offset = 0.0 if shared is not None else rng.gauss(0, 0.25)
        truth[competency.pk] = float(expected.proficiency) + demo.ability + offset
    return truth


def _nearest(kit: RoundKit, competency_id: int, value: float) -> str | None:
    return scales.nearest_level_choice(Decimal(str(round(value, 2))), kit.level_keys, kit.proficiency(competency_id))


def _simulate(kit: RoundKit, demo: DemoCandidate, truth: dict[int, float], bias: float,
              rng: random.Random) -> DraftInput:
    answers, deltas, evidenced = [], [], set()
    for kq in kit.questions:
        for part in kq.slots():
            # Each part is simulated on the competency it evidences itself.
            competency = next((c for c, _ in kq.evidence(part) if c.pk in truth), None)
            if kq.kind == QuestionKind.ATTITUDE:
                score = min(4, max(1, round(3 + demo.ability + bias / 2 + rng.gauss(0, 0.4))))
                answers.append(AnswerInput(question_id=kq.question.pk, choice=str(score),
                                           strengths=_attitude_note(kq.question.title, score)))
                continue
            if competency is None:
                continue
            observed = truth[competency.pk] + bias + rng.gauss(0, NOISE)
            expected = float(kit.expectations[competency.pk][kit.target_level.key].proficiency)
            delta = observed - expected
            deltas.append(delta)
            if kq.is_exercise:
                choice = "below" if delta < -0.5 else "exceeds" if delta > 0.5 else "meets"
            else:
                choice = _nearest(kit, competency.pk, observed) or ""
            title = part.title if part else kq.question.title
            strengths, gaps = _evidence(title, competency.name, delta, kit.target_level.name)
            answers.append(AnswerInput(question_id=kq.question.pk, part_id=part.pk if part else None, choice=choice,
                                       strengths=strengths, gaps=gaps,
                                       indicator_ids=_indicators(kq, delta)))
            evidenced |= {c.pk for c, _ in kq.evidence(part)}
    # Interviewers leave a competency to their answers (so every exercise counts); they rate by hand
    # only what the round must cover and no answer evidences.
    competency_choices = {}
    for competency in kit.covered:
        if competency.pk in truth and competency.pk not in evidenced:
            choice = _nearest(kit, competency.pk, truth[competency.pk] + bias + rng.gauss(0, NOISE))
            if choice:
                competency_choices[competency.pk] = choice
    mean = sum(deltas) / len(deltas) if deltas else demo.ability + bias
    recommendation = 1 if mean <= -0.75 else 2 if mean < 0 else 3 if mean < 0.75 else 4
    attitude_scores = {a.pk: min(4, max(1, round(3 + demo.ability + bias / 2))) for a in kit.attitudes}
    return DraftInput(answers=answers, competency_choices=competency_choices, attitude_scores=attitude_scores,
                      recommendation=recommendation,
                      summary=f"{demo.name.split()[0]}: overall {['', 'well below', 'below', 'at', 'above'][recommendation]} "
                              f"the {kit.target_level.name} bar in this round.")


def _indicators(kq, delta: float) -> list[int]:
    polarity = "positive" if delta >= 0 else "negative"
    return [i.pk for i in kq.indicators if i.polarity == polarity][:2]


def _evidence(title: str, competency: str, delta: float, level: str) -> tuple[str, str]:
    if delta >= 0.5:
        return (f"On “{title}” went beyond the brief: structured the {competency.lower()} reasoning unprompted "
                f"and named the risks before I asked.", "")
    if delta >= -0.25:
        return (f"On “{title}” gave a sound, complete answer; {competency.lower()} at the level we expect.",
                "Could have quantified the trade-offs more.")
    if delta >= -0.75:
        return ("Reached a workable answer with some prompting.",
                f"On “{title}” a {level} answer would have covered {competency.lower()} without hints.")
    return ("", f"On “{title}” struggled with {competency.lower()}: missed the key issue even after two hints.")


def _attitude_note(title: str, score: int) -> str:
    return {1: f"“{title}”: deflected responsibility.", 2: f"“{title}”: a generic answer, little ownership.",
            3: f"“{title}”: a concrete example with honest reflection.",
            4: f"“{title}”: a vivid example, reflective and specific about what changed."}[score]
