"""Benchmark: 20 concurrent interviewers submit scorecards through the real submit endpoint.

Starts a throwaway PostgreSQL on 127.0.0.1 (unless DATABASE_URL is set), migrates, imports the
demo kit, bulk-creates complete draft scorecards spread over 20 interviewers, starts the app under
gunicorn on a free loopback port, then runs two phases, 20 client threads each (one logged-in
session per interviewer, keep-alive HTTP) that POST scorecard forms with action=submit:

- saturation (closed loop): every client sends its next submission as soon as the previous one
  is answered, 2,000 in all. Its latency is mostly queueing (20 in flight all the time), so it
  says how much the server can take, not how fast a user is served;
- stated load (open loop): ``--rate`` submissions per second in total on a fixed schedule, by
  default 65 % of the throughput just measured; each latency counts from the scheduled send
  time, so time spent waiting behind a slow response is included.

Prints throughput, median and p95 latency of each phase, the error count, and checks the
database holds exactly the submitted scorecards. Also prints the CPU time each submission cost the
app server, PostgreSQL and the clients during the saturation phase; then the same saturation
phase once more through the API (``--api-scorecards`` submissions, JSON with each interviewer's
personal token to ``/api/interviews/<id>/scorecard/submit/``), so the two CPU figures compare the
page and the API on the same server.

With ``--database sqlite`` it runs the embedded default instead: a fresh SQLite file with the
project's connection options, and one phase of 20 interviewers working as the scorecard page
does for ``--seconds``: each autosaves a draft ``--autosaves`` times (the whole form, with the
draft's version) and then submits it, then goes on to their next interview. It prints the
errors (any answer but the expected one), the lost writes (an autosave or submission the client
was told succeeded that the database does not hold afterwards) and the latency of autosaves and
submissions. ``--sqlite-query`` adds URL options that override the project's, e.g.
``transaction_mode=DEFERRED&timeout=5&init_command=PRAGMA journal_mode=DELETE`` for SQLite's
own defaults as the project had them before.

    python benchmarks/scorecard_submit.py [--scorecards 2000] [--open-scorecards 1000] [--rate N]
                                          [--api-scorecards 1000] [--clients 20] [--workers 2] [--threads 1]
    python benchmarks/scorecard_submit.py --database sqlite [--seconds 60] [--autosaves 3]
    python benchmarks/scorecard_submit.py --interviewers [--seconds 60]   (the same phase on PostgreSQL)
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
WORKERS, THREADS = 2, 1  # best of 2-6 sync workers and gthread x2-4 on 2 cores: one sync worker per core
sys.path.insert(0, str(ROOT))

from tests.servers import Postgres, free_port  # noqa: E402

TOKENS: dict[str, str] = {}  # session key -> that interviewer's API token (filled by prepare)


def prepare(count: int, clients: int) -> tuple[list[list[tuple[int, str]]], dict[str, str]]:
    """Bulk-create ``count`` complete drafts; return per client [(interview pk, session key)] and the form."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore

    from hiring.demo import DEMO_KIT
    from interviews.models import (
        Application,
        Candidate,
        CompetencyRating,
        Interview,
        QuestionAnswer,
        Requisition,
        Scorecard,
    )
    from interviews.services.kits import answer_field, competency_field, load_round_kit
    from rubrics.kits import import_kit
    from rubrics.models import Round, Stage

    role = import_kit(text=DEMO_KIT.read_text(encoding="utf-8"), publish=True).version
    round_ = Round.objects.filter(stage__template__role=role, stage__kind=Stage.Kind.INTERVIEWS).order_by(
        "stage__order", "order").first()
    level = role.levels.order_by("rank")[1]
    User = get_user_model()
    password = make_password(secrets.token_hex(8))
    users = User.objects.bulk_create([User(username=f"bench{n}", password=password) for n in range(clients)])
    staff = User.objects.create(username="bench-recruiter", password=password)
    requisition = Requisition.objects.create(title="Benchmark", loop=round_.stage.template, hiring_manager=staff,
                                             recruiter=staff)
    candidates = Candidate.objects.bulk_create([Candidate(name=f"Candidate {n}", email=f"c{n}@example.org")
                                                for n in range(count)])
    applications = Application.objects.bulk_create([
        Application(candidate=c, requisition=requisition, stage=round_.stage) for c in candidates])
    interviews = Interview.objects.bulk_create([
        Interview(application=a, round=round_, target_level=level) for a in applications])
    owner = [users[n % clients] for n in range(count)]
    Interview.interviewers.through.objects.bulk_create([
        Interview.interviewers.through(interview_id=i.pk, user_id=u.pk) for i, u in zip(interviews, owner, strict=True)])
    kit = load_round_kit(interviews[0])
    form = {"action": "submit", "recommendation": "3", "summary": "Benchmark scorecard."}
    answers = []
    for kq in kit.questions:
        choice = kit.level_choices(kq.competencies[0].pk)[2][0] if not kq.is_exercise else "meets"
        form[answer_field(kq.question.pk)] = choice
        form[answer_field(kq.question.pk) + "-strengths"] = "Clear, structured answer with a worked example."
        answers.append((kq, choice))
    ratings = []
    for competency in kit.competencies:
        choice = kit.level_choices(competency.pk)[2][0]
        form[competency_field(competency.pk)] = choice
        ratings.append((competency, kit.competency_score(competency.pk, choice)))
    scorecards = Scorecard.objects.bulk_create([
        Scorecard(interview=i, interviewer=u, recommendation=3, summary="Benchmark scorecard.")
        for i, u in zip(interviews, owner, strict=True)])
    QuestionAnswer.objects.bulk_create([
        QuestionAnswer(scorecard=s, question=kq.question, choice=choice, score=kit.answer_score(kq, choice))
        for s in scorecards for kq, choice in answers], batch_size=2000)
    CompetencyRating.objects.bulk_create([CompetencyRating(scorecard=s, competency=c, score=score)
                                          for s in scorecards for c, score in ratings], batch_size=2000)
    from accounts.tokens import create_api_token

    sessions = {}
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions[user.pk] = store.session_key
        TOKENS[store.session_key] = create_api_token(user=user, name="benchmark")[1]
    work = [[] for _ in range(clients)]
    for n, interview in enumerate(interviews):
        work[n % clients].append((interview.pk, sessions[owner[n].pk]))
    return work, form


