"""The decision side listens to the evidence side: a submitted scorecard asks for a recalibration;
submitted scorecards and stage changes go out to the webhooks subscribed to them; an erased
candidate's packets and rationales are cleaned; an export gets the decisions."""

from django.dispatch import receiver

from hiring import privacy
from hiring.models import WebhookSubscription
from hiring.services import queueing
from interviews.models import Application, Scorecard
from interviews.signals import (
    application_stage_changed,
    candidate_erased,
    scorecard_submitted,
    subject_access_requested,
)

Event = WebhookSubscription.Event


@receiver(scorecard_submitted)
def recalibrate_after_submission(sender, **kwargs) -> None:
    queueing.request_recalibration()


@receiver(scorecard_submitted)
def announce_submission(sender, *, scorecard_id: int, application_id: int, **kwargs) -> None:
    card = Scorecard.objects.filter(pk=scorecard_id).values("interview_id", "interviewer_id", "revision").first()
    queueing.emit_event(event=Event.SCORECARD_SUBMITTED, data={
        "scorecard": scorecard_id, "application": application_id, **({
            "interview": card["interview_id"], "interviewer": card["interviewer_id"], "revision": card["revision"]}
            if card else {})})


@receiver(application_stage_changed, sender=Application)
def announce_move(sender, *, application_id: int, from_stage_id: int, to_stage_id: int, status: str, reason: str,
                  by_id: int | None, **kwargs) -> None:
    queueing.emit_event(event=Event.STAGE_CHANGED, data={
        "application": application_id, "from_stage": from_stage_id, "to_stage": to_stage_id, "status": status,
        "reason": reason, "by": by_id})


@receiver(candidate_erased)
def erase_decision_data(sender, *, application_ids: list[int], redact, **kwargs) -> None:
    privacy.erase_decision_data(application_ids=application_ids, redact=redact)


@receiver(subject_access_requested)
def export_decision_data(sender, *, application_ids: list[int], **kwargs) -> dict:
    return privacy.decision_data(application_ids=application_ids)
