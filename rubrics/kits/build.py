"""Kit data -> rows of one role, written with bulk_create.

The same writer makes drafts (import) and published copies (``frozen=True``): bulk_create
sends no pre_save, which is what lets a frozen row be written once and never again.
The data must already have passed ``validate_kit``.
"""

from decimal import Decimal

from rubrics.models import (
    LIST_FIELDS,
    ROLE_LIST_FIELDS,
    Attitude,
    CaseStudyPart,
    CodingVariant,
    Competency,
    DecisionRule,
    Discipline,
    Expectation,
    Indicator,
    KnockoutOption,
    Level,
    LevelRequirement,
    LoopTemplate,
    Question,
    Role,
    Round,
    RoundQuestion,
    ScenarioRole,
    ScoringAnchor,
    Stage,
)

GUIDANCE_FIELDS = ("evaluates", "strong_answer", "difficulty", "category")
PLAIN_QUESTION_FIELDS = ("response_seconds", "format", "duration_minutes", "prep_minutes", "audience", "scenario",
                         "problem", "weights", "notes_only", "level_rationale", "answer_type")
SCENARIO_ROLE_FIELDS = ("name", "title", "stance", "played_by", "motivation")
PART_FIELDS = ("strong_answer", "level_notes", "weights", "notes_only")


def decimal(value: int | float) -> Decimal:
    return Decimal(str(value))


def joined(items: list[str] | None) -> str:
    """A kit list -> the text it is stored as, one item per line."""
    return "\n".join(items or [])


def _anchor_fields(anchors: dict) -> dict:
    return {f"anchor_{rating}": anchors.get(rating, "") for rating in ("exceeds", "meets", "below")}


def role_fields(data: dict) -> dict:
    """The Role columns a kit sets."""
    role, scale = data["role"], data.get("scale", {"min": 1, "max": 5})
    conversion = data.get("exercise_conversion", {})
    why_hard = role.get("why_hard", {})
    return {
        "key": role["key"], "title": role["title"], "summary": role.get("summary", ""),
        "why_hard_author": why_hard.get("author", ""), "why_hard": why_hard.get("text", ""),
        "guide": role.get("guide", ""),
        "scale_min": decimal(scale["min"]), "scale_max": decimal(scale["max"]),
        "below_set": decimal(conversion["below"]) if "below" in conversion else None,
        "exceeds_set": decimal(conversion["exceeds"]) if "exceeds" in conversion else None,
    }


