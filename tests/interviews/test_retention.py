import io
from datetime import UTC, datetime

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from interviews.models import Application, AuditEntry, Candidate, Requisition, StageChange
from interviews.services.retention import Due, apply_retention, months_before
from interviews.tasks import apply_retention as apply_retention_task
from tests.factories import ApplicationFactory, CandidateFactory, RequisitionFactory

NOW = datetime(2027, 6, 15, 12, 0, tzinfo=UTC)  # with 12 months' retention, the cut-off is 2026-06-15 12:00
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 0, tzinfo=UTC)


def applied(requisition, name: str, *, status: str = "active", ended: datetime | None = None) -> Application:
    application = ApplicationFactory(requisition=requisition, candidate__name=name, status=status)
    StageChange.objects.create(application=application, to_stage=application.stage, status=status, reason="x")
    StageChange.objects.filter(application=application).update(at=ended or LONG_AGO)
    Application.objects.filter(pk=application.pk).update(created_at=LONG_AGO, updated_at=LONG_AGO)
    Candidate.objects.filter(pk=application.candidate_id).update(created_at=LONG_AGO)
    return application


@pytest.fixture
def time_now(monkeypatch):
    """The clock stands at NOW for the command and the task, which take no time argument."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def people(requisition, loop):
    """Who the policy erases at NOW (12 months) and who it keeps, each for a reason."""
    closed = RequisitionFactory(loop=loop.loop, title="Closed opening", status=Requisition.Status.CLOSED,
                                closed_at=at(2026, 3, 1))
    recently_closed = RequisitionFactory(loop=loop.loop, title="Recently closed", status=Requisition.Status.CLOSED,
                                         closed_at=at(2026, 9, 1))
    declined_long_ago = applied(requisition, "Declined long ago", status="declined", ended=at(2026, 5, 1))
    applied(requisition, "Declined recently", status="declined", ended=at(2026, 7, 1))
    closed_long_ago = applied(closed, "Opening closed long ago")
    applied(recently_closed, "Opening closed recently")
    applied(requisition, "Still active")
    applied(requisition, "Hired", status="hired")
    both = applied(requisition, "Archived, applied again", status="archived", ended=at(2025, 6, 1))
    ApplicationFactory(requisition=RequisitionFactory(loop=loop.loop), candidate=both.candidate)  # still active
    never = CandidateFactory(name="Never applied")
    Candidate.objects.filter(pk=never.pk).update(created_at=at(2026, 1, 1))
    return {"declined": declined_long_ago.candidate, "closed": closed_long_ago.candidate, "never": never}


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(datetime(2027, 3, 31, 8, tzinfo=UTC), 1) == datetime(2027, 2, 28, 8, tzinfo=UTC)
    assert months_before(datetime(2027, 1, 15, tzinfo=UTC), 13) == datetime(2025, 12, 15, tzinfo=UTC)


@pytest.mark.django_db
def test_dry_run_reports_who_is_due_and_changes_nothing(people, settings):
    settings.CANDIDATE_RETENTION_MONTHS = 12
    report = apply_retention(now=NOW, dry_run=True)
    assert report == [
        Due(people["never"].pk, (), None),
        Due(people["closed"].pk, ("Closed opening (Active)",), at(2026, 3, 1)),
        Due(people["declined"].pk, ("Data Scientist, Berlin (Declined (knockout))",), at(2026, 5, 1)),
    ]
    assert Candidate.objects.filter(erased_at__isnull=False).count() == 0
    assert AuditEntry.objects.filter(action="candidate.erased").count() == 0


@pytest.mark.django_db
def test_run_erases_exactly_those_due(people, settings):
    settings.CANDIDATE_RETENTION_MONTHS = 12
    report = apply_retention(now=NOW)
    assert [(item.candidate_id, item.erased) for item in report] == [
        (people["never"].pk, True), (people["closed"].pk, True), (people["declined"].pk, True)]
    erased = {c.pk for c in Candidate.objects.filter(erased_at__isnull=False)}
    assert erased == {people["never"].pk, people["closed"].pk, people["declined"].pk}
    assert sorted(Candidate.objects.filter(erased_at__isnull=True).values_list("name", flat=True)) == [
        "Archived, applied again", "Declined recently", "Hired", "Opening closed recently", "Still active"]
    entry = AuditEntry.objects.get(action="candidate.erased", target_id=people["declined"].pk)
    assert (entry.actor, entry.data["reason"]) == (
        None, "Retention policy: 12 months after the last application ended (2026-05-01).")
    assert apply_retention(now=NOW) == []  # nothing left to do


@pytest.mark.django_db
def test_a_longer_retention_keeps_everyone_a_while_more(people, settings):
    settings.CANDIDATE_RETENTION_MONTHS = 24
    assert apply_retention(now=NOW, dry_run=True) == []


@pytest.mark.django_db
def test_command_dry_run_then_run(people, settings, time_now):
    settings.CANDIDATE_RETENTION_MONTHS = 12
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [
        f"candidate {people['never'].pk}: never applied; -",
        f"candidate {people['closed'].pk}: ended 2026-03-01; Closed opening (Active)",
        f"candidate {people['declined'].pk}: ended 2026-05-01; Data Scientist, Berlin (Declined (knockout))",
        "3 candidate(s) would be erased (retention: 12 months).",
    ]
    assert Candidate.objects.filter(erased_at__isnull=False).count() == 0
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert out.getvalue().splitlines()[-1] == "3 candidate(s) erased (retention: 12 months)."
    assert Candidate.objects.filter(erased_at__isnull=False).count() == 3


@pytest.mark.django_db
def test_nightly_beat_entry_runs_the_retention_task(people, settings, time_now):
    assert settings.CELERY_BEAT_SCHEDULE["candidate-retention"] == {
        "task": "interviews.tasks.apply_retention", "schedule": crontab(hour=3, minute=30)}
    assert apply_retention_task.name == "interviews.tasks.apply_retention"
    settings.CANDIDATE_RETENTION_MONTHS = 12
    assert apply_retention_task.delay().get() == 3


def test_default_retention_is_twelve_months():
    assert settings.CANDIDATE_RETENTION_MONTHS == 12


@pytest.mark.django_db
def test_a_requisition_closed_in_the_admin_gets_its_closing_time(requisition, time_now):
    requisition.status = Requisition.Status.CLOSED
    requisition.save()
    requisition.refresh_from_db()
    assert requisition.closed_at == NOW
