from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from interviews import tasks
from interviews.models import Interview, Reminder
from interviews.services import reminders
from tests.hiring.loop import make_application, make_loop, rate


@pytest.fixture
def loop(hiring_manager, recruiter):
    return make_loop(hiring_manager=hiring_manager, recruiter=recruiter)


@pytest.mark.django_db
def test_overdue_scorecards_are_reminded_once_per_interviewer_per_day(loop, interviewer, make_user):
    fresh = make_user("fresh")
    app = make_application(loop, "Late Larry")
    late = Interview.objects.create(application=app, round=loop.rounds[0], target_level=loop.levels[1],
                                    scheduled_at=timezone.now() - timedelta(hours=30))
    late.interviewers.add(interviewer)
    recent = Interview.objects.create(application=app, round=loop.rounds[1], target_level=loop.levels[1],
                                      scheduled_at=timezone.now() - timedelta(hours=2))
    recent.interviewers.add(fresh)
    assert tasks.remind_overdue_scorecards.delay().get() == 1
    assert tasks.remind_overdue_scorecards.delay().get() == 0
    assert [(m.subject, m.to) for m in mail.outbox] == [("1 scorecard(s) overdue", ["ian@localhost"])]
    assert list(Reminder.objects.values_list("interviewer__username", "scorecards")) == [("ian", 1)]


@pytest.mark.django_db
def test_submitted_scorecard_is_not_overdue(loop, interviewer):
    app = make_application(loop, "Done Dora")
    card = rate(loop, app, interviewer, [3, 3, 3])
    Interview.objects.filter(pk=card.interview_id).update(scheduled_at=timezone.now() - timedelta(days=2))
    assert reminders.remind_overdue_scorecards() == 0


def test_beat_reminds_every_morning(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["remind-overdue-scorecards"]
    assert entry["task"] == "interviews.tasks.remind_overdue_scorecards"
    assert tasks.remind_overdue_scorecards.name == "interviews.tasks.remind_overdue_scorecards"


def test_reminder_task_acks_late_and_retries_transient_errors():
    from django.db import OperationalError

    assert tasks.remind_overdue_scorecards.acks_late is True
    assert tasks.remind_overdue_scorecards.autoretry_for == (OperationalError, ConnectionError)
    assert tasks.remind_overdue_scorecards.retry_backoff is True
