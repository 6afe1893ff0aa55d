"""The recruiter's requisition form: people by full name, each level once, published loops by role version."""

from django import forms
from django.contrib.auth import get_user_model

from accounts.access import HIRING_MANAGER, RECRUITER
from interviews.models import Requisition
from rubrics.models import Level, LoopTemplate


def _full_name(user) -> str:
    return user.get_full_name() or user.username


def _people(group: str):
    return (get_user_model().objects.filter(groups__name=group, is_active=True)
            .order_by("first_name", "last_name", "username").distinct())


class LoopChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, loop: LoopTemplate) -> str:
        version = f", version {loop.role.version}" if loop.role.version else ""
        return f"{loop.role.title}{version}: {loop.name}"


class RequisitionForm(forms.Form):
    """Target levels are chosen by name, once each; ``clean`` maps them to the chosen version's levels."""

    title = forms.CharField(max_length=200, help_text='As candidates see it, e.g. "Data Scientist, Berlin".')
    loop = LoopChoiceField(queryset=LoopTemplate.objects.none(), label="Role version and loop",
                           empty_label="Choose a published version",
                           help_text="Candidates stay on this version even when the role is edited later.")
    target_levels = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, choices=[],
                                              help_text="The levels this opening hires at.")
    openings = forms.IntegerField(min_value=1, max_value=500, initial=1,
                                  help_text="How many people to hire; the requisition closes when they are.")
    hiring_manager = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    recruiter = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    job_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=20000,
                                      help_text="Shown to candidates on the application page.")
    resume_reviews_required = forms.IntegerField(
        min_value=1, max_value=10, initial=1, label="Resume reviews needed",
        help_text="How many reviewers score a resume before the rule advances or archives it.")
    resume_advance_at = forms.DecimalField(
        min_value=1, max_value=4, max_digits=3, decimal_places=2, initial="2.5", label="Resume score to advance",
        help_text="Mean criterion score (1–4) at or above which a resume advances; below, it is archived.")

    def __init__(self, *args, loop_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        loops = (LoopTemplate.objects.filter(frozen=True)
                 .select_related("role").order_by("role__title", "-role__version", "name"))
        self.fields["loop"].queryset = loops
        if loop_locked:
            self.fields["loop"].disabled = True
            self.fields["loop"].help_text = "Candidates already applied on this version: it can no longer change."
        names: dict[str, str] = {}
        for key, name in (Level.objects.filter(role__loop_templates__in=loops).order_by("rank", "name")
                          .values_list("key", "name")):
            names.setdefault(key, name)
        self.fields["target_levels"].choices = list(names.items())
        for field, group in (("hiring_manager", HIRING_MANAGER), ("recruiter", RECRUITER)):
            self.fields[field].queryset = _people(group)
            self.fields[field].label_from_instance = _full_name

    @classmethod
    def initial_for(cls, requisition: Requisition) -> dict:
        return {
            "title": requisition.title, "loop": requisition.loop_id, "openings": requisition.openings,
            "target_levels": list(requisition.target_levels.values_list("key", flat=True)),
            "hiring_manager": requisition.hiring_manager_id, "recruiter": requisition.recruiter_id,
            "job_description": requisition.job_description, "resume_advance_at": requisition.resume_advance_at,
            "resume_reviews_required": requisition.resume_reviews_required,
        }

    def clean(self) -> dict:
        data = super().clean()
        loop, keys = data.get("loop"), data.get("target_levels")
        if loop is not None and keys:
            levels = list(Level.objects.filter(role=loop.role, key__in=keys).order_by("rank"))
            missing = sorted(set(keys) - {level.key for level in levels})
            if missing:
                names = dict(self.fields["target_levels"].choices)
                self.add_error("target_levels", f"{self.fields['loop'].label_from_instance(loop)} has no level "
                                                f"{', '.join(names[key] for key in missing)}.")
            data["levels"] = levels
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "loop": data["loop"], "target_levels": data["levels"],
                "openings": data["openings"], "hiring_manager": data["hiring_manager"],
                "recruiter": data["recruiter"], "job_description": data["job_description"],
                "resume_advance_at": data["resume_advance_at"],
                "resume_reviews_required": data["resume_reviews_required"]}


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text="Kept in the requisition's history.")

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why: the reason is kept in the history.")
        return reason
