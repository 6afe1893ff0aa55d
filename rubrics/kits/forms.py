from django import forms

from rubrics.kits.validation import MAX_KIT_BYTES


class KitImportForm(forms.Form):
    file = forms.FileField(required=False, label="Kit file (YAML)",
                           widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,text/yaml"}))
    text = forms.CharField(required=False, label="…or paste the kit here",
                           widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}))
    replace = forms.BooleanField(required=False, label="Replace the draft of a role with the same key")
    publish = forms.BooleanField(required=False, label="Publish it as a new version right away")

    def clean(self) -> dict:
        data = super().clean()
        upload, text = data.get("file"), data.get("text", "").strip()
        if upload and text:
            raise forms.ValidationError("Choose a file or paste a kit, not both.")
        if not upload and not text:
            raise forms.ValidationError("Choose a kit file or paste a kit.")
        if upload:
            if upload.size > MAX_KIT_BYTES:
                self.add_error("file", f"A kit file may be at most {MAX_KIT_BYTES // (1024 * 1024)} MB.")
                return data
            try:
                data["kit"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("file", "This file is not UTF-8 text; save it as UTF-8 YAML.")
        else:
            data["kit"] = data["text"]
        return data
