"""What a level needs, and which of it a loop evidences: the one rule the loop overview, publishing
and the packet all use.

A level needs the competencies the role's decision rule lists for it (its must-haves, with their
weights). A level the rule lists none for — every level, when the role has no decision rule —
needs every competency with an expectation at that level, each with weight 1: without a rule,
the progression matrix is the only statement of what the level asks for.

A loop evidences a competency when a rating in one of its rounds reaches it: a question or
case-study part that declares it (notes-only ones declare nothing), or a round that must cover
it (its interviewers rate it by hand).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch

from rubrics.models import (
    CaseStudyPart,
    Competency,
    Expectation,
    Level,
    LevelRequirement,
    LoopTemplate,
    Question,
    Role,
)

DEFAULT_WEIGHT = 1.0


@dataclass(frozen=True)
class LevelNeeds:
    level: str  # level key
    needs: tuple[tuple[str, float], ...]  # (competency key, weight), in framework order
    implicit: bool  # True: the default (the rule lists nothing for this level)

    @property
    def competencies(self) -> list[str]:
        return [key for key, _ in self.needs]


def level_needs(*, levels: Sequence[str], competencies: Sequence[str], expectations: Iterable[tuple[str, str]],
                requirements: Mapping[str, Sequence[tuple[str, float]]]) -> list[LevelNeeds]:
    """The rule, on plain keys. levels: lowest first; competencies: in framework order;
    expectations: the (competency, level) cells written; requirements: level -> (competency, weight)
    of the decision rule (empty without one). Returns one entry per level, in level order."""
    cells = set(expectations)
    position = {key: index for index, key in enumerate(competencies)}
    out = []
    for level in levels:
        listed = sorted(requirements.get(level, ()), key=lambda item: position.get(item[0], len(position)))
        if listed:
            out.append(LevelNeeds(level, tuple((key, float(weight)) for key, weight in listed), False))
        else:
            out.append(LevelNeeds(level, tuple((key, DEFAULT_WEIGHT) for key in competencies
                                               if (key, level) in cells), True))
    return out


def role_needs(role: Role | int) -> list[LevelNeeds]:
    """``level_needs`` for a role's rows, in four queries."""
    role_id = role if isinstance(role, int) else role.pk
    levels = list(Level.objects.filter(role_id=role_id).order_by("rank").values_list("key", flat=True))
    competencies = list(Competency.objects.filter(role_id=role_id).order_by("discipline__order", "order", "pk")
                        .values_list("key", flat=True))
    expectations = Expectation.objects.filter(competency__role_id=role_id).values_list("competency__key",
                                                                                        "level__key")
    requirements: dict[str, list[tuple[str, float]]] = {}
    for level, competency, weight in LevelRequirement.objects.filter(rule__role_id=role_id).values_list(
            "level__key", "competency__key", "weight"):
        requirements.setdefault(level, []).append((competency, float(weight)))
    return level_needs(levels=levels, competencies=competencies, expectations=list(expectations),
                       requirements=requirements)


def question_evidence(question: Question, parts: Sequence[CaseStudyPart]) -> set[int]:
    """Ids of the competencies a rating of the question (or of any of its parts) reaches. ``parts`` with
    their ``competencies`` loaded; a part declaring none reaches its case study's."""
    own = set() if question.notes_only else {c.pk for c in question.competencies.all()}
    if not parts:
        return own
    found: set[int] = set()
    for part in parts:
        if part.notes_only:
            continue
        declared = {c.pk for c in part.competencies.all()}
        found |= declared if declared or part.attitudes.all() else own
    return found


def round_evidence(template: LoopTemplate) -> dict[int, set[int]]:
    """Round id -> ids of the competencies its ratings reach (questions, parts and ``covers``)."""
    parts = CaseStudyPart.objects.order_by("order", "pk").prefetch_related("competencies", "attitudes")
    questions = Question.objects.prefetch_related("competencies", Prefetch("parts", queryset=parts))
    rounds = (template.stages.all().prefetch_related(
        "rounds__covers", Prefetch("rounds__questions", queryset=questions)))
    found: dict[int, set[int]] = {}
    for stage in rounds:
        for round_ in stage.rounds.all():
            reached = {c.pk for c in round_.covers.all()}
            for question in round_.questions.all():
                reached |= question_evidence(question, list(question.parts.all()))
            found[round_.pk] = reached
    return found


@dataclass(frozen=True)
class Gap:
    competency: Competency
    levels: list  # of Level, lowest first

    @property
    def level_names(self) -> str:
        names = [level.name for level in self.levels]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def uncovered(template: LoopTemplate, evidence: dict[int, set[int]] | None = None) -> list[Gap]:
    """Each competency some level needs that no round of the loop evidences, with those levels.
    ``evidence``: ``round_evidence(template)``, when the caller has it already."""
    role = template.role
    evidence = round_evidence(template) if evidence is None else evidence
    reached = set().union(*evidence.values())
    competencies = {c.key: c for c in role.competencies.all()}
    levels = {level.key: level for level in role.levels.order_by("rank")}
    gaps: dict[str, Gap] = {}
    for entry in role_needs(role):
        for key in entry.competencies:
            if competencies[key].pk not in reached:
                gaps.setdefault(key, Gap(competencies[key], [])).levels.append(levels[entry.level])
    order = list(competencies)
    return sorted(gaps.values(), key=lambda gap: order.index(gap.competency.key))
