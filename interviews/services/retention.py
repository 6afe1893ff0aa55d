"""The retention policy: a candidate is erased CANDIDATE_RETENTION_MONTHS after their last
application ended. An application ends when it is declined, archived or rejected (at its last
stage change), or when its requisition closes; an application still active, at the offer or
hired on an open requisition keeps the person. Run nightly by celery beat, or by
``manage.py apply_retention`` (``--dry-run`` reports without erasing).
"""

import calendar
import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from interviews.models import Application, Candidate, Requisition
from interviews.services.people import erase_candidate

logger = logging.getLogger(__name__)

ENDED = (Application.Status.DECLINED, Application.Status.ARCHIVED, Application.Status.REJECTED)


@dataclass(frozen=True)
class Due:
    """A candidate whose data the policy erases; no personal data, so it can go into logs."""

    candidate_id: int
    applications: tuple[str, ...]  # "opening title (status)"
    ended_at: datetime | None  # when the last application ended; None: the candidate never applied
    erased: bool = False


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day if shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _ended_at(application: Application) -> datetime | None:
    ends = []
    if application.requisition.status == Requisition.Status.CLOSED and application.requisition.closed_at:
        ends.append(application.requisition.closed_at)
    if application.status in ENDED:
        ends.append(application.last_change)
    return min(ends) if ends else None


def due_for_erasure(*, now: datetime | None = None, months: int | None = None,
                    only: int | None = None) -> list[Due]:
    """Candidates not yet erased whose every application ended at least ``months`` ago (and who
    came in before then), oldest first; ``only`` limits it to one candidate id."""
    now = now or timezone.now()
    months = settings.CANDIDATE_RETENTION_MONTHS if months is None else months
    cutoff = months_before(now, months)
    applications = Application.objects.annotate(last_change=Coalesce(Max("stage_changes__at"), "updated_at"))
    ended = (Q(requisition__status=Requisition.Status.CLOSED, requisition__closed_at__lte=cutoff)
             | Q(status__in=ENDED, last_change__lte=cutoff))
    keeping = applications.exclude(ended).values("candidate")
    candidates = Candidate.objects.not_erased().filter(created_at__lte=cutoff).exclude(pk__in=keeping)
    if only is not None:
        candidates = candidates.filter(pk=only)
    rows = applications.filter(candidate__in=candidates).select_related("requisition").order_by("created_at", "pk")
    by_candidate: dict[int, list[Application]] = {candidate: [] for candidate in candidates.values_list("pk", flat=True)}
    for application in rows:
        by_candidate[application.candidate_id].append(application)
    due = [
        Due(candidate_id=pk, applications=tuple(f"{a.requisition.title} ({a.get_status_display()})" for a in apps),
            ended_at=max((_ended_at(a) for a in apps), default=None))
        for pk, apps in by_candidate.items()
    ]
    return sorted(due, key=lambda d: (d.ended_at or datetime.min.replace(tzinfo=now.tzinfo), d.candidate_id))


def apply_retention(*, now: datetime | None = None, dry_run: bool = False) -> list[Due]:
    """Erase every candidate due (each in its own transaction); with ``dry_run`` only report them.
    A candidate whose erasure fails is logged and reported not erased; the others go on."""
    months = settings.CANDIDATE_RETENTION_MONTHS
    due = due_for_erasure(now=now, months=months)
    if dry_run:
        return due
    done = []
    for item in due:
        if not due_for_erasure(now=now, months=months, only=item.candidate_id):
            continue  # applied again since the list was made
        ended = f"{item.ended_at:%Y-%m-%d}" if item.ended_at else "no application"
        try:
            erase_candidate(candidate=Candidate.objects.get(pk=item.candidate_id), by=None,
                            reason=f"Retention policy: {months} months after the last application ended ({ended}).")
        except Exception:
            logger.exception("retention: erasing candidate %s failed", item.candidate_id)
            done.append(item)
        else:
            done.append(Due(item.candidate_id, item.applications, item.ended_at, erased=True))
    return done
