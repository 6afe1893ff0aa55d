"""The e-mails a state change sends, queued after the transaction commits.

The only service module of interviews/ that imports ``interviews.tasks``; the tasks import
``mail``, which does the work, never this module.
"""

from django.db import transaction

from interviews import tasks
from interviews.models import Application, Interview


def application_mail(application: Application) -> None:
    """Received, declined by the knockouts or rejected: the task reads which from the status."""
    application_id = application.pk
    transaction.on_commit(lambda: tasks.send_application_mail.delay(application_id=application_id))


def interview_invitation(interview: Interview, *, updated: bool) -> None:
    interview_id = interview.pk
    transaction.on_commit(lambda: tasks.send_interview_invitation.delay(interview_id=interview_id, updated=updated))
