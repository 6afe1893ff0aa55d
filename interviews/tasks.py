"""Thin Celery wrappers on the evidence side; RETRY is the retry policy every task of the project uses."""

from celery import shared_task
from django.db import OperationalError

from interviews.services import mail, reminders, retention

TRANSIENT = (OperationalError, ConnectionError)
RETRY = {"acks_late": True, "autoretry_for": TRANSIENT, "retry_backoff": True, "retry_backoff_max": 300,
         "retry_jitter": True, "max_retries": 5}


@shared_task(**RETRY)
def remind_overdue_scorecards() -> int:
    return reminders.remind_overdue_scorecards()


@shared_task(**RETRY)
def apply_retention() -> int:
    """Erase the candidates the retention policy says are due; returns how many were erased."""
    return sum(item.erased for item in retention.apply_retention())


@shared_task(**RETRY)
def send_application_mail(*, application_id: int) -> None:
    mail.send_application_mail(application_id=application_id)


@shared_task(**RETRY)
def send_interview_invitation(*, interview_id: int, updated: bool = False) -> int:
    return mail.send_interview_invitation(interview_id=interview_id, updated=updated)
