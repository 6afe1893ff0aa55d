"""One form per builder screen; rows left blank are ignored, so no screen needs a save-then-reopen."""

from decimal import Decimal

from django import forms

from rubrics.builder.services import (
    BUILDER_KINDS,
    CompetencyInput,
    LevelInput,
    RoundInput,
    suggested_proficiencies,
)
from rubrics.models import Competency, Question, QuestionKind, Role, ScoringAnchor

LEVEL_ROWS = 6
COMPETENCY_BLOCKS = 3
ROUND_BLOCKS = 2


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class RoleForm(forms.Form):
    title = forms.CharField(max_length=200, help_text='e.g. "Data Analyst".')
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    scale_min = forms.DecimalField(label="Scale from", initial=Decimal(1), max_digits=4, decimal_places=1)
    scale_max = forms.DecimalField(label="Scale to", initial=Decimal(5), max_digits=4, decimal_places=1,
                                   help_text="The proficiency scale every competency is rated on.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, LEVEL_ROWS + 1):
            self.fields[f"level_{i}"] = forms.CharField(max_length=120, required=i == 1, label=f"Level {i}")
            self.fields[f"level_{i}_title"] = forms.CharField(max_length=200, required=False,
                                                               label=f"Level {i}: internal title")

    def level_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"level_{i}"], self[f"level_{i}_title"]) for i in range(1, LEVEL_ROWS + 1)]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("scale_min") is not None and data.get("scale_max") is not None \
                and data["scale_min"] >= data["scale_max"]:
            self.add_error("scale_max", "The top of the scale must be above its bottom.")
        return data

    def levels(self) -> list[LevelInput]:
        return [LevelInput(self.cleaned_data[f"level_{i}"], self.cleaned_data[f"level_{i}_title"])
                for i in range(1, LEVEL_ROWS + 1) if self.cleaned_data.get(f"level_{i}", "").strip()]


class FrameworkForm(forms.Form):
    discipline = forms.CharField(max_length=200, initial="Core", help_text="The group these competencies belong to.")

    def __init__(self, *args, role: Role, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = list(role.levels.order_by("rank"))
        suggested = suggested_proficiencies(scale_min=role.scale_min, scale_max=role.scale_max,
                                            levels=len(self.levels))
        for b in range(1, COMPETENCY_BLOCKS + 1):
            self.fields[f"c{b}_name"] = forms.CharField(max_length=200, required=False, label="Competency")
            self.fields[f"c{b}_description"] = forms.CharField(required=False, label="Description",
                                                               widget=forms.Textarea(attrs={"rows": 2}))
            for level, proficiency in zip(self.levels, suggested, strict=True):
                self.fields[f"c{b}_{level.pk}_behaviour"] = forms.CharField(
                    required=False, label=f"Expected at {level.name}", widget=forms.Textarea(attrs={"rows": 2}))
                self.fields[f"c{b}_{level.pk}_proficiency"] = forms.DecimalField(
                    label=f"Proficiency at {level.name}", initial=proficiency, max_digits=4, decimal_places=1,
                    min_value=role.scale_min, max_value=role.scale_max, step_size=Decimal("0.5"))

    def blocks(self) -> list[dict]:
        return [{"name": self[f"c{b}_name"], "description": self[f"c{b}_description"],
                 "cells": [(level, self[f"c{b}_{level.pk}_behaviour"], self[f"c{b}_{level.pk}_proficiency"])
                           for level in self.levels]}
                for b in range(1, COMPETENCY_BLOCKS + 1)]

    def clean(self) -> dict:
        data = super().clean()
        named = [b for b in range(1, COMPETENCY_BLOCKS + 1) if data.get(f"c{b}_name", "").strip()]
        if not named:
            self.add_error("c1_name", "Name at least one competency.")
        for b in named:
            for level in self.levels:
                if not data.get(f"c{b}_{level.pk}_behaviour", "").strip():
                    self.add_error(f"c{b}_{level.pk}_behaviour", f"Say what {level.name} looks like.")
        self.named = named
        return data

    def competencies(self) -> list[CompetencyInput]:
        data = self.cleaned_data
        return [CompetencyInput(data[f"c{b}_name"], data[f"c{b}_description"],
                                [(data[f"c{b}_{level.pk}_behaviour"], data[f"c{b}_{level.pk}_proficiency"])
                                 for level in self.levels])
                for b in self.named]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k.value, k.label) for k in BUILDER_KINDS], initial=QuestionKind.COMPETENCY,
                             widget=forms.RadioSelect)
    title = forms.CharField(max_length=200)
    prompt = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="What the candidate is asked.")
    competencies = forms.ModelMultipleChoiceField(queryset=Competency.objects.none(), required=False,
                                                  widget=forms.CheckboxSelectMultiple, label="Evidences")
    positive = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                               label="Positive indicators", help_text="One per line.")
    negative = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                               label="Negative indicators", help_text="One per line.")
    below = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Anchor: Below")
    meets = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Anchor: Meets")
    exceeds = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Anchor: Exceeds")

    def __init__(self, *args, role: Role, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = role.competencies.order_by("discipline__order", "order", "pk")

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"kind": data["kind"], "title": data["title"], "prompt": data["prompt"],
                "competencies": list(data["competencies"]), "positive": _lines(data["positive"]),
                "negative": _lines(data["negative"]),
                "anchors": {rating: data[rating] for rating in ScoringAnchor.Rating.values}}


class LoopForm(forms.Form):
    name = forms.CharField(max_length=200, label="Loop name")
    screens = forms.BooleanField(required=False, initial=True, label="Start with an application and a resume screen")

    def __init__(self, *args, role: Role, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = f"{role.title} loop"
        questions = role.questions.order_by("order", "pk")
        for r in range(1, ROUND_BLOCKS + 1):
            self.fields[f"r{r}_name"] = forms.CharField(max_length=200, required=r == 1, label="Round name",
                                                        help_text='e.g. "Hiring Manager Technical".')
            self.fields[f"r{r}_duration"] = forms.IntegerField(min_value=5, max_value=600, initial=45,
                                                               label="Minutes")
            self.fields[f"r{r}_questions"] = forms.ModelMultipleChoiceField(
                queryset=questions, required=False, widget=forms.CheckboxSelectMultiple, label="Questions",
                initial=list(questions) if r == 1 else [])
            self.fields[f"r{r}_covers"] = forms.ModelMultipleChoiceField(
                queryset=role.competencies.order_by("discipline__order", "order", "pk"), required=False,
                widget=forms.CheckboxSelectMultiple, label="Must cover",
                help_text="Left empty: what the round's questions evidence.")

    def blocks(self) -> list[dict]:
        return [{"name": self[f"r{r}_name"], "duration": self[f"r{r}_duration"],
                 "questions": self[f"r{r}_questions"], "covers": self[f"r{r}_covers"]}
                for r in range(1, ROUND_BLOCKS + 1)]

    def rounds(self) -> list[RoundInput]:
        data, rounds = self.cleaned_data, []
        for r in range(1, ROUND_BLOCKS + 1):
            if not data.get(f"r{r}_name", "").strip():
                continue
            questions: list[Question] = list(data[f"r{r}_questions"])
            covers = list(data[f"r{r}_covers"]) or list(
                Competency.objects.filter(questions__in=questions).distinct().order_by("order", "pk"))
            rounds.append(RoundInput(data[f"r{r}_name"], data[f"r{r}_duration"], questions, covers))
        return rounds
