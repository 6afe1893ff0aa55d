"""Building a draft role from the recruiter's pages: role and levels, framework, questions, a loop.

Each function writes one screen's worth of rows in one transaction; keys are made from the
names (unique within the role), and every row is validated as the admin would.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify

from rubrics.models import (
    Competency,
    Discipline,
    Expectation,
    Indicator,
    Level,
    LoopTemplate,
    Question,
    QuestionKind,
    Role,
    Round,
    RoundQuestion,
    ScoringAnchor,
    Stage,
)

BUILDER_KINDS = (QuestionKind.COMPETENCY, QuestionKind.ATTITUDE)


@dataclass(frozen=True)
class LevelInput:
    name: str
    internal_title: str = ""


@dataclass(frozen=True)
class CompetencyInput:
    name: str
    description: str
    expectations: Sequence[tuple[str, Decimal]]  # (behaviour, proficiency), one per level in rank order


@dataclass(frozen=True)
class RoundInput:
    name: str
    duration_minutes: int
    questions: Sequence[Question] = field(default_factory=tuple)
    covers: Sequence[Competency] = field(default_factory=tuple)


def unique_key(name: str, taken: Iterable[str], fallback: str) -> str:
    """A slug of ``name`` that is not in ``taken``: "ownership", then "ownership-2", …"""
    taken = set(taken)
    base = slugify(name)[:70] or fallback
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _draft(role: Role) -> Role:
    if role.frozen or role.published_from_id:
        raise ValidationError("A published version cannot be edited: build on the draft role.")
    return role


def _saved(row: models.Model) -> models.Model:
    row.full_clean()
    row.save()
    return row


def suggested_proficiencies(*, scale_min: Decimal, scale_max: Decimal, levels: int) -> list[Decimal]:
    """Evenly spread whole or half steps from one above the scale's bottom to its top, a starting point."""
    if levels <= 0:
        return []
    low = min(scale_min + 1, scale_max)
    if levels == 1:
        return [scale_max]
    step = (scale_max - low) / (levels - 1)
    return [Decimal(round((low + step * i) * 2) / 2).quantize(Decimal("0.1")) for i in range(levels)]


@transaction.atomic
def create_role(*, title: str, summary: str = "", levels: Sequence[LevelInput], scale_min: Decimal = Decimal(1),
                scale_max: Decimal = Decimal(5), by: AbstractBaseUser | None = None) -> Role:
    """A draft role with its levels, ranked in the order given."""
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Give the role a title."
    names = [level.name.strip() for level in levels]
    if not names:
        errors["levels"] = "Add at least one level."
    elif len({n.lower() for n in names}) != len(names):
        errors["levels"] = "Each level needs its own name."
    if errors:
        raise ValidationError(errors)
    taken = Role.objects.filter(published_from__isnull=True).values_list("key", flat=True)
    role = _saved(Role(key=unique_key(title, taken, "role"), title=title.strip(), summary=summary.strip(),
                       scale_min=scale_min, scale_max=scale_max))
    keys: list[str] = []
    for rank, level in enumerate(levels, start=1):
        keys.append(unique_key(level.name, keys, f"level-{rank}"))
        _saved(Level(role=role, key=keys[-1], name=level.name.strip(), internal_title=level.internal_title.strip(),
                     rank=rank))
    return role


@transaction.atomic
def add_competencies(*, role: Role, discipline: str, competencies: Sequence[CompetencyInput]) -> list[Competency]:
    """Competencies under one discipline (found by name or created), each with an expectation per level."""
    role = _draft(role)
    levels = list(role.levels.order_by("rank"))
    if not competencies:
        raise ValidationError("Add at least one competency.")
    group = role.disciplines.filter(name__iexact=discipline.strip()).first()
    if group is None:
        group = _saved(Discipline(role=role, name=discipline.strip() or "Core", order=role.disciplines.count(),
                                  key=unique_key(discipline, role.disciplines.values_list("key", flat=True),
                                                 "discipline")))
    keys = list(role.competencies.values_list("key", flat=True))
    order = role.competencies.count()
    made = []
    for item in competencies:
        if len(item.expectations) != len(levels):
            raise ValidationError(f"“{item.name}” needs an expectation for each of the {len(levels)} levels.")
        keys.append(unique_key(item.name, keys, "competency"))
        competency = _saved(Competency(role=role, discipline=group, key=keys[-1], name=item.name.strip(),
                                       description=item.description.strip(), order=order))
        order += 1
        for level, (behaviour, proficiency) in zip(levels, item.expectations, strict=True):
            try:
                _saved(Expectation(competency=competency, level=level, behaviour=behaviour.strip(),
                                   proficiency=proficiency))
            except ValidationError as error:
                raise ValidationError(f"{competency.name} at {level.name}: {' '.join(error.messages)}") from None
        made.append(competency)
    return made


