import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hiring import services, tasks
from hiring.demo_packets import build_demo_packets
from hiring.models import CalibrationRun, Debounce, Packet, PacketBatchItem, Reminder
from interviews.models import Interview, Scorecard
from interviews.signals import scorecard_submitted
from tests.hiring.loop import make_application, rate


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def applications(loop, interviewer):
    apps = [make_application(loop, name) for name in ("Ann Alpha", "Ben Beta")]
    for app in apps:
        rate(loop, app, interviewer, [3.0, 3.5, 2.5])
    return apps


@pytest.mark.django_db
def test_render_task_is_idempotent(applications, media):
    first = tasks.render_packet_pdf.delay(applications[0].pk).get()
    again = tasks.render_packet_pdf.delay(applications[0].pk).get()
    assert first == again
    assert Packet.objects.count() == 1


@pytest.mark.django_db
def test_render_task_for_a_deleted_application_does_nothing(media):
    assert tasks.render_packet_pdf.delay(987654).get() is None
    assert Packet.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_requisition_page_builds_every_packet_and_shows_progress(client, loop, applications, hiring_manager, media):
    client.force_login(hiring_manager)
    response = client.post(reverse("hiring:requisition-packets", args=[loop.requisition.pk]))
    assert response.status_code == 302
    assert sorted(Packet.objects.values_list("application_id", flat=True)) == sorted(a.pk for a in applications)
    page = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "2 of 2 packets built: done." in page
    assert "hx-get" not in page  # finished: the page stops polling


@pytest.mark.django_db(transaction=True)
def test_build_packets_command_queues_the_requisitions_packets(loop, applications, media):
    out = io.StringIO()
    call_command("build_packets", str(loop.requisition.pk), stdout=out)
    assert Packet.objects.count() == 2
    assert PacketBatchItem.objects.filter(done_at=None).count() == 0
    assert out.getvalue().endswith("2 packet(s) queued for Data Scientist opening; 2 done so far.\n")


@pytest.mark.django_db
def test_requisition_packets_page_is_refused_to_interviewers(client, loop, interviewer):
    client.force_login(interviewer)
    assert client.get(reverse("hiring:requisition-packets", args=[loop.requisition.pk])).status_code == 403


@pytest.mark.django_db
def test_superseded_recalibration_request_is_skipped(applications):
    Debounce.objects.create(key=services.RECALIBRATION_KEY, requested_at=timezone.now())
    stale = (timezone.now() - timedelta(seconds=30)).isoformat()
    assert tasks.recalibrate_debounced.delay(stale).get() is None
    assert CalibrationRun.objects.count() == 0
    latest = Debounce.objects.get().requested_at.isoformat()
    assert tasks.recalibrate_debounced.delay(latest).get() == CalibrationRun.objects.get().pk


@pytest.mark.django_db(transaction=True)
def test_scorecard_submission_records_a_recalibration_request(applications):
    card = Scorecard.objects.first()
    before = timezone.now()
    scorecard_submitted.send(sender=Scorecard, scorecard_id=card.pk, application_id=card.interview.application_id)
    assert Debounce.objects.get(key=services.RECALIBRATION_KEY).requested_at >= before
    # Eager mode (no broker) cannot debounce: it leaves the refit to the next read of the results.
    assert CalibrationRun.objects.count() == 0


@pytest.mark.django_db
def test_a_later_recalibration_request_supersedes_the_earlier_one():
    services.request_recalibration()
    first = Debounce.objects.get(key=services.RECALIBRATION_KEY).requested_at
    services.request_recalibration()
    assert Debounce.objects.filter(key=services.RECALIBRATION_KEY).count() == 1
    assert Debounce.objects.get(key=services.RECALIBRATION_KEY).requested_at > first


@pytest.mark.django_db(transaction=True)
def test_eager_mode_refits_when_results_are_next_read_after_a_submission(client, loop, applications,
                                                                         hiring_manager):
    first = services.recalibrate()
    client.force_login(hiring_manager)
    client.get(reverse("hiring:packet", args=[applications[0].pk]))
    assert CalibrationRun.objects.count() == 1  # nothing new since the run: no refit
    card = Scorecard.objects.first()
    scorecard_submitted.send(sender=Scorecard, scorecard_id=card.pk, application_id=card.interview.application_id)
    client.get(reverse("hiring:packet", args=[applications[0].pk]))
    client.get(reverse("hiring:calibration"))
    assert list(CalibrationRun.objects.values_list("pk", flat=True).order_by("pk")) == [first.pk, first.pk + 1]


@pytest.mark.django_db(transaction=True)
def test_scorecard_submission_enqueues_a_delayed_recalibration_with_a_broker(applications, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(tasks.recalibrate_debounced, "apply_async", lambda **kw: sent.append(kw))
    card = Scorecard.objects.first()
    scorecard_submitted.send(sender=Scorecard, scorecard_id=card.pk, application_id=card.interview.application_id)
    stamp = Debounce.objects.get(key=services.RECALIBRATION_KEY).requested_at.isoformat()
    assert sent == [{"kwargs": {"requested_at": stamp}, "countdown": settings.RECALIBRATION_DEBOUNCE_SECONDS}]


@pytest.mark.django_db
def test_recalibration_warm_starts_from_the_previous_run(applications):
    cold = services.recalibrate()
    warm = services.recalibrate()
    assert warm.warm_state is not None
    assert warm.iterations <= cold.iterations
    assert warm.n_ratings == cold.n_ratings == 6


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
    assert services.remind_overdue_scorecards() == 0


@pytest.mark.django_db
def test_build_demo_packets_recalibrates_and_renders_every_packet(applications, media):
    out = io.StringIO()
    assert build_demo_packets(stdout=out) == 2
    assert Packet.objects.count() == 2
    assert out.getvalue().splitlines()[1] == "Rendered packets for 2 application(s); 2 stored."


def test_beat_schedules_nightly_recalibration(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["nightly-recalibration"]
    assert entry["task"] == "hiring.tasks.recalibrate"
    assert tasks.recalibrate.name == "hiring.tasks.recalibrate"


def test_tasks_ack_late_and_retry_transient_errors():
    from django.db import OperationalError

    for task in (tasks.render_packet_pdf, tasks.recalibrate, tasks.recalibrate_debounced,
                 tasks.remind_overdue_scorecards):
        assert task.acks_late is True
        assert task.autoretry_for == (OperationalError, ConnectionError)
        assert task.retry_backoff is True