def _api_body(form: dict) -> bytes:
    """The page's form as the API's JSON draft: the same field names, the version it was read at."""
    draft = {key: value for key, value in form.items() if key != "action"}
    return json.dumps({**draft, "version": DRAFT_VERSION}).encode()


DRAFT_VERSION = 0  # the version of the bulk-created drafts (the field's default)


def client(port: int, jobs: list[tuple[int, str]], form: dict, deadline: float, latencies: list, errors: list,
           schedule: list[float] | None = None, via: str = "page") -> None:
    """POST each job in turn: back to back, or at the monotonic times of ``schedule``, counting
    each latency from its scheduled time. ``via`` "api" submits through the API instead."""
    csrf = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret, sent as cookie and field
    body = urlencode({**form, "csrfmiddlewaretoken": csrf}) if via == "page" else _api_body(form)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for n, (interview_pk, session) in enumerate(jobs):
        if time.monotonic() > deadline:
            errors.append("deadline")
            continue
        headers = ({"Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"sessionid={session}; csrftoken={csrf}", "Host": "127.0.0.1"} if via == "page" else
                   {"Content-Type": "application/json", "Authorization": f"Bearer {TOKENS[session]}",
                    "Host": "127.0.0.1"})
        url, expected = ((f"/interviews/{interview_pk}/scorecard/", 302) if via == "page" else
                         (f"/api/interviews/{interview_pk}/scorecard/submit/", 200))
        if schedule is not None:
            wait = schedule[n] - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            start = schedule[n] - time.monotonic() + time.perf_counter()
        else:
            start = time.perf_counter()
        try:
            conn.request("POST", url, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != expected:
                errors.append(f"{interview_pk}: HTTP {response.status}")
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{interview_pk}: {exc!r}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies.append(time.perf_counter() - start)
    conn.close()


def warm_up(port: int, work: list[list[tuple[int, str]]], form: dict) -> None:
    """Every client opens its first scorecard form (GET, nothing submitted), so that the workers
    have imported everything and cached the kit before anything is timed."""
    def get(interview_pk: int, session: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", f"/interviews/{interview_pk}/scorecard/",
                     headers={"Cookie": f"sessionid={session}", "Host": "127.0.0.1"})
        conn.getresponse().read()
        conn.close()

    for _ in range(2):
        threads = [threading.Thread(target=get, args=jobs[0]) for jobs in work]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def _proc_stats() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds used so far) for every process."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(stat.parent.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    return found


class CpuMeter:
    """CPU seconds used by the app server's workers, PostgreSQL's processes (when this script
    started it) and this process's client threads: a cost per submission that queueing does not
    inflate, for comparing changes (a busy host still makes every CPU second slower)."""

    def __init__(self, server_pid: int, postmaster_pid: int | None) -> None:
        self.parents = {"app": server_pid, "postgres": postmaster_pid}

    def sample(self) -> dict[str, float]:
        stats = _proc_stats()
        used = {name: sum(cpu for parent, cpu in stats.values() if parent == pid)
                for name, pid in self.parents.items() if pid is not None}
        times = os.times()
        used["clients"] = times.user + times.system
        return used

    @staticmethod
    def report(before: dict[str, float], after: dict[str, float], count: int,
               label: str = "CPU per page submission") -> None:
        # A process that ended during the phase takes its CPU time with it: none should (keep-alive, pooled DB).
        parts = ", ".join(f"{name} {(after[name] - before[name]) / count * 1000:.1f} ms" for name in after)
        print(f"{label}: {parts}")


def run_phase(port: int, work: list[list[tuple[int, str]]], form: dict, time_limit: float,
              rate: float | None = None, via: str = "page") -> tuple[list[float], list[str], float]:
    """Run one client thread per job list; with ``rate``, submission k (over all clients, in turn)
    is due k / rate seconds after the start."""
    latencies: list[float] = []
    errors: list[str] = []
    clients = len(work)
    start = time.monotonic() + 0.2
    deadline = start + time_limit
    schedules = [None] * clients if rate is None else [
        [start + (k * clients + c) / rate for k in range(len(jobs))] for c, jobs in enumerate(work)]
    threads = [threading.Thread(target=client, args=(port, jobs, form, deadline, latencies, errors, schedule, via))
               for jobs, schedule in zip(work, schedules, strict=True)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def report(name: str, latencies: list[float], elapsed: float, unit: str = "submissions") -> None:
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)] if ordered else float("nan")
    print(f"{name}: {len(latencies)} in {elapsed:.2f} s -> {len(latencies) / elapsed:.1f} {unit}/s; "
          f"latency median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
          f"max {ordered[-1] * 1000:.1f} ms")


