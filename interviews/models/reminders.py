from django.conf import settings
from django.db import models


class Reminder(models.Model):
    """An overdue-scorecard reminder sent to an interviewer on a day: at most one per day."""

    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    scorecards = models.PositiveIntegerField(help_text="Number of overdue interviews named in the e-mail.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "interviewer"]
        constraints = [models.UniqueConstraint(fields=["interviewer", "day"], name="one_reminder_per_day")]

    def __str__(self) -> str:
        return f"Reminder to {self.interviewer} on {self.day}"
