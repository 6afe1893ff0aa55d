"""Real Redis, real Celery worker processes, the test database shared with them.

Runs on PostgreSQL, and on SQLite when the test database is a file (SQLITE_TEST_NAME, which
scripts/test.sh sets): an in-memory SQLite test database cannot be opened by another process.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from hiring.models import Packet, PacketBatchItem
from tests.hiring.loop import make_application, rate

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is unset: these tests need a real Redis "
                                             "(scripts/test.sh starts one and sets it)"),
]


def _database_url() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        name = str(s["NAME"])
        if name == ":memory:" or name.startswith("file:memorydb"):
            pytest.skip("the SQLite test database is in memory; set SQLITE_TEST_NAME to a file path "
                        "(scripts/test.sh does) or run on PostgreSQL")
        return f"sqlite:///{name}"
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.fixture
def services_env(tmp_path, settings):
    import redis

    settings.MEDIA_ROOT = tmp_path / "media"
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    env = {k: v for k, v in os.environ.items() if k not in {"TEST_PACKET_RENDER_DELAY"}}
    env.update(DATABASE_URL=_database_url(), CELERY_BROKER_URL=REDIS_URL, CELERY_RESULT_BACKEND=REDIS_URL,
               MEDIA_ROOT=str(settings.MEDIA_ROOT), DJANGO_SETTINGS_MODULE="hiring.settings",
               CELERY_VISIBILITY_TIMEOUT="3", CELERY_UNACKED_RESTORE_INTERVAL="1", DB_CONN_MAX_AGE="0")
    yield env
    client.flushdb()
    client.close()


class Workers:
    def __init__(self, env: dict, tmp_path: Path):
        self.env, self.tmp_path, self.procs, self.files = env, tmp_path, [], []

    def start(self, name: str, **extra: str) -> subprocess.Popen:
        log = self.tmp_path / f"{name}.log"
        self.files.append(log.open("w"))
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "hiring", "worker", "--pool=solo", "--without-mingle",
             "--without-gossip", "--without-heartbeat", "-n", f"{name}@%h", "--loglevel=INFO"],
            cwd=ROOT, env={**self.env, **extra}, stdout=self.files[-1], stderr=subprocess.STDOUT)
        self.procs.append(proc)
        wait_for(lambda: " ready." in log.read_text(), 60, f"worker {name} to start:\n{log.read_text()}")
        return proc

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text()

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=10)
        for file in self.files:
            file.close()


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


@pytest.fixture
def workers(services_env, tmp_path):
    pool = Workers(services_env, tmp_path)
    try:
        yield pool
    finally:
        pool.stop_all()


def enqueue_build(env: dict, requisition_id: int) -> None:
    result = subprocess.run([sys.executable, "manage.py", "build_packets", str(requisition_id)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "0 done so far" in result.stdout  # queued, not run in process


@pytest.fixture
def applications(loop, interviewer):
    apps = [make_application(loop, f"Candidate {i}") for i in range(4)]
    for app in apps:
        rate(loop, app, interviewer, [3.0, 3.5, 2.5])
    return apps


def test_two_workers_build_every_packet_exactly_once(workers, services_env, loop, applications):
    workers.start("w1")
    workers.start("w2")
    enqueue_build(services_env, loop.requisition.pk)
    enqueue_build(services_env, loop.requisition.pk)  # the same inputs again: no second packet
    wait_for(lambda: PacketBatchItem.objects.filter(done_at=None).count() == 0, 120, "both batches to finish")
    per_app = sorted(Packet.objects.values_list("application_id", flat=True))
    assert per_app == sorted(a.pk for a in applications)
    assert "succeeded" in workers.log("w1") + workers.log("w2")


def test_packet_survives_a_killed_worker_exactly_once(workers, services_env, loop, interviewer):
    app = make_application(loop, "Only One")
    rate(loop, app, interviewer, [3.0, 3.5, 2.5])
    doomed = workers.start("doomed", TEST_PACKET_RENDER_DELAY="60")
    enqueue_build(services_env, loop.requisition.pk)
    wait_for(lambda: "render_packet_pdf" in workers.log("doomed") and "received" in workers.log("doomed"), 30,
             "the slow worker to take the task")
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=10)
    assert Packet.objects.count() == 0
    assert "succeeded" not in workers.log("doomed")
    workers.start("rescuer")
    wait_for(lambda: PacketBatchItem.objects.filter(done_at=None).count() == 0, 60,
             "the task to be redelivered and finished")
    assert list(Packet.objects.values_list("application_id", flat=True)) == [app.pk]
