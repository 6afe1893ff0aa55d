import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hiring import tasks
from hiring.demo_packets import build_demo_packets
from hiring.models import CalibrationRun, Debounce, Packet, PacketBatchItem
from hiring.services import queueing
from hiring.services.calibration import RECALIBRATION_KEY, recalibrate
from hiring.services.queueing import request_recalibration
from interviews.models import Scorecard
from interviews.signals import scorecard_submitted
from tests.hiring.loop import make_application, rate


def wait_for_batches() -> None:
    for thread in list(queueing.BACKGROUND.values()):
        thread.join(timeout=60)


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
    wait_for_batches()
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
    assert client.get(reverse("hiring:requisition-packets", args=[loop.requisition.pk])).status_code == 404


@pytest.mark.django_db
def test_superseded_recalibration_request_is_skipped(applications):
    Debounce.objects.create(key=RECALIBRATION_KEY, requested_at=timezone.now())
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
    assert Debounce.objects.get(key=RECALIBRATION_KEY).requested_at >= before
    # Eager mode (no broker) cannot debounce: it leaves the refit to the next read of the results.
    assert CalibrationRun.objects.count() == 0


@pytest.mark.django_db
def test_a_later_recalibration_request_supersedes_the_earlier_one():
    request_recalibration()
    first = Debounce.objects.get(key=RECALIBRATION_KEY).requested_at
    request_recalibration()
    assert Debounce.objects.filter(key=RECALIBRATION_KEY).count() == 1
    assert Debounce.objects.get(key=RECALIBRATION_KEY).requested_at > first


@pytest.mark.django_db(transaction=True)
def test_eager_mode_refits_when_results_are_next_read_after_a_submission(client, loop, applications,
                                                                         hiring_manager):
    first = recalibrate()
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
    stamp = Debounce.objects.get(key=RECALIBRATION_KEY).requested_at.isoformat()
    assert sent == [{"kwargs": {"requested_at": stamp}, "countdown": settings.RECALIBRATION_DEBOUNCE_SECONDS,
                     "retry": False}]


@pytest.mark.django_db
def test_recalibration_warm_starts_from_the_previous_run(applications):
    cold = recalibrate()
    warm = recalibrate()
    assert warm.warm_state is not None
    assert warm.iterations <= cold.iterations
    assert warm.n_ratings == cold.n_ratings == 6


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

    for task in (tasks.render_packet_pdf, tasks.recalibrate, tasks.recalibrate_debounced):
        assert task.acks_late is True
        assert task.autoretry_for == (OperationalError, ConnectionError)
        assert task.retry_backoff is True


@pytest.mark.django_db(transaction=True)
def test_build_all_packets_returns_at_once_in_eager_mode_and_progress_counts_up(client, loop, applications,
                                                                                hiring_manager, media, monkeypatch):
    import threading

    from hiring.services import packets

    release, rendering = threading.Event(), threading.Event()
    real = packets.render_packet

    def held(**kwargs):  # the first render waits until the test has seen the response and the progress page
        rendering.set()
        release.wait(timeout=30)
        return real(**kwargs)

    monkeypatch.setattr(packets, "render_packet", held)
    client.force_login(hiring_manager)
    response = client.post(reverse("hiring:requisition-packets", args=[loop.requisition.pk]))
    assert response.status_code == 302  # answered while the build is still running
    assert rendering.wait(timeout=30)
    page = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "0 of 2 packets built." in page
    assert "hx-get" in page  # still polling
    release.set()
    wait_for_batches()
    page = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "2 of 2 packets built: done." in page
