"""The decision side's share of a candidate's data: erased with them, exported for them.

Connected to the evidence side's signals in hiring/receivers.py.
"""

from collections.abc import Callable

from hiring import evidence
from hiring.models import CalibrationRun, CompetencyEstimate, Decision, Packet, WebhookDelivery
from interviews.services.people import delete_files_after_commit, redact_data, redact_rows


def erase_decision_data(*, application_ids: list[int], redact: Callable[[str], str]) -> None:
    """Delete the applications' rendered packets (rows and PDFs; a packet opened later is drawn
    again, anonymous) and take the person out of decision rationales and of the webhook delivery
    log (a stage change's reason may quote them). The decisions stay."""
    packets = list(Packet.objects.filter(application__in=application_ids))
    delete_files_after_commit(packet.file for packet in packets)
    Packet.objects.filter(pk__in=[packet.pk for packet in packets]).delete()
    redact_rows(Decision.objects.filter(application__in=application_ids), ["rationale"], redact)
    deliveries = []
    for delivery in WebhookDelivery.objects.filter(payload__application__in=application_ids):
        payload = redact_data(delivery.payload, redact)
        if payload != delivery.payload:
            delivery.payload = payload
            deliveries.append(delivery)
    WebhookDelivery.objects.bulk_update(deliveries, ["payload"], batch_size=500)


def decision_data(*, application_ids: list[int]) -> dict[str, list[dict]]:
    """The decisions on the applications and their latest calibrated estimates, for an export."""
    decisions = [
        {"application": d.application_id, "outcome": d.get_outcome_display(),
         "level": d.level.name if d.level_id else None, "rationale": d.rationale, "at": d.at.isoformat()}
        for d in Decision.objects.filter(application__in=application_ids).select_related("level").order_by("at", "pk")
    ]
    run = CalibrationRun.objects.latest_finished()
    names = evidence.competency_names()
    estimates = [] if run is None else [
        {"application": e.application_id, "competency": names.get(e.competency, e.competency),
         "estimate": e.estimate, "standard_error": e.se, "ratings": e.n_ratings,
         "calibrated_at": run.finished_at.isoformat()}
        for e in CompetencyEstimate.objects.filter(run=run, application__in=application_ids)
        .order_by("application", "competency")
    ]
    return {"decisions.json": decisions, "calibrated_estimates.json": estimates}
