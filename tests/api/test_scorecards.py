"""Scorecards through the API: the pages' independence rule, versions, submit, amend."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.access import INTERVIEWER
from interviews.models import Scorecard
from tests.factories import build_scored_round
from tests.interviews.scoring.test_interviewer_views import form_data, peer_submits

pytestmark = pytest.mark.django_db


@pytest.fixture
def peer(make_user):
    return make_user("petra", INTERVIEWER, first_name="Petra", last_name="Peer")


@pytest.fixture
def loop(interviewer, peer):
    return build_scored_round(interviewers=[interviewer, peer])


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(loop, **overrides) -> dict:
    data = form_data(loop, **overrides)
    data.pop("action")
    data[f"q{loop.q_case.pk}-p{loop.parts[1].pk}-skip"] = True
    return data


def draft_url(loop) -> str:
    return reverse("api:interview-scorecard", args=[loop.interview.pk])


def submit_url(loop) -> str:
    return reverse("api:interview-scorecard-submit", args=[loop.interview.pk])


def visible_ids(client, loop) -> list[int]:
    response = client.get(reverse("api:scorecard-list"), {"application": loop.interview.application_id})
    assert response.status_code == 200
    return sorted(row["id"] for row in response.json()["results"])


def test_peers_scorecards_are_hidden_until_your_own_is_submitted(loop, interviewer, peer):
    theirs = peer_submits(loop, peer)
    client = as_user(interviewer)
    saved = client.put(draft_url(loop), {**body(loop), "version": 0}, format="json")
    assert saved.status_code == 200
    mine = saved.json()["id"]
    assert visible_ids(client, loop) == [mine]
    assert client.get(reverse("api:scorecard-detail", args=[theirs.pk])).status_code == 404
    submitted = client.post(submit_url(loop), body(loop), format="json", HTTP_IF_MATCH=saved["ETag"])
    assert submitted.status_code == 200
    assert visible_ids(client, loop) == sorted([mine, theirs.pk])
    peer_card = client.get(reverse("api:scorecard-detail", args=[theirs.pk])).json()
    assert (peer_card["summary"], peer_card["interviewer"]) == ("PEER-SUMMARY-TEXT", peer.pk)


def test_a_peers_draft_stays_hidden_after_your_submission(loop, interviewer, peer):
    as_user(peer).put(draft_url(loop), {**body(loop), "version": 0}, format="json")
    client = as_user(interviewer)
    client.post(submit_url(loop), {**body(loop), "version": 0}, format="json")
    assert visible_ids(client, loop) == list(Scorecard.objects.filter(interviewer=interviewer).values_list(
        "pk", flat=True))


def test_a_stale_draft_write_is_refused_and_changes_nothing(loop, interviewer):
    client = as_user(interviewer)
    first = client.put(draft_url(loop), {**body(loop), "version": 0}, format="json")
    assert (first.status_code, first["ETag"]) == (200, '"1"')
    second = client.put(draft_url(loop), {**body(loop, summary="Second tab."), "version": 1}, format="json")
    assert (second.status_code, second.json()["version"], second.json()["summary"]) == (200, 2, "Second tab.")
    stale = client.put(draft_url(loop), body(loop, summary="First tab, stale."), format="json",
                       HTTP_IF_MATCH=first["ETag"])
    assert stale.status_code == 412
    stale_body = client.put(draft_url(loop), {**body(loop, summary="Stale again."), "version": 1}, format="json")
    assert stale_body.status_code == 409
    stored = Scorecard.objects.get()
    assert (stored.version, stored.summary) == (2, "Second tab.")


def test_a_write_without_a_version_is_refused(loop, interviewer):
    response = as_user(interviewer).put(draft_url(loop), body(loop), format="json")
    assert response.status_code == 428
    assert Scorecard.objects.count() == 0


def test_a_refused_submission_answers_400_by_field_and_keeps_the_draft(loop, interviewer):
    client = as_user(interviewer)
    response = client.post(submit_url(loop), {**body(loop, recommendation=None), "version": 0}, format="json")
    assert response.status_code == 400
    assert response.json() == {"recommendation": ["Give a recommendation."]}
    stored = Scorecard.objects.get()
    assert (stored.is_submitted, stored.summary, response["ETag"]) == (False, "Solid mid-level analyst.",
                                                                       f'"{stored.version}"')


def test_a_value_not_offered_is_a_400_on_its_field(loop, interviewer):
    response = as_user(interviewer).put(draft_url(loop), {**body(loop), f"q{loop.q_code.pk}": "brilliant",
                                                          "version": 0}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [f"q{loop.q_code.pk}"]


def test_submit_then_amend_with_a_reason(loop, interviewer):
    client = as_user(interviewer)
    submitted = client.post(submit_url(loop), {**body(loop), "version": 0}, format="json").json()
    assert (submitted["revision"], submitted["is_current"]) == (1, True)
    amend = reverse("api:scorecard-amend", args=[submitted["id"]])
    assert client.post(amend, {}, format="json").json() == {"reason": ["This field is required."]}
    opened = client.post(amend, {"reason": "Wrong candidate's notes"}, format="json")
    assert opened.status_code == 201
    assert (opened.json()["revision"], opened.json()["amend_reason"], opened.json()["submitted_at"]) == (
        2, "Wrong candidate's notes", None)
    assert client.get(draft_url(loop)).json()["id"] == opened.json()["id"]
