"""The decision side listens to the evidence side: a submitted scorecard asks for a recalibration;
an erased candidate's packets and rationales are cleaned; an export gets the decisions."""

from django.dispatch import receiver

from hiring import privacy
from hiring.services import queueing
from interviews.signals import candidate_erased, scorecard_submitted, subject_access_requested


@receiver(scorecard_submitted)
def recalibrate_after_submission(sender, **kwargs) -> None:
    queueing.request_recalibration()


@receiver(candidate_erased)
def erase_decision_data(sender, *, application_ids: list[int], redact, **kwargs) -> None:
    privacy.erase_decision_data(application_ids=application_ids, redact=redact)


@receiver(subject_access_requested)
def export_decision_data(sender, *, application_ids: list[int], **kwargs) -> dict:
    return privacy.decision_data(application_ids=application_ids)
