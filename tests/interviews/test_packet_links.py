"""The hiring manager reaches every packet from the pipeline and from the application page."""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_pipeline_and_application_page_link_to_the_packet(client, requisition, hiring_manager):
    application = ApplicationFactory(requisition=requisition, candidate__name="Mina Okoro")
    client.force_login(hiring_manager)
    pipeline = client.get(reverse("interviews:pipeline", args=[requisition.pk])).content.decode()
    detail = client.get(reverse("interviews:application", args=[application.pk])).content.decode()
    packet, pdf = reverse("hiring:packet", args=[application.pk]), reverse("hiring:packet-pdf", args=[application.pk])
    assert f'href="{packet}" aria-label="Hire packet of Mina Okoro"' in pipeline
    assert f'href="{reverse("hiring:requisition-packets", args=[requisition.pk])}"' in pipeline
    assert (f'href="{packet}"' in detail, f'href="{pdf}"' in detail) == (True, True)
