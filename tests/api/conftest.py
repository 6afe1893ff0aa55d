from types import SimpleNamespace

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.tokens import create_api_token
from hiring.models import CalibrationRun, Decision, InterviewerSeverity, WebhookDelivery, WebhookSubscription
from interviews.models import AuditEntry
from interviews.services.scorecards import start_scorecard
from tests.factories import RequisitionFactory
from tests.test_permissions import ROLES
from tests.test_permissions import world as page_world  # noqa: F401  (the pages' fixture world)


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # throttle counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def world(page_world) -> SimpleNamespace:  # noqa: F811
    """The pages' world, plus one of everything the API lists, and a token per user."""
    w = page_world
    users = w.users
    w.tokens = {role: create_api_token(user=user, name=f"{role} token")[1] for role, user in users.items()}
    w.decision = Decision.objects.create(application=w.application, decided_by=users["hiring_manager_this"],
                                         outcome=Decision.Outcome.MORE_SIGNAL, rationale="Need the case study.")
    w.run = CalibrationRun.objects.create(status=CalibrationRun.Status.FINISHED)
    InterviewerSeverity.objects.create(run=w.run, interviewer=users["interviewer_assigned"], severity=0.2, se=0.1,
                                       n_ratings=3)
    w.audit = AuditEntry.record(w.application, "test.entry", actor=users["recruiter_this"])
    w.scorecard = start_scorecard(interview=w.interview, interviewer=users["interviewer_assigned"])
    w.webhook = WebhookSubscription.objects.create(owner=users["superuser"], url="http://127.0.0.1:9/hook",
                                                   secret="s" * 20, events=["decision.recorded"])
    w.delivery = WebhookDelivery.objects.create(subscription=w.webhook, event="decision.recorded", payload={})
    return w


def api_client(world, role: str) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}")
    return client


@pytest.fixture
def requisition(loop, recruiter, hiring_manager):
    """A requisition on the test module's own ``loop`` fixture."""
    return RequisitionFactory(loop=loop.loop, recruiter=recruiter, hiring_manager=hiring_manager,
                              title="Data Scientist, Berlin", target_levels=loop.levels[1:])


def client_of(user) -> APIClient:
    """A client signed in as ``user`` (no token)."""
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def as_role(world):
    return lambda role: api_client(world, role)


__all__ = ["ROLES", "api_client", "client_of"]
