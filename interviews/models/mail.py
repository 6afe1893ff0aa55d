from django.db import models


class MailTemplate(models.Model):
    """The editable text of one kind of e-mail; subject and body use Django template syntax."""

    class Kind(models.TextChoices):
        RECEIVED = "application_received", "Candidate: application received"
        KNOCKOUT = "declined_knockout", "Candidate: declined by the application questions"
        REJECTED = "rejected", "Candidate: not taken further after the interviews"
        INVITE_CANDIDATE = "invitation_candidate", "Candidate: interview invitation"
        INVITE_INTERVIEWER = "invitation_interviewer", "Interviewer: interview invitation"

    kind = models.CharField(max_length=30, choices=Kind.choices, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain text. Placeholders: {{ candidate }}, {{ requisition }}, {{ round }}, "
                                      "{{ starts }}, {{ minutes }}, {{ interviewer }}, {{ kit_url }}; "
                                      "{% if updated %}…{% endif %} for a rescheduled invitation.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()