@transaction.atomic
def add_question(
    *, role: Role, kind: str, title: str, prompt: str, competencies: Sequence[Competency] = (),
    positive: Sequence[str] = (), negative: Sequence[str] = (), anchors: dict[str, str] | None = None,
    evaluates: str = "", strong_answer: str = "",
) -> Question:
    """A competency or attitude question with its indicators and Below / Meets / Exceeds anchors."""
    role = _draft(role)
    if kind not in BUILDER_KINDS:
        raise ValidationError({"kind": "Here you write competency and attitude questions."})
    if any(c.role_id != role.pk for c in competencies):
        raise ValidationError({"competencies": "Choose competencies of this role."})
    if kind == QuestionKind.COMPETENCY and not competencies:
        raise ValidationError({"competencies": "Say which competencies the question evidences."})
    keys = role.questions.values_list("key", flat=True)
    question = _saved(Question(role=role, kind=kind, key=unique_key(title, keys, "question"), title=title.strip(),
                               prompt=prompt.strip(), evaluates=evaluates.strip(), strong_answer=strong_answer.strip(),
                               order=role.questions.count()))
    question.competencies.set(competencies)
    indicators = [(Indicator.Polarity.POSITIVE, text) for text in positive] + [
        (Indicator.Polarity.NEGATIVE, text) for text in negative]
    Indicator.objects.bulk_create(Indicator(question=question, polarity=polarity, text=text.strip(), order=i)
                                  for i, (polarity, text) in enumerate(indicators) if text.strip())
    for rating, text in (anchors or {}).items():
        if text.strip():
            _saved(ScoringAnchor(question=question, rating=rating, text=text.strip()))
    return question


@transaction.atomic
def add_loop(*, role: Role, name: str, rounds: Sequence[RoundInput], screens: bool = True) -> LoopTemplate:
    """A loop template: optionally an application and a resume screen, then one interviews stage of ``rounds``."""
    role = _draft(role)
    if not rounds:
        raise ValidationError("Add at least one interview round.")
    for item in rounds:
        if any(q.role_id != role.pk for q in item.questions) or any(c.role_id != role.pk for c in item.covers):
            raise ValidationError("A round takes the questions and competencies of its own role.")
    loop = _saved(LoopTemplate(role=role, name=name.strip() or f"{role.title} loop",
                               key=unique_key(name or role.title, role.loop_templates.values_list("key", flat=True),
                                              "loop")))
    kinds = [(Stage.Kind.APPLICATION, "Application screen"), (Stage.Kind.RESUME, "Resume screen")] if screens else []
    kinds.append((Stage.Kind.INTERVIEWS, "Interviews"))
    stage = None
    for order, (kind, stage_name) in enumerate(kinds, start=1):
        stage = _saved(Stage(template=loop, key=slugify(stage_name), name=stage_name, kind=kind, order=order))
    keys: list[str] = []
    for order, item in enumerate(rounds, start=1):
        keys.append(unique_key(item.name, keys, f"round-{order}"))
        round_ = _saved(Round(stage=stage, key=keys[-1], name=item.name.strip(),
                              duration_set=item.duration_minutes, order=order))
        RoundQuestion.objects.bulk_create(RoundQuestion(round=round_, question=q, order=i)
                                          for i, q in enumerate(item.questions))
        round_.covers.set(item.covers)
    return loop