class KitWriter:
    """Writes everything under ``role`` (which must exist and have no children yet)."""

    def __init__(self, role: Role, data: dict, *, frozen: bool) -> None:
        self.role, self.data, self.frozen = role, data, frozen

    def _create(self, model, rows: list) -> list:
        for row in rows:
            if hasattr(row, "frozen"):
                row.frozen = self.frozen
        return model.objects.bulk_create(rows)

    def write(self) -> None:
        self._framework()
        self._questions()
        self._loops()
        self._decision_rule()

    def _framework(self) -> None:
        role, data = self.role, self.data
        self.levels = {lv.key: lv for lv in self._create(Level, [
            Level(role=role, key=lv["key"], name=lv["name"], internal_title=lv.get("internal_title", ""),
                  rank=rank)
            for rank, lv in enumerate(data["levels"], start=1)
        ])}
        disciplines = {d.key: d for d in self._create(Discipline, [
            Discipline(role=role, key=d["key"], name=d["name"], order=order)
            for order, d in enumerate(data["disciplines"])
        ])}
        self.competencies = {c.key: c for c in self._create(Competency, [
            Competency(role=role, discipline=disciplines[c["discipline"]], key=c["key"], name=c["name"],
                       description=c.get("description", ""), order=order)
            for order, c in enumerate(data["competencies"])
        ])}
        self._create(Expectation, [
            Expectation(competency=self.competencies[c["key"]], level=self.levels[level_key],
                        behaviour=cell["behaviour"], proficiency=decimal(cell["proficiency"]))
            for c in data["competencies"] for level_key, cell in c["expectations"].items()
        ])
        self.attitudes = {a.key: a for a in self._create(Attitude, [
            Attitude(role=role, key=a["key"], name=a["name"], definition=a["definition"], order=order)
            for order, a in enumerate(data.get("attitudes", []))
        ])}

    def _questions(self) -> None:
        items = self.data.get("questions", [])
        questions = self._create(Question, [
            Question(role=self.role, key=q["key"], kind=q["kind"], title=q["title"], prompt=q["prompt"],
                     rationale=q.get("rationale", ""), order=order,
                     **{name: q.get("guidance", {}).get(name, "") for name in GUIDANCE_FIELDS},
                     **{name: q[name] for name in PLAIN_QUESTION_FIELDS if name in q},
                     **{name: joined(q.get(name)) for name in LIST_FIELDS})
            for order, q in enumerate(items)
        ])
        self.questions = {q.key: q for q in questions}
        links_c, links_a, links_l, options, anchors, scenario_roles, indicators = [], [], [], [], [], [], []
        variant_rows: list[tuple[CodingVariant, dict]] = []
        part_rows: list[tuple[CaseStudyPart, dict]] = []
        for question, item in zip(questions, items, strict=True):
            links_c += [Question.competencies.through(question=question, competency=self.competencies[key])
                        for key in item.get("competencies", [])]
            links_a += [Question.attitudes.through(question=question, attitude=self.attitudes[key])
                        for key in item.get("attitudes", [])]
            links_l += [Question.levels.through(question=question, level=self.levels[key])
                        for key in item.get("levels", [])]
            options += [KnockoutOption(question=question, text=o["text"], outcome=o["outcome"], order=order)
                        for order, o in enumerate(item.get("options", []))]
            anchors += [ScoringAnchor(question=question, rating=rating, text=text)
                        for rating, text in item.get("anchors", {}).items()]
            scenario_roles += [
                ScenarioRole(question=question, order=order, **{f: r.get(f, "") for f in SCENARIO_ROLE_FIELDS},
                             **{f: joined(r.get(f)) for f in ROLE_LIST_FIELDS})
                for order, r in enumerate(item.get("scenario_roles", []))
            ]
            part_rows += [(CaseStudyPart(question=question, key=p["key"], title=p["title"], focus=p["focus"],
                                         prompt=p["prompt"], probes=joined(p.get("probes")), order=order,
                                         **{f: p[f] for f in PART_FIELDS if f in p},
                                         **_anchor_fields(p.get("anchors", {}))), p)
                          for order, p in enumerate(item.get("parts", []))]
            indicators += _indicators(question, None, item.get("indicators", {}))
            variant_rows += [(CodingVariant(question=question, key=v["key"], name=v["name"],
                                            instructions=v["instructions"], prompt=v["prompt"], order=order), v)
                             for order, v in enumerate(item.get("variants", []))]
        variants = self._create(CodingVariant, [variant for variant, _ in variant_rows])
        for variant, (_, item) in zip(variants, variant_rows, strict=True):
            indicators += _indicators(variant.question, variant, item.get("indicators", {}))
        parts = self._create(CaseStudyPart, [part for part, _ in part_rows])
        part_c, part_a = [], []
        for part, (_, item) in zip(parts, part_rows, strict=True):
            part_c += [CaseStudyPart.competencies.through(casestudypart=part, competency=self.competencies[key])
                       for key in item.get("competencies", [])]
            part_a += [CaseStudyPart.attitudes.through(casestudypart=part, attitude=self.attitudes[key])
                       for key in item.get("attitudes", [])]
        for model, rows in ((Question.competencies.through, links_c), (Question.attitudes.through, links_a),
                            (Question.levels.through, links_l), (KnockoutOption, options),
                            (ScoringAnchor, anchors), (ScenarioRole, scenario_roles),
                            (CaseStudyPart.competencies.through, part_c), (CaseStudyPart.attitudes.through, part_a),
                            (Indicator, indicators)):
            self._create(model, rows)

    def _loops(self) -> None:
        loops = self.data.get("loops", [])
        templates = self._create(LoopTemplate, [
            LoopTemplate(role=self.role, key=lp["key"], name=lp["name"], description=lp.get("description", ""))
            for lp in loops
        ])
        stage_rows = [(Stage(template=template, key=s["key"], name=s["name"], kind=s["kind"], order=order,
                             subtitle=s.get("subtitle", ""), description=s.get("description", "")), s)
                      for template, lp in zip(templates, loops, strict=True)
                      for order, s in enumerate(lp.get("stages", []))]
        stages = self._create(Stage, [stage for stage, _ in stage_rows])
        round_rows = [(Round(stage=stage, key=r["key"], name=r["name"], order=order,
                             duration_set=r.get("duration_minutes"), guidance=r.get("guidance", "")), r)
                      for stage, (_, s) in zip(stages, stage_rows, strict=True)
                      for order, r in enumerate(s.get("rounds", []))]
        rounds = self._create(Round, [round_ for round_, _ in round_rows])
        round_questions, covers = [], []
        for round_, (_, item) in zip(rounds, round_rows, strict=True):
            round_questions += [RoundQuestion(round=round_, question=self.questions[key], order=order)
                                for order, key in enumerate(item.get("questions", []))]
            covers += [Round.covers.through(round=round_, competency=self.competencies[key])
                       for key in item.get("covers", [])]
        self._create(RoundQuestion, round_questions)
        self._create(Round.covers.through, covers)

    def _decision_rule(self) -> None:
        rule = self.data.get("decision_rule")
        if rule is None:
            return
        [decision_rule] = self._create(DecisionRule, [DecisionRule(
            role=self.role, combine=rule["combine"], probability=decimal(rule.get("probability", 0.7)),
            red_flag_rating=rule.get("red_flag_rating", 1), red_flags_block=rule.get("red_flags_block", True),
        )])
        self._create(LevelRequirement, [
            LevelRequirement(rule=decision_rule, level=self.levels[level_key], competency=self.competencies[r["competency"]],
                             weight=decimal(r.get("weight", 1)))
            for level_key, requirements in rule.get("requirements", {}).items() for r in requirements
        ])


def _indicators(question: Question, variant: CodingVariant | None, indicators: dict) -> list[Indicator]:
    return [Indicator(question=question, variant=variant, polarity=polarity, text=text, order=order)
            for polarity in ("positive", "negative") for order, text in enumerate(indicators.get(polarity, []))]
