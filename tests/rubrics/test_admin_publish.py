"""The admin action publishes the role of each selected draft loop template as its next version."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from rubrics.kits import import_kit
from rubrics.models import LoopTemplate, Role
from tests import factories as f
from tests.rubrics.conftest import freeze
from tests.rubrics.kits.conftest import FULL_KIT_TEXT


def publish(client, *templates):
    return client.post(reverse("admin:rubrics_looptemplate_changelist"), {
        "action": "publish_selected", "_selected_action": [template.pk for template in templates],
    })


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_publish_action_publishes_each_role_once_and_skips_versions(client, recruiter):
    role = import_kit(text=FULL_KIT_TEXT).role
    drafts = list(LoopTemplate.objects.filter(role=role))
    published = freeze(f.LoopTemplateFactory(name="Old"))
    client.force_login(recruiter)
    response = publish(client, *drafts, published)
    assert response.status_code == 302
    version = Role.objects.get(published_from=role)
    assert (version.version, version.published_by) == (1, recruiter)
    assert sorted(messages_of(response)) == sorted([
        f"{published} is already a published version.",
        f"Published {role} as version 1.",
    ])


@pytest.mark.django_db
def test_publish_action_reports_why_a_role_was_not_published(client, recruiter):
    role = import_kit(text=FULL_KIT_TEXT, publish=True).role
    client.force_login(recruiter)
    response = publish(client, role.loop_templates.first())
    assert Role.objects.filter(published_from=role).count() == 1
    assert messages_of(response) == [f"{role} was not published: Nothing changed since version 1."]
