"""Signals the evidence side sends; the decision side connects to them."""

from django.dispatch import Signal

# Sent after the transaction that submitted a scorecard revision commits.
# Keyword arguments: scorecard_id, application_id. Receivers enqueue work (packet refresh).
scorecard_submitted = Signal()
