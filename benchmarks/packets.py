"""Packet benchmark: HTML and PDF render times, query counts, and throughput through real workers.

    python benchmarks/packets.py [--packets 500] [--renders 30]

Builds a throwaway SQLite database and media folder, an organisation history (applications rated
by a pool of interviewers with known severities), and one application with a loop of 6 interviews
x 10 questions; starts Redis on loopback and two Celery workers, and stops them at the end.
Targets: HTML < 150 ms, PDF < 2 s.
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import free_port  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def build_history(loop, n_apps: int, interviewers: list, rng) -> list:
    from django.utils import timezone

    from interviews.models import Application, Candidate, CompetencyRating, Interview, Scorecard

    severity = {u.pk: rng.normal(0, 0.5) for u in interviewers}
    candidates = Candidate.objects.bulk_create(
        Candidate(name=f"History {i}", email=f"h{i}@example.org") for i in range(n_apps))
    apps = Application.objects.bulk_create(
        Application(candidate=c, requisition=loop.requisition, stage=loop.stage) for c in candidates)
    now = timezone.now()
    interviews, panel = [], []
    for app in apps:
        people = rng.choice(len(interviewers), size=4, replace=False)
        for r in range(4):
            interviews.append(Interview(application=app, round=loop.rounds[r], target_level=loop.levels[1],
                                        scheduled_at=now))
            panel.append(interviewers[people[r]])
    interviews = Interview.objects.bulk_create(interviews)
    Interview.interviewers.through.objects.bulk_create(
        Interview.interviewers.through(interview_id=i.pk, user_id=u.pk) for i, u in zip(interviews, panel, strict=True))
    cards = Scorecard.objects.bulk_create(
        Scorecard(interview=i, interviewer=u, is_current=True, submitted_at=now, recommendation=3)
        for i, u in zip(interviews, panel, strict=True))
    ability = {app.pk: rng.normal(3.0, 0.7) for app in apps}
    ratings = []
    for card, interview, person in zip(cards, interviews, panel, strict=True):
        for comp in loop.competencies:
            score = ability[interview.application_id] - severity[person.pk] + rng.normal(0, 0.5)
            ratings.append(CompetencyRating(scorecard=card, competency=comp,
                                            score=Decimal(str(round(min(5, max(1, score)) * 2) / 2))))
    CompetencyRating.objects.bulk_create(ratings, batch_size=2000)
    return apps


def rate_loop(loop, app, interviewers, rounds: int, rng) -> None:
    from tests.hiring.loop import rate

    for r in range(rounds):
        scores = [round(float(rng.normal(3.4, 0.6)) * 2) / 2 for _ in loop.competencies]
        rate(loop, app, interviewers[r % len(interviewers)], scores, round_index=r, attitude=3, notes=True)


def time_html(client, app, renders: int, *, cold: bool = False) -> tuple[list[float], int]:
    """Render times of the packet page; cold: the chart is drawn anew every time (cache cleared)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/decisions/applications/{app.pk}/packet/"
    assert client.get(url).status_code == 200  # warm the template cache
    times = []
    for _ in range(renders):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return times, len(queries)


def start_workers(env: dict, workdir: Path, count: int) -> list[subprocess.Popen]:
    procs = []
    for i in range(count):
        log = (workdir / f"worker{i}.log").open("w")
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "hiring", "worker", "--pool=solo", "--without-mingle",
             "--without-gossip", "-n", f"bench{i}@%h", "--loglevel=WARNING"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        log.close()
    return procs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, default=500)
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="packets-bench-"))
    redis_port = free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    subprocess.run(["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--daemonize", "yes",
                    "--pidfile", str(workdir / "redis.pid"), "--dir", str(workdir), "--save", "",
                    "--appendonly", "no", "--logfile", str(workdir / "redis.log")], check=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}", "MEDIA_ROOT": str(workdir / "media"),
           "CELERY_BROKER_URL": redis_url, "CELERY_RESULT_BACKEND": redis_url, "DEBUG": "1",
           "DJANGO_SETTINGS_MODULE": "hiring.settings", "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    os.environ.update(env)
    workers: list[subprocess.Popen] = []
    try:
        import django

        django.setup()
        import numpy as np
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client

        from hiring.models import PacketBatchItem
        from hiring.packets import context, pdf
        from hiring.services import calibration, queueing
        from tests.hiring.loop import make_application, make_loop

        call_command("migrate", verbosity=0)
        users = get_user_model().objects
        manager = users.create_user("hana", password="pw")
        recruiter = users.create_user("rita", password="pw")
        pool = users.bulk_create([get_user_model()(username=f"int{i}", first_name=f"Interviewer {i}")
                                  for i in range(25)])
        rng = np.random.default_rng(7)
        loop = make_loop(hiring_manager=manager, recruiter=recruiter, competencies=6, rounds=12,
                         questions_per_round=10)
        started = time.perf_counter()
        history = build_history(loop, max(args.packets - 2, 1), pool, rng)
        target = make_application(loop, "Benchmark Candidate")
        double = make_application(loop, "Double Ratings")
        rate_loop(loop, target, pool, 6, rng)
        rate_loop(loop, double, pool, 12, rng)
        print(f"data: {len(history) + 2} applications, built in {time.perf_counter() - started:.1f} s")
        run = calibration.recalibrate()
        print(f"calibration run: {run.n_ratings} ratings, {run.iterations} iterations, {run.seconds:.2f} s, "
              f"converged={run.converged}")

        client = Client()
        client.force_login(manager)
        cold, queries = time_html(client, target, args.renders, cold=True)
        warm, _ = time_html(client, target, args.renders)
        _, queries_double = time_html(client, double, 3)
        for label, times in (("chart drawn each time", cold), ("chart reused, packet unchanged", warm)):
            print(f"packet HTML (6 interviews x 10 questions, {args.renders} renders, {label}): "
                  f"median {1000 * statistics.median(times):.1f} ms, p95 {1000 * percentile(times, 0.95):.1f} ms "
                  f"(target < 150 ms)")
        print(f"SQL queries per packet page: {queries} (2x the ratings: {queries_double}, "
              f"{'same' if queries == queries_double else 'DIFFERENT'})")
        pdf_times = []
        for _ in range(5):
            start = time.perf_counter()
            pdf.render(context.build(target.pk))
            pdf_times.append(time.perf_counter() - start)
        print(f"packet PDF (context + WeasyPrint, 5 renders): median {statistics.median(pdf_times):.2f} s "
              f"(target < 2 s)")

        workers = start_workers(env, workdir, args.workers)
        start = time.perf_counter()
        batch = queueing.start_packet_batch(requisition=loop.requisition)
        total = PacketBatchItem.objects.filter(batch=batch).count()
        deadline = time.monotonic() + 1800
        done = 0
        while done < total and time.monotonic() < deadline:
            time.sleep(0.5)
            done = PacketBatchItem.objects.filter(batch=batch).exclude(done_at=None).count()
        elapsed = time.perf_counter() - start
        print(f"{done} of {total} packets through {args.workers} workers in {elapsed:.1f} s: "
              f"{done / elapsed:.2f} packets/s")
    finally:
        for proc in workers:
            proc.send_signal(signal.SIGTERM)
        for proc in workers:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        pid = workdir / "redis.pid"
        if pid.exists():
            os.kill(int(pid.read_text()), signal.SIGTERM)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
