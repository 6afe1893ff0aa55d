"""The hiring manager's decision."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from hiring.models import Decision, WebhookSubscription
from hiring.services import queueing
from interviews.models import Application, AuditEntry
from interviews.services import pipeline
from rubrics.models import CodingVariant, Level, Round


@transaction.atomic
def record_decision(*, application: Application, by, outcome: str, level=None, rationale: str) -> Decision:
    """Record the hiring manager's decision on an application; audited.

    A hire moves the application to Hired at that level (closing the requisition once its
    openings are filled) and a no-hire to Rejected with the rationale as the reason, through
    the pipeline's own services; more signal leaves it where it is.
    """
    if application.requisition.hiring_manager_id != by.pk:
        raise ValidationError("Only the requisition's hiring manager records its decision.")
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": f"Unknown outcome {outcome!r}."})
    if not (rationale or "").strip():
        raise ValidationError({"rationale": "Give the rationale for the decision."})
    if outcome == Decision.Outcome.HIRE:
        if level is None:
            raise ValidationError({"level": "Choose the level to hire at."})
        if level.role_id != application.requisition.role_id:
            raise ValidationError({"level": "The level is not one of the role's levels."})
        if not application.requisition.target_levels.filter(pk=level.pk).exists():
            raise ValidationError({"level": "Choose one of the requisition's target levels."})
    elif level is not None:
        raise ValidationError({"level": "Only a hire has a level."})
    if application.status not in pipeline.IN_PIPELINE:
        raise ValidationError(f"The application is already {application.get_status_display().lower()}: "
                              "a decision is recorded while it is in the pipeline.")
    rationale = rationale.strip()
    decision = Decision.objects.create(application=application, decided_by=by, outcome=outcome, level=level,
                                       rationale=rationale)
    AuditEntry.record(application, "decision.recorded", actor=by, decision=decision.pk, outcome=outcome,
                      level=level.key if level else None)
    event = {"decision": decision.pk, "application": application.pk, "outcome": outcome,
             "level": level.key if level else None, "by": by.pk}
    transaction.on_commit(lambda: queueing.emit_event(event=WebhookSubscription.Event.DECISION_RECORDED, data=event))
    if outcome == Decision.Outcome.HIRE:
        pipeline.hire_application(application=application, level=level, by=by,
                                  reason=f"Hire at {level.name}: {rationale}")
    elif outcome == Decision.Outcome.NO_HIRE:
        pipeline.reject_application(application=application, by=by, reason=f"No hire: {rationale}")
    return decision


@transaction.atomic
def request_more_signal(
    *, application: Application, round: Round, interviewers: Iterable, target_level: Level,
    scheduled_at: datetime | None = None, variant: CodingVariant | None = None, by, rationale: str,
) -> Decision:
    """A "more signal" decision and the interview that gathers it, on a round the application has not had."""
    if application.interviews.filter(round=round).exists():
        raise ValidationError("This round was already held for this candidate: choose a round not held yet.")
    decision = record_decision(application=application, by=by, outcome=Decision.Outcome.MORE_SIGNAL,
                               rationale=rationale)
    pipeline.assign_interviewers(application=application, round=round, interviewers=interviewers,
                                 target_level=target_level, scheduled_at=scheduled_at, variant=variant, by=by)
    return decision
