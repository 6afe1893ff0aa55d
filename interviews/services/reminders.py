"""Overdue scorecards: one reminder e-mail per interviewer per day."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from interviews.models import Interview, Reminder, Scorecard

OVERDUE_AFTER = timedelta(hours=24)


def remind_overdue_scorecards(*, now=None) -> int:
    """E-mail each interviewer with scorecards still unsubmitted 24 h after the interview.

    At most one e-mail per interviewer per day; returns the number of e-mails sent.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    overdue = defaultdict(list)
    submitted = set(Scorecard.objects.filter(submitted_at__isnull=False).values_list("interview_id", "interviewer_id"))
    rows = Interview.objects.filter(scheduled_at__lte=now - OVERDUE_AFTER).values_list(
        "pk", "interviewers", "round__name", "application__candidate__name", "scheduled_at")
    for interview_id, user_id, round_name, candidate, at in rows:
        if user_id is not None and (interview_id, user_id) not in submitted:
            overdue[user_id].append((round_name, candidate, at))
    already = set(Reminder.objects.filter(day=day).values_list("interviewer_id", flat=True))
    users = get_user_model().objects.in_bulk([u for u in overdue if u not in already])
    sent = 0
    for user_id, user in users.items():
        items = sorted(overdue[user_id], key=lambda i: i[2])
        try:
            with transaction.atomic():
                Reminder.objects.create(interviewer=user, day=day, scorecards=len(items))
        except IntegrityError:  # a concurrent run already claimed today's reminder
            continue
        lines = "\n".join(f"- {r} with {c}, {a:%Y-%m-%d %H:%M}" for r, c, a in items)
        send_mail(f"{len(items)} scorecard(s) overdue", f"Please submit your scorecards:\n{lines}\n",
                  settings.DEFAULT_FROM_EMAIL, [user.email or f"{user.username}@localhost"])
        sent += 1
    return sent
