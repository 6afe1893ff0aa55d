"""Context builders for the recruiter's read-only pages: plain data, so templates only loop."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Prefetch

from rubrics.models import (
    Competency,
    Discipline,
    Expectation,
    LoopTemplate,
    Role,
    Round,
    RoundQuestion,
    Stage,
)
from rubrics.needs import Gap, round_evidence, uncovered

ROLES_PER_PAGE = 20


def roles_index(page_number: str | None) -> dict:
    loops = LoopTemplate.objects.order_by("name", "pk")
    versions = Role.objects.order_by("-version").prefetch_related(Prefetch("loop_templates", queryset=loops))
    drafts = (
        Role.objects.drafts().filter(published_from__isnull=True).order_by("title", "pk")
        .prefetch_related(Prefetch("loop_templates", queryset=loops), Prefetch("versions", queryset=versions))
    )
    # The prefetches run on the page's slice only.
    return {"page": Paginator(drafts, ROLES_PER_PAGE).get_page(page_number)}


@dataclass(frozen=True)
class MatrixRow:
    competency: Competency
    cells: list[Expectation | None]  # one per level, in level order; None: not written yet


@dataclass(frozen=True)
class MatrixGroup:
    discipline: Discipline
    rows: list[MatrixRow]


def progression_matrix(role: Role) -> dict:
    levels = list(role.levels.order_by("rank"))
    competencies = Competency.objects.order_by("order", "pk").prefetch_related("expectations")
    disciplines = role.disciplines.order_by("order", "pk").prefetch_related(
        Prefetch("competencies", queryset=competencies)
    )
    groups = []
    for discipline in disciplines:
        rows = []
        for competency in discipline.competencies.all():
            by_level = {expectation.level_id: expectation for expectation in competency.expectations.all()}
            rows.append(MatrixRow(competency, [by_level.get(level.pk) for level in levels]))
        groups.append(MatrixGroup(discipline, rows))
    return {"role": role, "levels": levels, "groups": groups, "missing": _count_missing(groups)}


def _count_missing(groups: list[MatrixGroup]) -> int:
    return sum(cell is None for group in groups for row in group.rows for cell in row.cells)


@dataclass
class CoverageRow:
    competency: Competency
    cells: list[str] = field(default_factory=list)  # per round: "Covers", "Asked" or ""


def uncovered_competencies(template: LoopTemplate, evidence: dict[int, set[int]] | None = None) -> list[Gap]:
    """Each competency a level needs (rubrics.needs) but no round of the loop evidences."""
    return uncovered(template, evidence)


def loop_overview(template: LoopTemplate) -> dict:
    questions = RoundQuestion.objects.order_by("order", "pk").select_related("question").prefetch_related(
        Prefetch("question__competencies", queryset=Competency.objects.order_by("order", "pk")),
        Prefetch("question__attitudes"),
    )
    rounds = Round.objects.order_by("order", "pk").prefetch_related(
        Prefetch("covers", queryset=Competency.objects.order_by("order", "pk")),
        Prefetch("round_questions", queryset=questions),
    )
    stages = list(
        Stage.objects.filter(template=template).order_by("order", "pk")
        .prefetch_related(Prefetch("rounds", queryset=rounds))
    )
    all_rounds = [round_ for stage in stages for round_ in stage.rounds.all()]
    evidence = round_evidence(template)
    return {
        "template": template,
        "role": template.role,
        "stages": stages,
        "rounds": all_rounds,
        "coverage": _coverage(template.role, all_rounds, evidence),
        "uncovered": uncovered_competencies(template, evidence),
        "has_rule": hasattr(template.role, "decision_rule"),
    }


def _coverage(role: Role, rounds: list[Round], evidence: dict[int, set[int]]) -> list[CoverageRow]:
    covered = [{competency.pk for competency in round_.covers.all()} for round_ in rounds]
    asked = [evidence.get(round_.pk, set()) for round_ in rounds]
    competencies = role.competencies.order_by("discipline__order", "discipline_id", "order", "pk")
    rows = []
    for competency in competencies:
        row = CoverageRow(competency)
        for covers, asks in zip(covered, asked, strict=True):
            row.cells.append("Covers" if competency.pk in covers else "Asked" if competency.pk in asks else "")
        rows.append(row)
    return rows