VERSION = re.compile(rb'name="version" id="scorecard-version" value="(\d+)"')


def interviewer(port: int, jobs: list[tuple[int, str]], form: dict, autosaves: int, deadline: float,
                latencies: dict[str, list[float]], errors: list[str], acknowledged: dict[int, tuple[str, bool]]) -> None:
    """Work through ``jobs`` as an interviewer on the scorecard page until ``deadline``: autosave
    each draft ``autosaves`` times, each time with a new summary, then submit it."""
    csrf = secrets.token_hex(16)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    draft_form = {k: v for k, v in form.items() if k != "action"}

    def post(path: str, data: dict, session: str) -> tuple[int, bytes]:
        nonlocal conn
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Host": "127.0.0.1",
                   "Cookie": f"sessionid={session}; csrftoken={csrf}"}
        try:
            conn.request("POST", path, body=urlencode({**data, "csrfmiddlewaretoken": csrf}), headers=headers)
            response = conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            return 0, repr(exc).encode()

    for interview_pk, session in jobs:
        version = "0"
        for k in range(autosaves + 1):
            if time.monotonic() > deadline:
                conn.close()
                return
            submitting = k == autosaves
            summary = f"{'Submitted' if submitting else 'Draft'} {k} of interview {interview_pk}"
            data = {**(form if submitting else draft_form), "summary": summary, "version": version}
            path = f"/interviews/{interview_pk}/scorecard/" + ("" if submitting else "draft/")
            started = time.perf_counter()
            status, body = post(path, data, session)
            latencies["submit" if submitting else "autosave"].append(time.perf_counter() - started)
            found = VERSION.search(body)
            if submitting and status == 302:
                acknowledged[interview_pk] = (summary, True)
            elif not submitting and status == 200 and found:
                acknowledged[interview_pk] = (summary, False)
                version = found.group(1).decode()
            else:
                errors.append(f"{path}: HTTP {status} {body[:100]!r}")
                break
    conn.close()


