"""Forms of the candidate application and of the recruiter's pipeline: they validate, never decide."""

from pathlib import Path

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.template.defaultfilters import filesizeformat

from accounts.access import INTERVIEWER
from interviews.models import Application, Requisition
from interviews.scales import RESUME_NO, RESUME_YES
from rubrics.models import CodingVariant, Question, Round, Stage

SCORE_CHOICES = [(1, "1 — Strong No"), (2, "2 — No"), (3, "3 — Yes"), (4, "4 — Strong Yes")]

RESUME_TYPES = {
    ".pdf": ({"application/pdf"}, (b"%PDF",)),
    ".docx": ({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}, (b"PK\x03\x04",)),
}
VIDEO_TYPES = {
    ".webm": ({"video/webm"}, (b"\x1a\x45\xdf\xa3",)),
    ".mp4": ({"video/mp4"}, (b"ftyp",)),
    ".mov": ({"video/quicktime"}, (b"ftyp", b"moov", b"mdat", b"wide", b"free")),
}
FILES_NOT_KEPT = "Browsers do not keep chosen files when a form comes back with errors: please choose it again."


def check_upload(upload: UploadedFile, *, types: dict, max_bytes: int, what: str) -> UploadedFile:
    """Refuse an upload whose size, extension, declared type or first bytes don't fit ``types``."""
    extensions = ", ".join(ext.lstrip(".").upper() for ext in types)
    if upload.size > max_bytes:
        raise forms.ValidationError(
            f"The {what} is {filesizeformat(upload.size)}; the limit is {filesizeformat(max_bytes)}."
        )
    extension = Path(upload.name or "").suffix.lower()
    if extension not in types:
        raise forms.ValidationError(f"The {what} must be one of: {extensions}.")
    content_types, magics = types[extension]
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    if declared not in content_types:
        raise forms.ValidationError(f"The {what} does not look like a {extension.lstrip('.').upper()} file.")
    head = upload.read(16)
    upload.seek(0)
    offset = 4 if extension in {".mp4", ".mov"} else 0
    if not any(head[offset:offset + len(magic)] == magic for magic in magics):
        raise forms.ValidationError(f"The {what} does not look like a {extension.lstrip('.').upper()} file.")
    return upload



class ApplyForm(forms.Form):
    name = forms.CharField(max_length=200, label="Full name")
    email = forms.EmailField(label="E-mail")
    phone = forms.CharField(max_length=40, required=False, label="Phone (optional)")
    resume = forms.FileField(label="Resume", help_text="PDF or DOCX.")
    consent = forms.BooleanField(label="I have read the privacy notice above and agree to it.",
                                 error_messages={"required": "Please agree to the privacy notice: we cannot "
                                                             "consider an application without it."})
    # The template writes the current version itself, so that a page sent back with errors
    # always carries the notice it shows.
    notice_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, knockouts: list[Question], videos: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.knockouts, self.videos = knockouts, videos
        self.fields["resume"].help_text = f"PDF or DOCX, at most {filesizeformat(settings.RESUME_MAX_BYTES)}."
        self.fields["resume"].widget.attrs["accept"] = ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        for question in knockouts:
            self.fields[f"knockout_{question.pk}"] = forms.ChoiceField(
                label=question.prompt or question.title, widget=forms.RadioSelect,
                choices=[(option.pk, option.text) for option in question.options.all()],
                error_messages={"required": "Please choose an answer."},
            )
        for question in videos:
            field = forms.FileField(
                label=question.prompt or question.title,
                help_text=f"At most {question.response_seconds} seconds. Record it here or upload a WebM, MP4 or "
                f"QuickTime file of at most {filesizeformat(settings.VIDEO_MAX_BYTES)}.",
                error_messages={"required": "Please record or upload your video answer."},
            )
            field.widget.attrs.update({"accept": "video/webm,video/mp4,video/quicktime,.webm,.mp4,.mov",
                                       "data-recorder": "", "data-seconds": question.response_seconds or 60})
            self.fields[f"video_{question.pk}"] = field

    def clean_resume(self) -> UploadedFile:
        return check_upload(self.cleaned_data["resume"], types=RESUME_TYPES, max_bytes=settings.RESUME_MAX_BYTES,
                            what="resume")

    def clean(self) -> dict:
        cleaned = super().clean()
        for question in self.videos:
            name = f"video_{question.pk}"
            upload = cleaned.get(name)
            if upload is None:
                continue
            try:
                check_upload(upload, types=VIDEO_TYPES, max_bytes=settings.VIDEO_MAX_BYTES, what="video")
            except forms.ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def knockout_fields(self) -> list[forms.BoundField]:
        return [self[f"knockout_{q.pk}"] for q in self.knockouts]

    def video_fields(self) -> list[tuple[Question, forms.BoundField]]:
        return [(q, self[f"video_{q.pk}"]) for q in self.videos]

    def consent_notice(self) -> str:
        """The version of the privacy notice the candidate agreed to ("" if they did not)."""
        return self.cleaned_data["notice_version"] if self.cleaned_data.get("consent") else ""

    def has_file_fields_to_repeat(self) -> bool:
        return self.is_bound and bool(self.errors)

    def answers(self) -> dict[Question, object]:
        options = {option.pk: option for q in self.knockouts for option in q.options.all()}
        return {q: options[int(self.cleaned_data[f"knockout_{q.pk}"])] for q in self.knockouts}

    def uploads(self) -> dict[Question, UploadedFile]:
        return {q: self.cleaned_data[f"video_{q.pk}"] for q in self.videos}


