import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from interviews.admin_privacy import ERASE_INSTEAD
from interviews.models import Application, Candidate, Scorecard
from tests.factories import ApplicationFactory, CandidateFactory, ScorecardFactory


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


def erase_url(candidate) -> str:
    return reverse("admin:interviews_candidate_erase", args=[candidate.pk])


@pytest.mark.django_db
def test_deleting_a_candidate_in_the_admin_leads_to_erasure(admin_client, requisition):
    application = ApplicationFactory(requisition=requisition, candidate__name="Ada Lovelace")
    response = admin_client.get(reverse("admin:interviews_candidate_delete", args=[application.candidate_id]))
    assert (response.status_code, response["Location"]) == (302, erase_url(application.candidate))
    assert [m.message for m in get_messages(response.wsgi_request)] == [ERASE_INSTEAD]
    response = admin_client.post(reverse("admin:interviews_application_delete", args=[application.pk]))
    assert (response.status_code, response["Location"]) == (302, erase_url(application.candidate))
    assert (Candidate.objects.count(), Application.objects.count()) == (1, 1)


@pytest.mark.django_db
def test_the_admin_offers_erasure_and_export_but_no_bulk_delete(admin_client, requisition):
    application = ApplicationFactory(requisition=requisition)
    changelist = admin_client.get(reverse("admin:interviews_candidate_changelist"))
    assert list(changelist.context["action_form"].fields["action"].choices)[1:] == [
        ("export_data", "Export the selected candidate's data (zip)"),
        ("erase_candidates", "Erase the selected candidates' personal data…"),
    ]
    change = admin_client.get(reverse("admin:interviews_candidate_change", args=[application.candidate_id]))
    html = change.content.decode()
    assert f'href="{erase_url(application.candidate)}"' in html
    assert reverse("admin:interviews_candidate_export", args=[application.candidate_id]) in html
    assert "deletelink" not in html


@pytest.mark.django_db
def test_superuser_erases_from_the_admin_with_a_reason(admin_client, requisition, interviewer):
    application = ApplicationFactory(requisition=requisition, candidate__name="Ada Lovelace")
    ScorecardFactory(interview__application=application, interviewer=interviewer, summary="Ada was sharp.")
    page = admin_client.get(erase_url(application.candidate))
    assert page.status_code == 200
    assert "Ada Lovelace: Data Scientist, Berlin — Active" in page.content.decode()

    refused = admin_client.post(erase_url(application.candidate), {"confirm": "erase", "reason": ""})
    assert refused.status_code == 400
    assert "Say why (e.g. the person asked)" in refused.content.decode()
    assert Candidate.objects.get().name == "Ada Lovelace"

    done = admin_client.post(erase_url(application.candidate), {"confirm": "erase", "reason": "Asked by e-mail."})
    assert (done.status_code, done["Location"]) == (
        302, reverse("admin:interviews_candidate_change", args=[application.candidate_id]))
    candidate = Candidate.objects.get()
    assert (candidate.name, candidate.email) == (f"Erased candidate {candidate.pk}", "")
    assert Scorecard.objects.get().summary == "[erased] was sharp."


@pytest.mark.django_db
def test_erase_action_confirms_then_erases_the_selected_candidates(admin_client):
    first, second = CandidateFactory(name="Ada Lovelace"), CandidateFactory(name="Grace Hopper")
    url = reverse("admin:interviews_candidate_changelist")
    selection = {"action": "erase_candidates", "_selected_action": [first.pk, second.pk]}
    confirm = admin_client.post(url, selection)
    assert confirm.status_code == 200
    assert [c.name for c in confirm.context["candidates"]] == ["Ada Lovelace", "Grace Hopper"]
    done = admin_client.post(url, {**selection, "confirm": "erase", "reason": "Retention period over."})
    assert (done.status_code, done["Location"]) == (302, url)
    assert list(Candidate.objects.order_by("pk").values_list("name", flat=True)) == [
        f"Erased candidate {first.pk}", f"Erased candidate {second.pk}"]


@pytest.mark.django_db
def test_a_recruiter_cannot_erase(client, recruiter, requisition):
    application = ApplicationFactory(requisition=requisition)
    client.force_login(recruiter)
    assert client.get(erase_url(application.candidate)).status_code == 403
    assert client.post(erase_url(application.candidate), {"confirm": "erase", "reason": "x"}).status_code == 403
    changelist = client.get(reverse("admin:interviews_candidate_changelist"))
    assert [name for name, _ in changelist.context["action_form"].fields["action"].choices][1:] == ["export_data"]
    assert Candidate.objects.get().erased_at is None


@pytest.mark.django_db
def test_a_requisition_with_applications_cannot_be_deleted_in_the_admin_either(admin_client, requisition):
    ApplicationFactory(requisition=requisition)
    url = reverse("admin:interviews_requisition_delete", args=[requisition.pk])
    page = admin_client.get(url)
    assert page.context["perms_lacking"] == {"application"}
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Application.objects.count() == 1