def run_interviewers(port: int, work: list[list[tuple[int, str]]], form: dict, autosaves: int,
                     seconds: float) -> tuple[dict[str, list[float]], list[str], dict[int, tuple[str, bool]], float]:
    latencies: dict[str, list[float]] = {"autosave": [], "submit": []}
    errors: list[str] = []
    acknowledged: dict[int, tuple[str, bool]] = {}
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=interviewer, args=(port, jobs, form, autosaves, deadline, latencies, errors,
                                                          acknowledged)) for jobs in work]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, acknowledged, time.perf_counter() - started


def lost_writes(acknowledged: dict[int, tuple[str, bool]]) -> list[int]:
    from interviews.models import Scorecard
    stored = {pk: (summary, submitted is not None) for pk, summary, submitted in
              Scorecard.objects.filter(interview__in=list(acknowledged)).values_list(
                  "interview_id", "summary", "submitted_at")}
    return [pk for pk, write in acknowledged.items() if stored.get(pk) != write]


def main_interviewers(args: argparse.Namespace) -> int:
    """The interviewers' phase against a fresh SQLite file (the embedded default) or, with
    ``--database postgres``, a throwaway PostgreSQL."""
    folder = Path(tempfile.mkdtemp(prefix="bench-sqlite-"))
    query = f"?{args.sqlite_query}" if args.sqlite_query else ""
    postgres = Postgres(prefix="bench-pg-") if args.database == "postgres" and not os.environ.get("DATABASE_URL") else None
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hiring.settings", "DEBUG": "0",
           "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
           "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0", "SECURE_HSTS_SECONDS": "0",
           "LOG_LEVEL": "CRITICAL", "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}{query}"}
    if args.database == "postgres":
        env.update(DB_CONN_MAX_AGE="600", DATABASE_URL=postgres.start("hiring") if postgres else os.environ["DATABASE_URL"])
    server = None
    try:
        os.environ.update(env)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        work, form = prepare(args.scorecards, args.clients)
        from django.db import connections
        connections.close_all()
        port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        worker = ["-k", "gthread", "--threads", str(args.threads)] if args.threads > 1 else ["-k", "sync"]
        server = subprocess.Popen([str(gunicorn), "hiring.wsgi", "-w", str(args.workers), *worker, "-b",
                                   f"127.0.0.1:{port}", "--log-level", "critical", "--timeout", "120"],
                                  cwd=ROOT, env=env)
        wait_for(port)
        warm_up(port, work, form)
        database = "PostgreSQL" if args.database == "postgres" else "SQLite" + (
            f" with {args.sqlite_query}" if args.sqlite_query else " (project options)")
        print(f"{database}; gunicorn "
              f"{args.workers} workers, {'gthread x ' + str(args.threads) if args.threads > 1 else 'sync'}; "
              f"{args.clients} interviewers, {args.autosaves} autosaves then a submission each, {args.seconds:g} s")
        latencies, errors, acknowledged, elapsed = run_interviewers(port, work, form, args.autosaves, args.seconds)
        requests = sum(len(values) for values in latencies.values())
        print(f"requests: {requests} in {elapsed:.1f} s ({requests / elapsed:.1f}/s); "
              f"errors: {len(errors)} ({len(errors) / max(requests, 1):.1%})"
              + (f", first: {errors[0]}" if errors else ""))
        for name, values in latencies.items():
            if values:
                report(name, values, elapsed, unit=f"{name}s")
        lost = lost_writes(acknowledged)
        submitted = sum(1 for _, done in acknowledged.values() if done)
        print(f"acknowledged: {len(acknowledged)} scorecards ({submitted} submitted); lost writes: {len(lost)}")
        return 0 if not errors and not lost else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        from django.db import connections
        connections.close_all()
        shutil.rmtree(folder, ignore_errors=True)
        if postgres:
            postgres.stop()


