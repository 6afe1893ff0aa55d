"""Schemathesis against the live schema, in process (WSGI), authenticated as each role, every check.

Each role's token calls every operation with generated data (valid, then invalid); each response
must pass every Schemathesis check: no server error, documented status codes, content types and
headers, bodies that match the schema. Bounded: a few examples per operation and role.
"""

import time

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given
from schemathesis.config import SchemathesisConfig

from hiring.wsgi import application as wsgi_app
from tests.test_permissions import ROLES

EXAMPLES = 4
# Schema-valid data may still break a business rule (an id of nothing, a closed requisition, an
# interviewer outside the group): that is a 400 with field errors by design, a refusal, a 409/412
# for a stale version, or a 428 without one. Every other check runs with its defaults.
CONFIG = {"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "412", "428", "429"]}}}
# Roles whose rights differ; anonymous is covered by the permission matrix (401 everywhere).
FUZZED_ROLES = [role for role in ROLES if role not in ("anonymous", "interviewer_other", "hiring_manager_other")]


@pytest.fixture(scope="module")
def api_schema():
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(document, config=SchemathesisConfig.from_dict(CONFIG))
    schema.app = wsgi_app
    return schema


@pytest.fixture
def connection_kept():
    """As Django's test client does: the WSGI handler would close the test's connection (inside
    the test's transaction) at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("role", FUZZED_ROLES)
def test_every_operation_passes_every_check_as(role, api_schema, world, settings, connection_kept):
    settings.API_THROTTLE_RATE = "100000/minute"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    headers = {"Authorization": f"Bearer {world.tokens[role]}"}
    failures, calls, started = [], 0, time.monotonic()
    for result in api_schema.get_all_operations():
        operation = result.ok()
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            @given(case=operation.as_strategy(generation_mode=mode))
            @hypothesis.settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                                 suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])
            def check(case):
                nonlocal calls
                cache.clear()
                calls += 1
                response = case.call(app=wsgi_app, headers=headers)
                try:
                    case.validate_response(response, headers=headers, transport_kwargs={"app": wsgi_app})
                except BaseException as failure:  # noqa: B036 - collect, so one run reports every operation
                    found = getattr(failure, "exceptions", [failure])
                    failures.extend(f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}: "
                                    f"{type(f).__name__}: {' '.join(str(f).split())[:300]}" for f in found)

            check()
    assert calls > 0
    assert sorted(set(failures)) == [], "\n".join(sorted(set(failures)))
    assert time.monotonic() - started < 120
