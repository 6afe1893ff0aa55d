"""A role's configuration -> kit data -> YAML text, in one fixed order so exports can be diffed.

Blank optional texts are left out; numbers are written as whole numbers when they are whole.
Lists of references (a question's competencies, a round's covers) follow the order of the list
they point into, because the database keeps no order for them.
"""

from decimal import Decimal

import yaml
from django.db.models import F, Prefetch

from rubrics.kits.collector import collector_paused
from rubrics.kits.validation import FORMAT
from rubrics.models import (
    ROLE_LIST_FIELDS,
    CaseStudyPart,
    CodingVariant,
    Indicator,
    Question,
    QuestionKind,
    Role,
    RoundQuestion,
    lines,
)

# The fields each kind of question adds, in the order they are written (docs/kit-format.md).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    QuestionKind.COMPETENCY: (),
    QuestionKind.ATTITUDE: (),
    QuestionKind.RESUME: ("answer_type",),
    QuestionKind.KNOCKOUT: ("options",),
    QuestionKind.VIDEO: ("response_seconds", "format"),
    QuestionKind.CODING: ("response_seconds", "format", "duration_minutes", "variants"),
    QuestionKind.PRESENTATION: ("format", "duration_minutes", "prep_minutes", "audience", "what_to_prepare",
                                "deliverables", "ground_rules"),
    QuestionKind.SIMULATION: ("scenario", "problem", "format", "duration_minutes", "prep_minutes",
                              "success_criteria", "review_beforehand", "ground_rules", "scenario_roles"),
    QuestionKind.CASE_STUDY: ("scenario", "duration_minutes", "prep_minutes", "parts"),
}
GUIDANCE_FIELDS = ("evaluates", "strong_answer", "difficulty", "category")
ANCHOR_ORDER = ("exceeds", "meets", "below")
SCENARIO_ROLE_FIELDS = ("name", "title", "stance", "played_by", "motivation")
LIST_FIELDS = {"what_to_prepare", "deliverables", "ground_rules", "success_criteria", "review_beforehand"}


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _compact(**fields) -> dict:
    """Keep the fields that say something: drop blank texts, None and empty lists or mappings."""
    return {name: value for name, value in fields.items() if value not in ("", None, [], {})}


def _listed(*relations: str) -> list[Prefetch]:
    """Prefetch each relation into a plain list, ``listed_<relation>``: with thousands of rows, a queryset
    per row and relation (what a plain prefetch leaves behind) costs more than the queries themselves."""
    return [Prefetch(relation, to_attr=f"listed_{relation}") for relation in relations]


def _indicators(indicators) -> dict:
    by_polarity: dict[str, list[str]] = {"positive": [], "negative": []}
    for indicator in sorted(indicators, key=lambda i: (i.order, i.pk)):
        by_polarity[indicator.polarity].append(indicator.text)
    return _compact(positive=by_polarity["positive"], negative=by_polarity["negative"])