def wait_for(port: int, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scorecards", type=int, default=2000, help="Submissions in the saturation phase.")
    parser.add_argument("--open-scorecards", type=int, default=1000, help="Submissions at the stated load.")
    parser.add_argument("--rate", type=float, default=None,
                        help="Stated load in submissions/s (default: 65 %% of the measured saturation throughput).")
    parser.add_argument("--api-scorecards", type=int, default=1000,
                        help="Submissions through the API, back to back after the page's phases.")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--time-limit", type=float, default=300, help="Seconds the clients may run, per phase.")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--interviewers", action="store_true",
                        help="Run the interviewers' phase (always on with --database sqlite).")
    parser.add_argument("--seconds", type=float, default=60, help="How long the interviewers work.")
    parser.add_argument("--autosaves", type=int, default=3, help="Autosaves before each submission.")
    parser.add_argument("--sqlite-query", default="", help="SQLite: URL options overriding the project's.")
    args = parser.parse_args()
    if args.database == "sqlite" or args.interviewers:
        return main_interviewers(args)

    postgres = None if os.environ.get("DATABASE_URL") else Postgres(prefix="bench-pg-")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hiring.settings", "DEBUG": "0",
           "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
           "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0", "SECURE_HSTS_SECONDS": "0",
           "DB_CONN_MAX_AGE": "600", "LOG_LEVEL": "ERROR"}
    server = None
    try:
        if postgres:
            env["DATABASE_URL"] = postgres.start("hiring")
        os.environ.update(env)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        started = time.perf_counter()
        total = args.scorecards + args.open_scorecards + args.api_scorecards
        work, form = prepare(total, args.clients)
        closed_work = [jobs[:args.scorecards // args.clients + (c < args.scorecards % args.clients)]
                       for c, jobs in enumerate(work)]
        api_work = [jobs[len(done):len(done) + args.api_scorecards // args.clients
                         + (c < args.api_scorecards % args.clients)]
                    for c, (jobs, done) in enumerate(zip(work, closed_work, strict=True))]
        open_work = [jobs[len(done) + len(api):] for jobs, done, api in zip(work, closed_work, api_work, strict=True)]
        print(f"prepared {total} draft scorecards for {args.clients} interviewers "
              f"in {time.perf_counter() - started:.1f} s")
        port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        worker = ["-k", "gthread", "--threads", str(args.threads)] if args.threads > 1 else ["-k", "sync"]
        server = subprocess.Popen([str(gunicorn), "hiring.wsgi", "-w", str(args.workers), *worker,
                                   "-b", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env)
        wait_for(port)
        warm_up(port, work, form)
        print(f"server: gunicorn {args.workers} workers, "
              f"{'gthread x ' + str(args.threads) + ' threads' if args.threads > 1 else 'sync'}, "
              f"PostgreSQL, {os.cpu_count()} CPUs; clients: {args.clients} threads, keep-alive")
        meter = CpuMeter(server.pid, postgres.postmaster_pid() if postgres else None)
        before = meter.sample()
        latencies, errors, elapsed = run_phase(port, closed_work, form, args.time_limit)
        report(f"saturation ({args.clients} clients back to back)", latencies, elapsed)
        meter.report(before, meter.sample(), len(latencies))
        saturation = len(latencies) / elapsed
        if args.api_scorecards:
            before = meter.sample()
            api_latencies, api_errors, api_elapsed = run_phase(port, api_work, form, args.time_limit, via="api")
            report(f"API saturation ({args.clients} clients back to back)", api_latencies, api_elapsed)
            meter.report(before, meter.sample(), len(api_latencies), label="CPU per API submission")
            errors += api_errors
        rate = args.rate or round(0.65 * saturation, 1)
        if args.open_scorecards:
            print(f"stated load: {rate:g} submissions/s" + ("" if args.rate else " (65 % of the saturation throughput)"))
            open_latencies, open_errors, open_elapsed = run_phase(port, open_work, form, args.time_limit, rate=rate)
            report(f"at {rate:g}/s (open loop, latency from the scheduled send time)", open_latencies, open_elapsed)
            errors += open_errors

        from interviews.models import Scorecard
        submitted = Scorecard.objects.filter(submitted_at__isnull=False, is_current=True).count()
        print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
        print(f"database: {submitted} submitted scorecards (expected {total}): "
              f"{'OK' if submitted == total else 'MISMATCH'}")
        return 0 if submitted == total and not errors else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        from django.db import connections
        connections.close_all()
        if postgres:
            postgres.stop()


if __name__ == "__main__":
    sys.exit(main())
