from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEntry(models.Model):
    """Who did what to which object, written where the change happens."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="audit_entries")
    action = models.CharField(max_length=80, db_index=True, help_text='e.g. "scorecard.submitted".')
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} by {self.actor or 'system'}"

    @classmethod
    def record(cls, target: models.Model, action: str, *, actor=None, **data) -> "AuditEntry":
        return cls.objects.create(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk,
            actor=actor if actor is not None and actor.is_authenticated else None, action=action, data=data,
        )
