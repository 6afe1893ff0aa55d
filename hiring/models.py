"""The decision side: calibration runs with their stored results, packets, decisions."""

from django.conf import settings
from django.db import models


class CalibrationRunQuerySet(models.QuerySet):
    def finished(self):
        return self.filter(status=CalibrationRun.Status.FINISHED)

    def latest_finished(self) -> "CalibrationRun | None":
        return self.finished().order_by("-finished_at", "-pk").first()


class CalibrationRun(models.Model):
    """One fit of the calibration model over every current submitted rating of the organisation."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING, db_index=True)
    error = models.TextField(blank=True)
    n_ratings = models.PositiveIntegerField(default=0)
    components = models.JSONField(default=dict, blank=True, help_text="Variance components, points².")
    reliability = models.JSONField(default=dict, blank=True, help_text="Competency identity -> ICC.")
    iterations = models.PositiveIntegerField(default=0)
    converged = models.BooleanField(default=False)
    seconds = models.FloatField(default=0)
    # The engine's own warm-start state (pickled CalibrationResult without its tables); written only
    # by recalibrate() and read back only by the next recalibrate(), never from user input.
    warm_state = models.BinaryField(null=True, blank=True, editable=False)
    # The engine's incremental-update state (pickled hiring.calibration PosteriorState: components,
    # competency means, interviewer severities and their covariance), small enough to read per packet.
    posterior = models.BinaryField(null=True, blank=True, editable=False)

    objects = CalibrationRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Calibration run {self.pk} ({self.get_status_display()}, {self.n_ratings} ratings)"


class InterviewerSeverity(models.Model):
    run = models.ForeignKey(CalibrationRun, on_delete=models.CASCADE, related_name="severities")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    severity = models.FloatField(help_text="Points below the average interviewer: positive = harsher.")
    se = models.FloatField()
    n_ratings = models.PositiveIntegerField()
    # Agreement with peers on the same candidate x competency, from the run's ratings.
    peer_mad = models.FloatField(null=True, blank=True, help_text="Mean absolute difference from peers, points.")
    peer_correlation = models.FloatField(null=True, blank=True)
    peer_pairs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["run", "-severity"]
        constraints = [models.UniqueConstraint(fields=["run", "interviewer"], name="one_severity_per_run")]

    def __str__(self) -> str:
        return f"{self.interviewer}: {self.severity:+.2f}"


class CompetencyEstimate(models.Model):
    """Calibrated proficiency of one application on one competency identity ("role-key:competency-key")."""

    run = models.ForeignKey(CalibrationRun, on_delete=models.CASCADE, related_name="estimates")
    application = models.ForeignKey("interviews.Application", on_delete=models.CASCADE, related_name="+")
    competency = models.CharField(max_length=170, help_text='"role-key:competency-key".')
    estimate = models.FloatField(help_text="On the role's proficiency scale.")
    se = models.FloatField()
    n_ratings = models.PositiveIntegerField()

    class Meta:
        ordering = ["run", "application", "competency"]
        constraints = [
            models.UniqueConstraint(fields=["run", "application", "competency"], name="one_estimate_per_run_cell")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.competency}: {self.estimate:.2f} ± {self.se:.2f}"


class Debounce(models.Model):
    """The latest request for a debounced job; a queued job runs only if it is still the latest."""

    key = models.CharField(max_length=80, primary_key=True)
    requested_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key} @ {self.requested_at:%Y-%m-%d %H:%M:%S}"


class Packet(models.Model):
    """A rendered PDF packet. One row per (application, inputs): re-rendering the same inputs is a no-op."""

    application = models.ForeignKey("interviews.Application", on_delete=models.CASCADE, related_name="packets")
    run = models.ForeignKey(CalibrationRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="packets/")
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the packet's inputs.")
    rendered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-rendered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "content_hash"], name="one_packet_per_inputs")
        ]

    def __str__(self) -> str:
        return f"Packet for {self.application_id} ({self.content_hash[:8]})"


class PacketBatch(models.Model):
    """A request to (re)build every packet of a requisition; its items count the progress."""

    requisition = models.ForeignKey("interviews.Requisition", on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Packets of {self.requisition_id} started {self.started_at:%Y-%m-%d %H:%M}"


class PacketBatchItem(models.Model):
    batch = models.ForeignKey(PacketBatch, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey("interviews.Application", on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "application"], name="one_item_per_application")]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.application_id}: {'done' if self.done_at else 'pending'}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        HIRE = "hire", "Hire"
        NO_HIRE = "no_hire", "No hire"
        MORE_SIGNAL = "more_signal", "More signal needed"

    application = models.ForeignKey("interviews.Application", on_delete=models.CASCADE, related_name="decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    level = models.ForeignKey("rubrics.Level", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              help_text="The level hired at; only for a hire.")
    rationale = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="hire", level__isnull=False) | (
                    ~models.Q(outcome="hire") & models.Q(level__isnull=True)),
                name="decision_level_only_for_hire",
            )
        ]

    def __str__(self) -> str:
        level = f" at {self.level.name}" if self.level_id else ""
        return f"{self.get_outcome_display()}{level} by {self.decided_by}"


class WebhookSubscription(models.Model):
    """An outside system's URL that receives signed events (HMAC-SHA256 of the body with ``secret``)."""

    class Event(models.TextChoices):
        SCORECARD_SUBMITTED = "scorecard.submitted", "Scorecard submitted"
        STAGE_CHANGED = "application.stage_changed", "Application stage changed"
        DECISION_RECORDED = "decision.recorded", "Decision recorded"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=200, help_text="Shared with the receiver, which checks the signature.")
    events = models.JSONField(default=list, help_text="Event names this URL receives.")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event sent to one subscription: every attempt's outcome is kept on the row."""

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Of the last attempt.")
    error = models.TextField(blank=True, help_text="Of the last attempt, when it failed.")
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} to {self.subscription_id} ({self.status_code or 'pending'})"
