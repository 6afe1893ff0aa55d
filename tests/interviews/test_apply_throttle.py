"""The public application form is limited per address, per e-mail address and by an upload
budget, and a spam trap catches forms that fill in a field people never see. The API's posting of
applications shares the allowance per e-mail address."""

import pytest
from django.test.client import BOUNDARY, encode_multipart
from django.urls import reverse
from rest_framework.test import APIClient

from interviews.models import Application, Candidate, VideoResponse
from tests.factories import RequisitionFactory
from tests.interviews.test_candidate_views import form_data

pytestmark = pytest.mark.django_db


def apply(client, requisition, loop, address="203.0.113.7", **overrides):
    return client.post(reverse("interviews:apply", args=[requisition.pk]), form_data(loop, **overrides),
                       REMOTE_ADDR=address)


def test_one_address_gets_the_hours_allowance_then_429_with_retry_after(client, requisition, loop, settings):
    settings.APPLY_PER_ADDRESS_PER_HOUR = 3
    statuses = [apply(client, requisition, loop, email=f"p{n}@example.org").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    refused = apply(client, requisition, loop, email="p9@example.org")
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert ("Too many applications have been sent from your connection in the last hour. Please try again later."
            in refused.content.decode())
    assert Application.objects.count() == 3
    other = client.post(reverse("interviews:apply", args=[requisition.pk]),
                        form_data(loop, email="q@example.org"), REMOTE_ADDR="198.51.100.1")
    assert other.status_code == 302


def test_one_email_address_gets_the_days_allowance(client, requisition, loop, settings):
    settings.APPLY_PER_EMAIL_PER_DAY = 2
    openings = [requisition] + [RequisitionFactory(loop=loop.loop, recruiter=requisition.recruiter,
                                                   hiring_manager=requisition.hiring_manager, title=f"Opening {n}")
                                for n in range(2)]
    statuses = [apply(client, opening, loop, address=f"198.51.100.{n}",
                      email="Same@Example.org" if n % 2 else "same@example.org").status_code
                for n, opening in enumerate(openings)]
    assert statuses == [302, 302, 429]
    assert Application.objects.count() == 2


def test_the_api_shares_the_allowance_per_email_address_and_answers_429_in_json(client, requisition, loop,
                                                                              recruiter, settings):
    settings.APPLY_PER_EMAIL_PER_DAY = 2
    openings = [RequisitionFactory(loop=loop.loop, recruiter=recruiter, hiring_manager=requisition.hiring_manager,
                                   title=f"Opening {n}") for n in range(2)]
    api = APIClient()
    api.force_authenticate(recruiter)

    def post(opening):
        return api.post(reverse("api:application-list"), {"requisition": opening.pk, **form_data(loop)},
                        format="multipart")

    assert apply(client, requisition, loop).status_code == 302
    assert post(openings[0]).status_code == 201
    refused = post(openings[1])
    assert (refused.status_code, refused.json()) == (429, {"detail": (
        "We have already received the applications we accept from this e-mail address today. "
        "Please try again tomorrow.")})
    assert 0 < int(refused["Retry-After"]) <= 86400
    assert Application.objects.count() == 2


def test_the_api_is_not_held_to_one_client_addresss_allowance(requisition, loop, recruiter, settings):
    settings.APPLY_PER_ADDRESS_PER_HOUR = 1
    api = APIClient()
    api.force_authenticate(recruiter)
    statuses = [api.post(reverse("api:application-list"),
                         {"requisition": requisition.pk, **form_data(loop, email=f"p{n}@example.org")},
                         format="multipart", REMOTE_ADDR="203.0.113.7").status_code for n in range(3)]
    assert statuses == [201, 201, 201]


def test_the_upload_budget_refuses_before_storing_anything(client, requisition, loop, settings):
    one_application = len(encode_multipart(BOUNDARY, form_data(loop)))
    settings.APPLY_UPLOAD_BYTES_PER_ADDRESS_PER_DAY = one_application * 3 // 2
    assert apply(client, requisition, loop).status_code == 302
    refused = apply(client, requisition, loop, email="b@example.org")
    assert refused.status_code == 429
    assert "uploaded as much as we accept in one day" in refused.content.decode()
    assert (Application.objects.count(), VideoResponse.objects.count()) == (1, 1)


def test_the_spam_trap_answers_thanks_and_stores_nothing(client, requisition, loop, settings):
    response = apply(client, requisition, loop, website="http://spam.example")
    assert (response.status_code, response.templates[0].name) == (200, "interviews/candidate/thanks.html")
    assert (Candidate.objects.count(), Application.objects.count()) == (0, 0)
    assert [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == []


def test_the_trap_field_is_out_of_sight_and_of_the_tab_order(client, requisition):
    html = client.get(reverse("interviews:apply", args=[requisition.pk])).content.decode()
    assert ('<p class="trap" aria-hidden="true"><label for="id_website">Leave this field empty</label>\n'
            '  <input type="text" name="website" id="id_website" value="" tabindex="-1" autocomplete="off"></p>'
            in html)


def test_a_length_sent_by_the_browser_is_ignored_not_a_500(client, requisition, loop):
    response = client.post(reverse("interviews:apply", args=[requisition.pk]),
                           form_data(loop, **{f"video_{loop.videos[0].pk}_seconds": str(2**63)}))
    assert response.status_code == 302
    # The length that counts is read from the file (a one-second video).
    assert Application.objects.get().video_responses.get().duration_seconds == 1
