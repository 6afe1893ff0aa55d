"""Faults of the services around the app, with a real Redis: the broker down must not fail a
submission, and the recalibration it asked for is caught up once the broker is back."""

import shutil
import socket
import subprocess
import time

import pytest
from django.urls import reverse

from hiring import tasks
from hiring.celery import app
from hiring.models import CalibrationRun
from hiring.services.calibration import recalibration_pending
from interviews.models import Scorecard
from tests.factories import build_scored_round
from tests.interviews.scoring.test_interviewer_views import form_data
from tests.servers import free_port

pytestmark = [pytest.mark.services, pytest.mark.django_db]


class Redis:
    """A Redis server of this test's own, on a free loopback port, that it can stop and start."""

    def __init__(self, folder) -> None:
        self.port, self.folder, self.proc = free_port(), folder, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen([shutil.which("redis-server"), "--bind", "127.0.0.1", "--port", str(self.port),
                                      "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def queued(self) -> int:
        import redis

        client = redis.Redis.from_url(self.url)
        try:
            return client.llen("celery")
        finally:
            client.close()


@pytest.fixture
def broker(tmp_path, settings, monkeypatch):
    """Celery pointed at our own Redis, not eager: tasks are sent to it."""
    server = Redis(tmp_path)
    # Read first: Celery loads its configuration from the Django settings lazily, once.
    before = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=server.url, task_always_eager=False)
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield server
    finally:
        server.stop()
        app.conf.update(before)
        app._pool = None
        app.amqp._producer_pool = None


def test_with_redis_down_a_submission_succeeds_and_recalibration_catches_up_when_it_is_back(
        broker, client, interviewer, settings, django_capture_on_commit_callbacks):
    loop = build_scored_round(interviewers=[interviewer])
    broker.start()
    broker.stop()  # Redis was there and went down
    client.force_login(interviewer)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("interviews:scorecard", args=[loop.interview.pk]),
                               form_data(loop, version="0"))
    assert len(callbacks) >= 2  # the submission's signal, then the recalibration it asked the broker for
    assert (response.status_code, response.url) == (302, reverse("interviews:scorecard", args=[loop.interview.pk]))
    assert time.monotonic() - started < 10
    assert Scorecard.objects.get().is_submitted is True
    assert recalibration_pending() is True
    assert CalibrationRun.objects.count() == 0

    broker.start()  # back
    settings.RECALIBRATION_DEBOUNCE_SECONDS = 0
    tasks.catch_up_recalibration.apply()  # what celery beat runs every few minutes
    assert CalibrationRun.objects.count() == 1
    assert recalibration_pending() is False
    # And new submissions are queued to it again.
    tasks.catch_up_recalibration.apply_async(retry=False)
    assert broker.queued() == 1
