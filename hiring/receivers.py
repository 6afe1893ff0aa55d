"""The decision side listens to the evidence side: a submitted scorecard asks for a recalibration."""

from django.dispatch import receiver

from hiring.services import queueing
from interviews.signals import scorecard_submitted


@receiver(scorecard_submitted)
def recalibrate_after_submission(sender, **kwargs) -> None:
    queueing.request_recalibration()
