"""The scorecard form: one field group per question (or case-study part), built from the round kit.

The form checks types only (a choice must be one of the offered ones); the submission rules
live in the service, whose errors ``add_service_errors`` puts next to the fields they name.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms

from interviews.models import AttitudeRating, CompetencyRating, QuestionAnswer, Recommendation, Scorecard
from interviews.scales import EXERCISE_RATINGS, nearest_level_choice, weighted_mean
from interviews.services.kits import KitQuestion, RoundKit, answer_field, attitude_field, competency_field
from interviews.services.scorecards import (
    AnswerInput,
    DraftInput,
    answer_evidence,
    suggested_attitude_scores,
)
from interviews.validators import NOTE_MAX_CHARS, reject_control_characters
from rubrics.models import CaseStudyPart, QuestionKind

ATTITUDE_OPTIONS = [(str(value), label) for value, label in Recommendation.choices]


@dataclass
class Option:
    value: str
    label: str
    description: str = ""


@dataclass
class Slot:
    """One rated thing: a question, or one part of a case study."""

    key: str
    part: CaseStudyPart | None
    options: list[Option]
    indicators: list[Option] = field(default_factory=list)


@dataclass
class QuestionGroup:
    kq: KitQuestion
    slots: list[Slot]


def _question_options(kit: RoundKit, kq: KitQuestion, part: CaseStudyPart | None = None) -> list[Option]:
    if kq.is_exercise:
        anchors = kq.anchors_for(part)
        return [Option(r, r.capitalize(), anchors.get(r, "")) for r in EXERCISE_RATINGS]
    if kq.kind == QuestionKind.ATTITUDE:
        return [Option(v, label) for v, label in ATTITUDE_OPTIONS]
    if not kq.competencies:
        return []
    return [Option(*row) for row in kit.level_choices(kq.competencies[0].pk)]


def build_groups(kit: RoundKit) -> list[QuestionGroup]:
    groups = []
    for kq in kit.questions:
        indicators = [Option(str(i.pk), i.text, i.polarity) for i in kq.indicators]
        slots = []
        for index, part in enumerate(kq.slots()):
            slots.append(Slot(key=answer_field(kq.question.pk, part.pk if part else None), part=part,
                              options=_question_options(kit, kq, part),
                              indicators=indicators if index == 0 else []))
        groups.append(QuestionGroup(kq=kq, slots=slots))
    return groups


def note_field() -> forms.CharField:
    return forms.CharField(required=False, max_length=NOTE_MAX_CHARS, validators=[reject_control_characters],
                           widget=forms.Textarea)


class ScorecardForm(forms.Form):
    recommendation = forms.TypedChoiceField(choices=Recommendation.choices, coerce=int, required=False,
                                            empty_value=None, widget=forms.RadioSelect)
    summary = forms.CharField(required=False, max_length=NOTE_MAX_CHARS, validators=[reject_control_characters],
                              widget=forms.Textarea(attrs={"rows": 4}))
    # The draft version this copy of the form was read at; absent from callers that do not care.
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, kit: RoundKit, **kwargs):
        super().__init__(*args, **kwargs)
        self.kit = kit
        self.groups = build_groups(kit)
        for group in self.groups:
            for slot in group.slots:
                self.fields[slot.key] = forms.ChoiceField(
                    choices=[(o.value, o.label) for o in slot.options], required=False, widget=forms.RadioSelect)
                if slot.part is not None:
                    self.fields[f"{slot.key}-skip"] = forms.BooleanField(required=False, label="Skipped this part")
                self.fields[f"{slot.key}-strengths"] = note_field()
                self.fields[f"{slot.key}-gaps"] = note_field()
                if slot.indicators:
                    self.fields[f"{slot.key}-indicators"] = forms.MultipleChoiceField(
                        choices=[(o.value, o.label) for o in slot.indicators], required=False,
                        widget=forms.CheckboxSelectMultiple)
        self.competency_rows = []
        for competency in kit.competencies:
            options = [Option(*row) for row in kit.level_choices(competency.pk)]
            name = competency_field(competency.pk)
            self.fields[name] = forms.ChoiceField(choices=[(o.value, o.label) for o in options], required=False,
                                                  widget=forms.RadioSelect, label=competency.name)
            self.competency_rows.append((competency, name, options, competency in kit.covered))
        self.attitude_rows = []
        for attitude in kit.attitudes:
            name = attitude_field(attitude.pk)
            self.fields[name] = forms.TypedChoiceField(choices=ATTITUDE_OPTIONS, coerce=int, required=False,
                                                       empty_value=None, widget=forms.RadioSelect,
                                                       label=attitude.name)
            self.attitude_rows.append((attitude, name))

    def to_draft(self) -> DraftInput:
        data = self.cleaned_data
        answers = []
        for group in self.groups:
            for slot in group.slots:
                answers.append(AnswerInput(
                    question_id=group.kq.question.pk, part_id=slot.part.pk if slot.part else None,
                    choice=data.get(slot.key) or "", skipped=bool(data.get(f"{slot.key}-skip")),
                    strengths=data.get(f"{slot.key}-strengths", ""), gaps=data.get(f"{slot.key}-gaps", ""),
                    indicator_ids=[int(i) for i in data.get(f"{slot.key}-indicators", [])],
                ))
        return DraftInput(
            answers=answers,
            competency_choices={c.pk: data[name] for c, name, _, _ in self.competency_rows if data.get(name)},
            attitude_scores={a.pk: data[name] for a, name in self.attitude_rows if data.get(name)},
            recommendation=data.get("recommendation"), summary=data.get("summary", ""),
        )

    def problem(self) -> str:
        """Why this (invalid) form cannot be saved, in one line for the autosave status."""
        codes = {error.code for errors in self.errors.as_data().values() for error in errors}
        if codes & {"null_characters_not_allowed", "control_characters"}:
            return ("Not saved: a text contains a control character (such as a NUL byte) that cannot be stored; "
                    "remove it, for instance by retyping what you pasted.")
        if "max_length" in codes:
            return f"Not saved: a note is longer than {NOTE_MAX_CHARS:,} characters; shorten it."
        return "Not saved: a value was not one of the offered choices."


def initial_for(scorecard: Scorecard | None, kit: RoundKit) -> dict:
    """The form's initial values from a stored draft. Attitude ratings not yet chosen are prefilled
    from the answers; competency ratings are not: one left unchosen is derived from the answers at
    its exact value (an Exceeds at the top level stays above it), a chosen one overrides them."""
    if scorecard is None:
        return {"version": 0}
    answers: list[QuestionAnswer] = list(scorecard.answers.prefetch_related("indicators"))
    initial: dict = {"recommendation": scorecard.recommendation, "summary": scorecard.summary,
                     "version": scorecard.version}
    for answer in answers:
        key = answer_field(answer.question_id, answer.part_id)
        initial[key] = answer.choice
        initial[f"{key}-skip"] = answer.skipped
        initial[f"{key}-strengths"] = answer.strengths
        initial[f"{key}-gaps"] = answer.gaps
        initial[f"{key}-indicators"] = [str(i.pk) for i in answer.indicators.all()]
    for attitude_id, score in suggested_attitude_scores(kit=kit, answers=answers).items():
        initial[attitude_field(attitude_id)] = score
    rating: CompetencyRating
    for rating in scorecard.competency_ratings.filter(derived=False):
        initial[competency_field(rating.competency_id)] = nearest_level_choice(
            rating.score, kit.level_keys, kit.proficiency(rating.competency_id))
    attitude: AttitudeRating
    for attitude in scorecard.attitude_ratings.all():
        initial[attitude_field(attitude.attitude_id)] = attitude.score
    return initial


class AmendForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reason for amending",
                             help_text="Required: it is kept in the scorecard's history.")


@dataclass
class Shown:
    """A field ready for the template: its options with the current one checked, and its errors."""

    name: str
    options: list[Option]
    checked: set[str]
    errors: list[str]
    text: str = ""


def _values(form: forms.Form, name: str) -> set[str]:
    value = form[name].value()
    if value in (None, ""):
        return set()
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    return {str(value)}


def _shown(form: forms.Form, name: str, options: list[Option]) -> Shown:
    return Shown(name=name, options=options, checked=_values(form, name), errors=list(form.errors.get(name, [])))


def _text(form: forms.Form, name: str) -> Shown:
    return Shown(name=name, options=[], checked=set(), errors=list(form.errors.get(name, [])),
                 text=form[name].value() or "")


def evidence_text(kq: KitQuestion, part: CaseStudyPart | None) -> str:
    """What one rating evidences, for people: "Communication (weight 2), Product sense; Collaboration"."""
    def named(pairs) -> str:
        return ", ".join(f"{item.name} (weight {weight.normalize()})" if weight != 1 else item.name
                         for item, weight in pairs)
    return "; ".join(text for text in (named(kq.evidence(part)), named(kq.attitude_evidence(part))) if text)


def derived_scores(kit: RoundKit, answers: list[QuestionAnswer]) -> dict[int, Decimal]:
    """Per competency, what the answers make of it (the rating it gets unless the interviewer chooses)."""
    return {cid: weighted_mean([(Decimal(str(s["score"])), Decimal(str(s["weight"]))) for s in sources])
            for cid, sources in answer_evidence(kit=kit, answers=answers).items()}


def display(form: ScorecardForm, derived: dict[int, Decimal] | None = None) -> dict:
    """Everything the scorecard template loops over, with the typed or stored values in place;
    ``derived``: per competency id, the rating the answers give it."""
    derived = derived or {}
    groups = []
    for group in form.groups:
        slots = []
        for slot in group.slots:
            slots.append({
                "key": slot.key, "part": slot.part, "evidences": evidence_text(group.kq, slot.part),
                "rating": _shown(form, slot.key, slot.options),
                "skip": bool(form[f"{slot.key}-skip"].value()) if slot.part is not None else None,
                "strengths": _text(form, f"{slot.key}-strengths"), "gaps": _text(form, f"{slot.key}-gaps"),
                "indicators": _shown(form, f"{slot.key}-indicators", slot.indicators) if slot.indicators else None,
            })
        groups.append({"kq": group.kq, "slots": slots})
    return {
        "groups": groups,
        "competencies": [{"competency": c, "covered": covered, "field": _shown(form, name, options),
                          "derived": derived.get(c.pk)}
                         for c, name, options, covered in form.competency_rows],
        "attitudes": [{"attitude": a, "field": _shown(form, name, [Option(v, label) for v, label in ATTITUDE_OPTIONS])}
                      for a, name in form.attitude_rows],
        "recommendation": _shown(form, "recommendation",
                                 [Option(str(v), label) for v, label in Recommendation.choices]),
        "summary": _text(form, "summary"),
    }
