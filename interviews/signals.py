"""Signals the evidence side sends; the decision side connects to them."""

from django.dispatch import Signal

# Sent after the transaction that submitted a scorecard revision commits.
# Keyword arguments: scorecard_id, application_id. Receivers enqueue work (packet refresh).
scorecard_submitted = Signal()

# Sent after the transaction that moved an application (stage and/or status) commits.
# Keyword arguments: application_id, from_stage_id, to_stage_id, status, reason, by_id (None: the system).
application_stage_changed = Signal()

# Sent inside the transaction that erases a candidate, once the evidence side has anonymised its
# own rows. Keyword arguments: candidate (already anonymised), application_ids, redact (a function
# str -> str that takes the person's name, e-mail, phone and file names out of a text). Receivers
# anonymise or delete what their app keeps about those applications, files through
# interviews.services.people.delete_files_after_commit.
candidate_erased = Signal()

# Sent while a subject-access export is built. Keyword arguments: candidate, application_ids.
# Each receiver returns {file name in the zip: JSON-serialisable data} for what its app keeps
# about the person.
subject_access_requested = Signal()
