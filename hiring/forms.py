from django import forms

from hiring.models import Decision
from interviews.forms.pipeline import AssignForm
from rubrics.models import Level


class DecisionForm(forms.Form):
    # Radios with nothing checked: the hiring manager chooses; no outcome is suggested.
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose the outcome."})
    level = forms.ModelChoiceField(queryset=Level.objects.none(), required=False, widget=forms.RadioSelect,
                                   empty_label=None, help_text="The level to hire at (for a hire only).")
    rationale = forms.CharField(widget=forms.Textarea, help_text="Why: what in the evidence decided it.")

    def __init__(self, *args, requisition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = requisition.target_levels.order_by("rank")
        self.fields["level"].label_from_instance = lambda level: level.name

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Decision.Outcome.HIRE and not data.get("level"):
            self.add_error("level", "Choose the level to hire at.")
        if data.get("outcome") not in (None, Decision.Outcome.HIRE) and data.get("level"):
            self.add_error("level", "Only a hire has a level.")
        return data


class MoreSignalForm(AssignForm):
    """Who interviews, when, at which level: the recruiter's assignment form, plus why more signal is needed."""

    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                                help_text="Kept with the decision: what this round should settle.")
