"""The hiring manager's decision."""

from django.core.exceptions import ValidationError
from django.db import transaction

from hiring.models import Decision
from interviews.models import Application, AuditEntry


@transaction.atomic
def record_decision(*, application: Application, by, outcome: str, level=None, rationale: str) -> Decision:
    """Record the hiring manager's decision on an application; audited."""
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
    elif level is not None:
        raise ValidationError({"level": "Only a hire has a level."})
    decision = Decision.objects.create(application=application, decided_by=by, outcome=outcome, level=level,
                                       rationale=rationale.strip())
    AuditEntry.record(application, "decision.recorded", actor=by, decision=decision.pk, outcome=outcome,
                      level=level.key if level else None)
    return decision
