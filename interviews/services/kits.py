"""The interview kit of one interview, loaded in a fixed number of queries.

Both the kit page, the scorecard form and the scoring services read the round through a
``RoundKit``: its questions in order with what they evidence, the role's levels and the
progression matrix, so that every conversion to the scale is done in one place.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Prefetch

from interviews import scales
from interviews.models import Application, Interview
from rubrics.models import (
    Attitude,
    CaseStudyPart,
    Competency,
    Expectation,
    Indicator,
    Level,
    Question,
    QuestionKind,
    Role,
    RoundQuestion,
    ScenarioRole,
    ScoringAnchor,
)

# Kinds rated on a scorecard; screen kinds (knockout, video, resume) are scored elsewhere.
EXERCISE_RATED = {QuestionKind.CODING, QuestionKind.PRESENTATION, QuestionKind.SIMULATION,
                  QuestionKind.CASE_STUDY}
RATED_KINDS = EXERCISE_RATED | {QuestionKind.COMPETENCY, QuestionKind.ATTITUDE}


def answer_field(question_id: int, part_id: int | None = None) -> str:
    """The form field name (and error key) of one answer: "q12", or "q12-p3" for a case-study part."""
    return f"q{question_id}" if part_id is None else f"q{question_id}-p{part_id}"


def competency_field(competency_id: int) -> str:
    return f"c{competency_id}"


def attitude_field(attitude_id: int) -> str:
    return f"a{attitude_id}"


# An exercise's attitude evidence on the 1–4 attitude scale (DESIGN "The scoring scale").
EXERCISE_ATTITUDE_SCORES = {"below": 2, "meets": 3, "exceeds": 4}


def _weight(item: Question | CaseStudyPart, key: str) -> Decimal:
    return Decimal(str(item.weights.get(key, 1)))


@dataclass
class KitQuestion:
    question: Question
    competencies: list[Competency]
    attitudes: list[Attitude]
    indicators: list[Indicator]
    anchors: dict[str, str]
    parts: list[CaseStudyPart] = field(default_factory=list)
    scenario_roles: list[ScenarioRole] = field(default_factory=list)
    # Per case-study part id: the competencies and attitudes the part itself declares.
    part_competencies: dict[int, list[Competency]] = field(default_factory=dict)
    part_attitudes: dict[int, list[Attitude]] = field(default_factory=dict)

    def evidence(self, part: CaseStudyPart | None = None) -> list[tuple[Competency, Decimal]]:
        """The competencies one rating (of the question, or of one part) evidences, with their weights.

        A part evidences what it declares; a part that declares nothing evidences what its case
        study declares. Notes-only questions and parts evidence nothing.
        """
        source = self._source(part)
        if source is None:
            return []
        if part is not None and source is part:
            return [(c, _weight(part, c.key)) for c in self.part_competencies.get(part.pk, [])]
        return [(c, _weight(self.question, c.key)) for c in self.competencies]

    def attitude_evidence(self, part: CaseStudyPart | None = None) -> list[tuple[Attitude, Decimal]]:
        source = self._source(part)
        if source is None:
            return []
        if part is not None and source is part:
            return [(a, _weight(part, a.key)) for a in self.part_attitudes.get(part.pk, [])]
        return [(a, _weight(self.question, a.key)) for a in self.attitudes]

    def _source(self, part: CaseStudyPart | None) -> Question | CaseStudyPart | None:
        if part is not None:
            if part.notes_only:
                return None
            if self.part_competencies.get(part.pk) or self.part_attitudes.get(part.pk):
                return part
        return None if self.question.notes_only else self.question

    def anchors_for(self, part: CaseStudyPart | None) -> dict[str, str]:
        """A part's own anchors; the case study's where the part wrote none."""
        return (part.anchors if part is not None else {}) or self.anchors

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def is_exercise(self) -> bool:
        return self.question.kind in EXERCISE_RATED

    @property
    def rated_in_parts(self) -> bool:
        return self.question.kind == QuestionKind.CASE_STUDY and bool(self.parts)

    def part(self, part_id: int | None) -> CaseStudyPart | None:
        return next((p for p in self.parts if p.pk == part_id), None) if part_id is not None else None

    def slots(self) -> list[CaseStudyPart | None]:
        """What gets one answer each: every part of a case study, else the question itself."""
        return list(self.parts) if self.rated_in_parts else [None]


@dataclass
class RoundKit:
    interview: Interview
    role: Role
    levels: list[Level]
    target_level: Level
    questions: list[KitQuestion]
    covered: list[Competency]
    competencies: list[Competency]  # covered first, then the ones the questions evidence
    attitudes: list[Attitude]
    expectations: dict[int, dict[str, Expectation]]  # competency id -> level key -> expectation

    @property
    def level_keys(self) -> list[str]:
        return [level.key for level in self.levels]

    def proficiency(self, competency_id: int) -> dict[str, Decimal]:
        return {key: exp.proficiency for key, exp in self.expectations.get(competency_id, {}).items()}

    def level_choices(self, competency_id: int) -> list[tuple[str, str, str]]:
        """(choice, label, expectation text) for a level-based rating of one competency."""
        names = {level.key: level for level in self.levels}
        cells = self.expectations.get(competency_id, {})
        rows = []
        for choice in scales.level_choice_keys(self.level_keys):
            if choice.endswith(scales.HALF_STEP_SUFFIX):
                lower = names[choice[:-1]]
                upper = self.levels[self.levels.index(lower) + 1]
                if lower.key in cells and upper.key in cells:
                    rows.append((choice, f"Between {lower.name} and {upper.name}", ""))
            elif choice in cells:
                rows.append((choice, names[choice].name, cells[choice].behaviour))
        return rows

    def competency_score(self, competency_id: int, choice: str) -> Decimal | None:
        return scales.level_choice_score(choice, self.level_keys, self.proficiency(competency_id))

    def exercise_score(self, competency_id: int | None, rating: str) -> Decimal | None:
        if competency_id is None:
            return None
        target = self.expectations.get(competency_id, {}).get(self.target_level.key)
        if target is None:
            return None
        return scales.exercise_score(rating, target=target.proficiency, below=self.role.exercise_below,
                                     exceeds=self.role.exercise_exceeds)

    def choice_is_valid(self, kq: KitQuestion, choice: str) -> bool:
        if kq.is_exercise:
            return choice in scales.EXERCISE_RATINGS
        if kq.kind == QuestionKind.ATTITUDE:
            return scales.attitude_score(choice) is not None
        return choice in {row[0] for comp in kq.competencies for row in self.level_choices(comp.pk)}

    def answer_score(self, kq: KitQuestion, choice: str, competency_id: int | None = None,
                     part: CaseStudyPart | None = None) -> Decimal | None:
        """The choice on the scale; for the first competency the slot evidences unless one is named."""
        if kq.kind == QuestionKind.ATTITUDE:
            score = scales.attitude_score(choice)
            return None if score is None else Decimal(score)
        if competency_id is None:
            evidence = kq.evidence(part)
            competency_id = evidence[0][0].pk if evidence else None
        if kq.is_exercise:
            return self.exercise_score(competency_id, choice)
        return None if competency_id is None else self.competency_score(competency_id, choice)

    def question(self, question_id: int) -> KitQuestion | None:
        return next((kq for kq in self.questions if kq.question.pk == question_id), None)


# Kits of published rounds, by (round, variant, target level). Published rows can never be edited
# or deleted (rubrics.signals), so an entry never goes stale; tests clear it between tests.
_published_kits: dict[tuple[int, int | None, int], "RoundKit"] = {}
CACHE_SIZE = 512


def clear_kit_cache() -> None:
    _published_kits.clear()


KIT_RELATED = ("round__stage__template__role", "target_level", "variant", "application__candidate")


def load_round_kit(interview: Interview) -> RoundKit:
    """Everything the kit, the form and the scoring need, in a constant number of queries.

    An interview loaded with ``select_related("application__candidate")`` of a published round
    whose kit is cached needs none.
    """
    key = (interview.round_id, interview.variant_id, interview.target_level_id)
    cached = _published_kits.get(key)  # only published rounds are cached, and they stay published
    if cached is not None:
        return replace(cached, interview=_with_kit_related(interview, cached.interview))
    interview = Interview.objects.select_related(*KIT_RELATED).get(pk=interview.pk)
    cached = _published_kits.get(key) if interview.round.frozen else None
    if cached is not None:
        return replace(cached, interview=interview)
    kit = _build_round_kit(interview)
    if interview.round.frozen:
        if len(_published_kits) >= CACHE_SIZE:
            _published_kits.clear()
        _published_kits[key] = kit
    return kit


def _with_kit_related(interview: Interview, like: Interview) -> Interview:
    """``interview`` with its candidate loaded (a join with few tables plans quickly) and the round,
    level and variant of ``like``, an interview of the same cached kit."""
    application = Interview._meta.get_field("application")
    if not (application.is_cached(interview) and
            Application._meta.get_field("candidate").is_cached(interview.application)):
        interview = Interview.objects.select_related("application__candidate").get(pk=interview.pk)
    interview.round, interview.target_level, interview.variant = like.round, like.target_level, like.variant
    return interview


def _build_round_kit(interview: Interview) -> RoundKit:
    role = interview.round.stage.template.role
    levels = list(Level.objects.filter(role=role).order_by("rank"))
    indicator_filter = Indicator.objects.order_by("-polarity", "order", "pk")  # positive first
    if interview.variant_id:
        indicator_filter = indicator_filter.filter(variant__isnull=True) | indicator_filter.filter(
            variant_id=interview.variant_id)
    else:
        indicator_filter = indicator_filter.filter(variant__isnull=True)
    round_questions = (
        RoundQuestion.objects.filter(round=interview.round, question__kind__in=RATED_KINDS)
        .select_related("question").order_by("order", "pk")
        .prefetch_related(
            Prefetch("question__competencies", queryset=Competency.objects.order_by("discipline__order", "order", "pk")),
            Prefetch("question__attitudes", queryset=Attitude.objects.order_by("order", "pk")),
            Prefetch("question__indicators", queryset=indicator_filter),
            Prefetch("question__anchors", queryset=ScoringAnchor.objects.all()),
            Prefetch("question__parts", queryset=CaseStudyPart.objects.order_by("order", "pk").prefetch_related(
                Prefetch("competencies", queryset=Competency.objects.order_by("discipline__order", "order", "pk")),
                Prefetch("attitudes", queryset=Attitude.objects.order_by("order", "pk")))),
            Prefetch("question__scenario_roles", queryset=ScenarioRole.objects.order_by("order", "pk")),
        )
    )
    questions = []
    for rq in round_questions:
        q = rq.question
        parts = list(q.parts.all())
        questions.append(KitQuestion(
            question=q, competencies=list(q.competencies.all()), attitudes=list(q.attitudes.all()),
            indicators=list(q.indicators.all()), anchors={a.rating: a.text for a in q.anchors.all()},
            parts=parts, scenario_roles=list(q.scenario_roles.all()),
            part_competencies={p.pk: list(p.competencies.all()) for p in parts},
            part_attitudes={p.pk: list(p.attitudes.all()) for p in parts},
        ))
    covered = list(interview.round.covers.order_by("discipline__order", "order", "pk"))
    competencies = list(covered)
    attitudes: list[Attitude] = []
    for kq in questions:
        for slot in kq.slots():
            competencies += [c for c, _ in kq.evidence(slot) if c not in competencies]
            attitudes += [a for a, _ in kq.attitude_evidence(slot) if a not in attitudes]
    expectations: dict[int, dict[str, Expectation]] = {}
    for exp in Expectation.objects.filter(competency__in=[c.pk for c in competencies]).select_related("level"):
        expectations.setdefault(exp.competency_id, {})[exp.level.key] = exp
    return RoundKit(interview=interview, role=role, levels=levels, target_level=interview.target_level,
                    questions=questions, covered=covered, competencies=competencies, attitudes=attitudes,
                    expectations=expectations)