class _Exporter:
    def __init__(self, role: Role) -> None:
        self.role = role
        self.levels = list(role.levels.order_by("rank"))
        self.competencies = list(
            role.competencies.select_related("discipline").prefetch_related("expectations__level")
            .order_by("order", "pk")
        )
        self.attitudes = list(role.attitudes.order_by("order", "pk"))
        self.competency_rank = {c.pk: i for i, c in enumerate(self.competencies)}
        self.level_rank = {lv.key: i for i, lv in enumerate(self.levels)}
        self.attitude_rank = {a.pk: i for i, a in enumerate(self.attitudes)}

    def _competency_keys(self, competencies) -> list[str]:
        return [c.key for c in sorted(competencies, key=lambda c: self.competency_rank[c.pk])]

    def _attitude_keys(self, attitudes) -> list[str]:
        return [a.key for a in sorted(attitudes, key=lambda a: self.attitude_rank[a.pk])]

    def _by_level(self, texts: dict) -> dict:
        return {key: texts[key] for key in sorted(texts, key=lambda key: self.level_rank.get(key, len(self.levels)))}

    def _evidence(self, item) -> dict:
        """What a question or part declares it evidences, as the kit writes it."""
        competencies = self._competency_keys(item.listed_competencies)
        attitudes = self._attitude_keys(item.listed_attitudes)
        order = competencies + attitudes
        weights = {key: item.weights[key] for key in sorted(item.weights, key=lambda k: order.index(k)
                                                            if k in order else len(order))}
        return _compact(competencies=competencies, attitudes=attitudes, weights=weights,
                        notes_only=item.notes_only or None)

    def data(self) -> dict:
        role = self.role
        kit = {
            "format": FORMAT,
            "role": _compact(key=role.key, title=role.title, summary=role.summary,
                             why_hard=_compact(author=role.why_hard_author, text=role.why_hard)
                             if role.why_hard else None, guide=role.guide),
            "scale": {"min": number(role.scale_min), "max": number(role.scale_max)},
            "exercise_conversion": _compact(below=None if role.below_set is None else number(role.below_set),
                                            exceeds=None if role.exceeds_set is None else number(role.exceeds_set)),
            "levels": [_compact(key=lv.key, name=lv.name, internal_title=lv.internal_title) for lv in self.levels],
            "disciplines": [{"key": d.key, "name": d.name} for d in role.disciplines.order_by("order", "pk")],
            "competencies": [self._competency(c) for c in self.competencies],
            "attitudes": [{"key": a.key, "name": a.name, "definition": a.definition} for a in self.attitudes],
            "questions": [self._question(q) for q in self._questions()],
            "loops": [self._loop(loop) for loop in self._loops()],
        }
        if not kit["exercise_conversion"]:
            del kit["exercise_conversion"]
        rule = getattr(role, "decision_rule", None)
        if rule is not None:
            kit["decision_rule"] = self._rule(rule)
        return kit

    def _competency(self, competency) -> dict:
        expectations = sorted(competency.expectations.all(), key=lambda e: e.level.rank)
        return _compact(
            key=competency.key, name=competency.name, discipline=competency.discipline.key,
            description=competency.description,
        ) | {"expectations": {e.level.key: {"proficiency": number(e.proficiency), "behaviour": e.behaviour}
                              for e in expectations}}

    def _questions(self):
        parts = CaseStudyPart.objects.prefetch_related(*_listed("competencies", "attitudes"))
        variants = CodingVariant.objects.prefetch_related(*_listed("indicators"))
        return self.role.questions.order_by("order", "pk").prefetch_related(
            *_listed("competencies", "attitudes", "levels", "options", "anchors", "scenario_roles"),
            Prefetch("parts", queryset=parts, to_attr="listed_parts"),
            Prefetch("variants", queryset=variants, to_attr="listed_variants"),
            Prefetch("indicators", queryset=Indicator.objects.filter(variant__isnull=True), to_attr="shared"),
        )

    def _question(self, question: Question) -> dict:
        data = _compact(
            key=question.key, kind=question.kind, title=question.title, prompt=question.prompt,
            rationale=question.rationale,
        ) | self._evidence(question) | _compact(
            levels=[lv.key for lv in sorted(question.listed_levels, key=lambda lv: lv.rank)],
            level_rationale=self._by_level(question.level_rationale),
            guidance=_compact(**{name: getattr(question, name) for name in GUIDANCE_FIELDS}),
            indicators=_indicators(question.shared),
            anchors=_compact(**{a.rating: a.text for a in question.listed_anchors}),
        )
        if "anchors" in data:
            data["anchors"] = {r: data["anchors"][r] for r in ANCHOR_ORDER if r in data["anchors"]}
        for name in KIND_FIELDS[question.kind]:
            value = getattr(self, f"_{name}")(question) if name in _NESTED else getattr(question, name)
            data.update(_compact(**{name: lines(value) if name in LIST_FIELDS else value}))
        return data

    def _options(self, question: Question) -> list[dict]:
        return [{"text": o.text, "outcome": o.outcome} for o in question.listed_options]

    def _variants(self, question: Question) -> list[dict]:
        return [
            _compact(key=v.key, name=v.name, instructions=v.instructions, prompt=v.prompt,
                     indicators=_indicators(v.listed_indicators))
            for v in question.listed_variants
        ]

    def _scenario_roles(self, question: Question) -> list[dict]:
        return [_compact(**{f: getattr(r, f) for f in SCENARIO_ROLE_FIELDS},
                         **{f: lines(getattr(r, f)) for f in ROLE_LIST_FIELDS})
                for r in question.listed_scenario_roles]

    def _parts(self, question: Question) -> list[dict]:
        return [
            _compact(key=p.key, title=p.title, focus=p.focus, prompt=p.prompt) | self._evidence(p) | _compact(
                strong_answer=p.strong_answer, level_notes=self._by_level(p.level_notes), probes=lines(p.probes),
                anchors={r: p.anchors[r] for r in ANCHOR_ORDER if r in p.anchors},
            )
            for p in question.listed_parts
        ]

    def _loops(self):
        round_questions = RoundQuestion.objects.annotate(question_key=F("question__key"))
        return self.role.loop_templates.order_by("name", "key").prefetch_related(
            Prefetch("stages__rounds__round_questions", queryset=round_questions), "stages__rounds__covers"
        )

    def _loop(self, loop) -> dict:
        return _compact(key=loop.key, name=loop.name, description=loop.description) | {"stages": [
            _compact(key=s.key, name=s.name, kind=s.kind, subtitle=s.subtitle, description=s.description) | {"rounds": [
                _compact(key=r.key, name=r.name, duration_minutes=r.duration_set, guidance=r.guidance,
                         questions=[rq.question_key for rq in r.round_questions.all()],
                         covers=self._competency_keys(r.covers.all()))
                for r in s.rounds.all()
            ]}
            for s in loop.stages.all()
        ]}

    def _rule(self, rule) -> dict:
        requirements: dict[str, list[dict]] = {}
        for requirement in rule.requirements.select_related("level", "competency").order_by("level__rank"):
            requirements.setdefault(requirement.level.key, []).append(
                {"competency": requirement.competency.key, "weight": number(requirement.weight)}
            )
        position = {c.key: i for i, c in enumerate(self.competencies)}
        for items in requirements.values():
            items.sort(key=lambda item: position[item["competency"]])
        return {
            "combine": rule.combine, "probability": number(rule.probability),
            "red_flag_rating": rule.red_flag_rating, "red_flags_block": rule.red_flags_block,
            "requirements": requirements,
        }


_NESTED = {"options", "variants", "scenario_roles", "parts"}


def kit_data(role: Role) -> dict:
    """The role's whole configuration as kit data (plain dicts, lists, str, int, float, bool)."""
    return _Exporter(role).data()


class _KitDumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Multi-line texts read best as literal blocks; PyYAML falls back to quoting when a block cannot hold them.
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_KitDumper.add_representer(str, _represent_str)


def dump_kit(data: dict) -> str:
    with collector_paused():
        return yaml.dump(data, Dumper=_KitDumper, sort_keys=False, allow_unicode=True, width=100,
                         default_flow_style=False)
