"""Signals the evidence side sends; the decision side connects to them."""

from django.dispatch import Signal

# Sent after the transaction that submitted a scorecard revision commits.
# Keyword arguments: scorecard_id, application_id. Receivers enqueue work (packet refresh).
scorecard_submitted = Signal()

# Sent after the transaction that moved an application (stage and/or status) commits.
# Keyword arguments: application_id, from_stage_id, to_stage_id, status, reason, by_id (None: the system).
application_stage_changed = Signal()
