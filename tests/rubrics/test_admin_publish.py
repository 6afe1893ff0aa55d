"""The admin action hands each selected draft loop template to the publishing service."""

import sys
import types

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories as f
from tests.rubrics.conftest import freeze


def publish(client, *templates):
    return client.post(reverse("admin:rubrics_looptemplate_changelist"), {
        "action": "publish_selected", "_selected_action": [template.pk for template in templates],
    })


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def service(monkeypatch):
    """A stand-in rubrics.services recording its calls; refuses templates named "Broken"."""
    calls = []

    def publish_loop_template(*, template, by):
        if template.name == "Broken":
            raise ValidationError("Level Senior has no expectations.")
        calls.append((template, by))

    monkeypatch.setitem(sys.modules, "rubrics.services",
                        types.SimpleNamespace(publish_loop_template=publish_loop_template))
    return calls


@pytest.mark.django_db
def test_publish_action_calls_the_service_for_each_draft(client, recruiter, service):
    good, broken = f.LoopTemplateFactory(name="Standard"), f.LoopTemplateFactory(name="Broken")
    published = freeze(f.LoopTemplateFactory(name="Old"))
    client.force_login(recruiter)
    response = publish(client, good, broken, published)
    assert response.status_code == 302
    assert service == [(good, recruiter)]
    assert sorted(messages_of(response)) == sorted([
        f"{broken} was not published: Level Senior has no expectations.",
        f"{published} is already a published version.",
        "Published 1 loop template(s).",
    ])


@pytest.mark.django_db
def test_publish_action_explains_when_the_service_is_missing(client, recruiter, monkeypatch):
    monkeypatch.setitem(sys.modules, "rubrics.services", None)  # import now raises ImportError
    client.force_login(recruiter)
    response = publish(client, f.LoopTemplateFactory())
    assert response.status_code == 302
    assert messages_of(response) == ["Publishing is not available in this installation yet."]