class MoveForm(forms.Form):
    """The recruiter's moves; only those the application's state allows are offered."""

    ADVANCE, ARCHIVE, UNARCHIVE, OFFER, REJECT = "advance", "archive", "unarchive", "offer", "reject"
    LABELS = {ADVANCE: "Advance to the next stage", ARCHIVE: "Archive", UNARCHIVE: "Un-archive",
              OFFER: "Make an offer", REJECT: "Reject"}

    action = forms.ChoiceField(choices=[], widget=forms.RadioSelect,
                               error_messages={"invalid_choice": "That move is not possible from here."})
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text="Kept in the application's history.",
                             error_messages={"required": "Say why: the reason is kept in the history."})

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(action, self.LABELS[action]) for action in actions]
        if len(actions) == 1:
            self.fields["action"].initial = actions[0]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why: the reason is kept in the history.")
        return reason


# A yes/no criterion counts in the resume rule's mean as 4 (yes) or 1 (no), the ends of the 1–4 scale.
YES_NO_CHOICES = [(RESUME_YES, "Yes"), (RESUME_NO, "No")]


class ResumeReviewForm(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, criteria: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for question in criteria:
            yes_no = question.is_yes_no
            self.fields[f"criterion_{question.pk}"] = forms.TypedChoiceField(
                label=question.title, choices=YES_NO_CHOICES if yes_no else SCORE_CHOICES, coerce=int,
                widget=forms.RadioSelect, help_text=question.prompt,
                error_messages={"required": "Answer this criterion yes or no." if yes_no
                                else "Score this criterion (1–4)."},
            )
        self.order_fields([f"criterion_{q.pk}" for q in criteria] + ["notes"])

    def scores(self) -> dict[Question, int]:
        return {q: self.cleaned_data[f"criterion_{q.pk}"] for q in self.criteria}


class VideoReviewForm(forms.Form):
    score = forms.TypedChoiceField(choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect,
                                   error_messages={"required": "Choose a score (1–4)."})
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AssignForm(forms.Form):
    interviewers = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one interviewer."},
    )
    scheduled_at = forms.DateTimeField(
        required=False, label="Scheduled at", widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                         format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], help_text="Local time; leave empty if not yet known.",
    )
    target_level = forms.ModelChoiceField(queryset=None, empty_label=None,
                                          help_text="The level exercises are rated against.")
    variant = forms.ModelChoiceField(queryset=CodingVariant.objects.none(), label="Coding-test variant")

    def __init__(self, *args, application: Application, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = (
            get_user_model().objects.filter(groups__name=INTERVIEWER, is_active=True)
            .order_by("first_name", "last_name", "username").distinct()
        )
        self.fields["interviewers"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["target_level"].queryset = application.requisition.target_levels.order_by("rank")
        variants = CodingVariant.objects.filter(question__round_questions__round=round).order_by("order", "pk")
        if variants.exists():
            self.fields["variant"].queryset = variants
        else:
            del self.fields["variant"]


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or e-mail")
    stage = django_filters.ModelChoiceFilter(queryset=Stage.objects.none(), empty_label="Any stage")
    status = django_filters.ChoiceFilter(choices=Application.Status.choices, empty_label="Any status")

    class Meta:
        model = Application
        fields = ["q", "stage", "status"]

    def __init__(self, *args, requisition: Requisition, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["stage"].queryset = requisition.loop.stages.order_by("order", "pk")

    def search(self, queryset, name: str, value: str):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(candidate__name__icontains=value) | Q(candidate__email__icontains=value))
