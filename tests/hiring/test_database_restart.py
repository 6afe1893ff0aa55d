"""A PostgreSQL server restarted under a running app: the app's own database settings reconnect at
the next request instead of failing until the process restarts.

The test runs a PostgreSQL server of its own on a free loopback port (the suite's server is shared
by every test), connects to it with the project's connection settings, restarts it, and then does
what Django does at the start of every request (``close_old_connections``)."""

import pytest
from django.conf import settings
from django.db import OperationalError, close_old_connections, connections

from tests.servers import Postgres

pytestmark = pytest.mark.services


@pytest.fixture
def server():
    pg = Postgres(prefix="pg-restart-")
    pg.start()
    try:
        yield pg
    finally:
        pg.stop()


@pytest.fixture
def alias(server, django_db_blocker):
    """A connection alias with the project's connection settings, pointed at our own server."""
    name = "restarted"
    connections.settings[name] = {
        **connections.settings["default"], "ENGINE": "django.db.backends.postgresql", "NAME": "postgres",
        "USER": "postgres", "PASSWORD": "", "HOST": "127.0.0.1", "PORT": str(server.port), "OPTIONS": {},
        "CONN_MAX_AGE": settings.DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"], "TEST": {},
    }
    with django_db_blocker.unblock():
        try:
            yield name
        finally:
            connections[name].close()
            del connections[name]
            del connections.settings[name]


def query(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_after_a_database_restart_the_next_request_reconnects(server, alias):
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0  # connections are kept between requests
    before = query(alias)
    close_old_connections()  # a request ends, its connection is kept for the next one
    assert query(alias) == before
    server.restart()
    close_old_connections()  # the next request begins: the kept connection is checked first
    after = query(alias)
    assert after != before  # a new connection to the restarted server, and no error


def test_without_the_health_check_a_kept_connection_fails_after_the_restart(server, alias):
    connections[alias].settings_dict["CONN_HEALTH_CHECKS"] = False
    query(alias)
    close_old_connections()
    server.restart()
    close_old_connections()
    with pytest.raises(OperationalError):
        query(alias)
