from django import forms
from django.forms.models import BaseInlineFormSet

from rubrics.models import QuestionKind, validate_knockout_options


def _other_role_error(items, role_id: int) -> str | None:
    others = [str(item) for item in items if item.role_id != role_id]
    if not others:
        return None
    return f"These belong to another role: {', '.join(others)}."


class QuestionAdminForm(forms.ModelForm):
    """The admin supplies the model and fields; this refuses links to another role's rows."""

    def clean(self) -> dict:
        cleaned = super().clean()
        role = cleaned.get("role")
        if role is not None:
            for name in ("competencies", "attitudes", "levels"):
                error = _other_role_error(cleaned.get(name) or (), role.pk)
                if error:
                    self.add_error(name, error)
        return cleaned


class RoundAdminForm(forms.ModelForm):
    """The admin supplies the model and fields; this refuses covering another role's competencies."""

    def clean(self) -> dict:
        cleaned = super().clean()
        stage = cleaned.get("stage")
        if stage is not None:
            error = _other_role_error(cleaned.get("covers") or (), stage.template.role_id)
            if error:
                self.add_error("covers", error)
        return cleaned


class KnockoutOptionFormSet(BaseInlineFormSet):
    """A knockout question needs at least two options, one of which qualifies."""

    def clean(self) -> None:
        super().clean()
        if self.instance.kind != QuestionKind.KNOCKOUT:
            return
        options = [
            (form.cleaned_data.get("text"), form.cleaned_data.get("outcome"))
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        validate_knockout_options(options)
