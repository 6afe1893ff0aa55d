import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from hiring import tasks
from hiring.models import WebhookDelivery, WebhookSubscription
from tests.api.conftest import api_client

SECRET = "a-shared-secret-of-some-length"


class Receiver:
    """An HTTP receiver on 127.0.0.1 that fails the first ``failures`` requests with a 500."""

    def __init__(self, failures: int = 0):
        self.failures, self.requests = failures, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the stdlib's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                failing = len(receiver.requests) <= receiver.failures
                self.send_response(500 if failing else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/hiring"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _subscribe(world, url: str, events: list[str]) -> int:
    WebhookSubscription.objects.all().delete()  # the world's own subscription points nowhere
    response = api_client(world, "superuser").post(reverse("api:webhook-list"),
                                                   {"url": url, "secret": SECRET, "events": events}, format="json")
    assert response.status_code == 201, response.json()
    assert "secret" not in response.json()
    return response.json()["id"]


@pytest.mark.django_db
def test_a_stage_change_is_delivered_signed_and_retried_until_the_receiver_accepts(
        world, django_capture_on_commit_callbacks):
    with Receiver(failures=2) as receiver:
        subscription = _subscribe(world, receiver.url, ["application.stage_changed"])
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client(world, "recruiter_this").post(
                reverse("api:application-archive", args=[world.application.pk]), {"reason": "Role changed."},
                format="json")
        assert response.status_code == 200
    assert len(receiver.requests) == 3
    headers, body = receiver.requests[-1]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Hiring-Signature"] == expected
    assert headers["X-Hiring-Event"] == "application.stage_changed"
    sent = json.loads(body)
    assert sent["event"] == "application.stage_changed"
    assert sent["data"] == {"application": world.application.pk, "from_stage": world.loop.interview_stage.pk,
                            "to_stage": world.loop.interview_stage.pk, "status": "archived",
                            "reason": "Role changed.", "by": world.users["recruiter_this"].pk}
    delivery = WebhookDelivery.objects.get()
    assert (delivery.subscription_id, delivery.attempts, delivery.status_code, delivery.error) == (
        subscription, 3, 204, "")
    assert delivery.delivered_at is not None
    log = api_client(world, "superuser").get(reverse("api:webhook-delivery-list"), {"subscription": subscription})
    assert [(d["event"], d["attempts"], d["status_code"]) for d in log.json()["results"]] == [
        ("application.stage_changed", 3, 204)]


@pytest.mark.django_db
def test_a_receiver_that_keeps_failing_is_logged_and_does_not_fail_the_request(
        world, django_capture_on_commit_callbacks):
    with Receiver(failures=100) as receiver:
        _subscribe(world, receiver.url, ["decision.recorded"])
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client(world, "hiring_manager_this").post(
                reverse("api:application-decision", args=[world.application.pk]),
                {"outcome": "more_signal", "rationale": "Need the case study."}, format="json")
        assert response.status_code == 201
    delivery = WebhookDelivery.objects.get()
    assert len(receiver.requests) == 6  # the first attempt and 5 retries
    assert (delivery.event, delivery.attempts, delivery.status_code, delivery.error) == (
        "decision.recorded", 6, 500, "HTTP 500")
    assert delivery.delivered_at is None
    assert delivery.payload == {"decision": response.json()["id"], "application": world.application.pk,
                                "outcome": "more_signal", "level": None, "by": world.users["hiring_manager_this"].pk}


@pytest.mark.django_db
def test_only_subscribed_events_are_sent(world, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        _subscribe(world, receiver.url, ["scorecard.submitted"])
        with django_capture_on_commit_callbacks(execute=True):
            api_client(world, "recruiter_this").post(
                reverse("api:application-archive", args=[world.application.pk]), {"reason": "Role changed."},
                format="json")
    assert receiver.requests == []
    assert WebhookDelivery.objects.count() == 0


@pytest.fixture
def eager_retries():
    # Eager Celery re-runs a retried task only when it does not propagate errors, as a worker would.
    conf = tasks.deliver_webhook.app.conf
    before = conf.task_eager_propagates
    conf.task_eager_propagates = False
    yield
    conf.task_eager_propagates = before


@pytest.mark.django_db
def test_the_celery_task_retries_a_failed_delivery(world, eager_retries):
    with Receiver(failures=3) as receiver:
        subscription = WebhookSubscription.objects.create(owner=world.users["superuser"], url=receiver.url,
                                                          secret=SECRET, events=["decision.recorded"])
        delivery = WebhookDelivery.objects.create(subscription=subscription, event="decision.recorded",
                                                  payload={"decision": 1})
        result = tasks.deliver_webhook.apply(kwargs={"delivery_id": delivery.pk})
    assert result.get() == 204
    delivery.refresh_from_db()
    assert (len(receiver.requests), delivery.attempts, delivery.status_code) == (4, 4, 204)


def test_delivery_retries_back_off_exponentially():
    task = tasks.deliver_webhook
    assert (task.max_retries, task.retry_backoff, task.retry_backoff_max, task.retry_jitter) == (5, True, 600, True)
    assert task.acks_late is True


@pytest.mark.django_db
def test_a_subscription_needs_known_events_and_a_long_secret(world):
    response = api_client(world, "superuser").post(
        reverse("api:webhook-list"), {"url": "http://127.0.0.1:1/", "secret": "short", "events": ["nope"]},
        format="json")
    assert response.status_code == 400
    assert sorted(response.json()) == ["events", "secret"]
