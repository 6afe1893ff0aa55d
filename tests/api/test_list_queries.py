"""Every list endpoint costs the same number of queries for a page of 1 row as for a page of 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from hiring.models import CalibrationRun, Decision, InterviewerSeverity, WebhookDelivery
from interviews.models import AuditEntry, Scorecard
from tests.factories import ApplicationFactory, InterviewFactory, RequisitionFactory, UserFactory

LISTS = ["api:requisition-list", "api:application-list", "api:interview-list", "api:scorecard-list",
         "api:decision-list", "api:calibration-run-list", "api:severity-list", "api:audit-list", "api:webhook-list",
         "api:webhook-delivery-list"]
ROWS = 12


@pytest.fixture
def many(world):
    """At least ROWS rows behind every list, each with the relations its serializer shows."""
    w, users = world, world.users
    for i in range(ROWS):
        requisition = RequisitionFactory(loop=w.loop.loop, recruiter=users["recruiter_this"],
                                         hiring_manager=users["hiring_manager_this"])
        requisition.target_levels.set(w.loop.levels)
        application = ApplicationFactory(requisition=requisition, stage=w.loop.interview_stage)
        interview = InterviewFactory(application=application, round=w.loop.technical_round,
                                     interviewers=[users["interviewer_assigned"], users["interviewer_other"]])
        Scorecard.objects.create(interview=interview, interviewer=users["interviewer_assigned"], revision=1)
        Decision.objects.create(application=application, decided_by=users["hiring_manager_this"],
                                outcome=Decision.Outcome.MORE_SIGNAL, rationale=f"Round {i}.")
        AuditEntry.record(application, "test.entry", actor=users["recruiter_this"])
        InterviewerSeverity.objects.create(run=w.run, interviewer=UserFactory(username=f"rater{i}"),
                                           severity=0.1 * i, se=0.1, n_ratings=3)
        CalibrationRun.objects.create(status=CalibrationRun.Status.FAILED, error="test")  # not the latest finished
        WebhookDelivery.objects.create(subscription=w.webhook, event="decision.recorded", payload={"i": i})
        w.webhook.pk = None  # a copy of the subscription, for the webhook list
        w.webhook.save()
    return w


def _queries(client: APIClient, name: str, page_size: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), {"page_size": page_size})
    assert response.status_code == 200, response.content
    return len(response.json()["results"]), len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_does_not_grow_with_the_page(many, name):
    client = APIClient()
    client.force_authenticate(many.users["superuser"])
    small_rows, small = _queries(client, name, 1)
    large_rows, large = _queries(client, name, 10)
    assert (small_rows, large_rows) == (1, 10)
    assert large == small
