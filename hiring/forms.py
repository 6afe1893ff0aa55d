from django import forms

from hiring.models import Decision
from rubrics.models import Level


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices)
    level = forms.ModelChoiceField(queryset=Level.objects.none(), required=False,
                                   help_text="The level to hire at (for a hire only).")
    rationale = forms.CharField(widget=forms.Textarea, help_text="Why: what in the evidence decided it.")

    def __init__(self, *args, requisition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = requisition.target_levels.order_by("rank")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Decision.Outcome.HIRE and not data.get("level"):
            self.add_error("level", "Choose the level to hire at.")
        if data.get("outcome") not in (None, Decision.Outcome.HIRE) and data.get("level"):
            self.add_error("level", "Only a hire has a level.")
        return data
