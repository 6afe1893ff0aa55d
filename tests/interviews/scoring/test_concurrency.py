"""20 interviewers autosaving and submitting at once, through the whole request stack, each in
its own thread and database connection: no request fails, and every write a client was told
about is in the database afterwards.

On SQLite this runs against a database file with the project's connection options (an
in-memory test database is copied to a file first: SQLite's shared in-memory cache locks whole
tables and never waits, which is not how the embedded default runs).
"""

import re
import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from interviews.models import Scorecard
from tests.factories import ApplicationFactory, InterviewFactory
from tests.interviews.scoring.test_interviewer_views import form_data

pytestmark = pytest.mark.django_db(transaction=True)

INTERVIEWERS = 20
SAVES = 6


@pytest.fixture
def database_file(tmp_path):
    """Run the test on a database file when the test database is SQLite in memory."""
    settings_dict = connections.settings["default"]
    name = str(settings_dict["NAME"])
    if not (settings_dict["ENGINE"].endswith("sqlite3") and (name == ":memory:" or "mode=memory" in name)):
        yield
        return
    path = tmp_path / "concurrency.sqlite3"
    connection.ensure_connection()
    memory = connection.connection  # kept open: closing the last connection would drop the in-memory database
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    connection.connection = None
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = name
        connection.connection = memory


def test_twenty_interviewers_at_once_lose_nothing_and_see_no_error(database_file, loop, make_user):
    people = [make_user(f"load{n}") for n in range(INTERVIEWERS)]
    interviews = [InterviewFactory(application=ApplicationFactory(requisition=loop.requisition, stage=loop.stage),
                                   round=loop.round, target_level=loop.levels[1], variant=loop.interview.variant,
                                   interviewers=[person]) for person in people]
    errors: list[str] = []
    acknowledged: dict[int, tuple[str, bool]] = {}  # interview pk -> (last summary confirmed, submitted)
    start = threading.Barrier(INTERVIEWERS)

    def interviewer(person, interview) -> None:
        try:
            client = Client()
            client.force_login(person)
            draft_url = reverse("interviews:scorecard-draft", args=[interview.pk])
            version = "0"
            start.wait()
            for k in range(SAVES):
                summary = f"{person.username} save {k}"
                response = client.post(draft_url, {"summary": summary, "version": version})
                found = re.search(r'name="version" id="scorecard-version" value="(\d+)"', response.content.decode())
                if response.status_code != 200 or not found:
                    errors.append(f"{person.username} autosave {k}: {response.status_code} {response.content[:120]!r}")
                    return
                version = found.group(1)
                acknowledged[interview.pk] = (summary, False)
            summary = f"{person.username} submitted"
            response = client.post(reverse("interviews:scorecard", args=[interview.pk]),
                                   form_data(loop, summary=summary, version=version))
            if response.status_code != 302:
                errors.append(f"{person.username} submit: {response.status_code}")
                return
            acknowledged[interview.pk] = (summary, True)
        except Exception as exc:  # noqa: BLE001 - every failure of a client is the finding
            errors.append(f"{person.username}: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=interviewer, args=pair) for pair in zip(people, interviews, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    stored = {s.interview_id: (s.summary, s.is_submitted) for s in Scorecard.objects.filter(interview__in=interviews)}
    assert stored == acknowledged
    assert sorted(stored.values()) == sorted((f"load{n} submitted", True) for n in range(INTERVIEWERS))
    assert set(Scorecard.objects.filter(interview__in=interviews).values_list("version", flat=True)) == {SAVES + 1}
