"""The admin within the pages' rules: an outside recruiter sees and changes nothing of another
requisition, who runs a requisition is a superuser's change (audited), evidence is never deleted
or moved, and every admin change is in our audit log."""

import pytest
from django.urls import reverse

from accounts.access import RECRUITER
from interviews.models import Application, AuditEntry, Candidate, Interview, Requisition, Scorecard
from rubrics.models import LoopTemplate
from tests.hiring.loop import make_application, make_loop, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(recruiter, hiring_manager, interviewer):
    """Rita's requisition with Ada's application and a submitted scorecard."""
    loop = make_loop(hiring_manager=hiring_manager, recruiter=recruiter)
    LoopTemplate.objects.filter(pk=loop.requisition.loop_id).update(frozen=True)  # published
    application = make_application(loop, "Ada Applicant")
    return rate(loop, application, interviewer, [3.0, 3.5, 2.5], notes=True)


@pytest.fixture
def outside_recruiter(make_user):
    return make_user("oscar", RECRUITER, is_staff=True)


def admin_url(model, action, *args):
    return reverse(f"admin:interviews_{model}_{action}", args=args)


@pytest.mark.parametrize("model", ["candidate", "application", "interview", "requisition", "videoresponse",
                                   "resumereview", "videoreview", "auditentry"])
def test_an_outside_recruiter_lists_none_of_another_requisitions_rows(client, evidence, outside_recruiter, model):
    AuditEntry.record(evidence.interview.application, "application.advanced", actor=evidence.interviewer)
    client.force_login(outside_recruiter)
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    html = response.content.decode()
    assert ("Ada Applicant" in html, "ada.applicant@example.org" in html) == (False, False)


def test_the_requisitions_own_recruiter_lists_its_candidate(client, evidence, recruiter):
    client.force_login(recruiter)
    response = client.get(admin_url("candidate", "changelist"))
    assert [c.name for c in response.context["cl"].result_list] == ["Ada Applicant"]


def test_an_outside_recruiter_cannot_open_or_change_another_requisitions_rows(client, evidence, outside_recruiter):
    requisition = evidence.interview.application.requisition
    candidate = evidence.interview.application.candidate
    client.force_login(outside_recruiter)
    for model, pk in [("candidate", candidate.pk), ("requisition", requisition.pk),
                      ("application", evidence.interview.application_id)]:
        response = client.get(admin_url(model, "change", pk))
        assert (response.status_code, response.url) == (302, reverse("admin:index")), model
    response = client.post(admin_url("requisition", "change", requisition.pk), {
        "title": requisition.title, "loop": requisition.loop_id, "hiring_manager": outside_recruiter.pk,
        "recruiter": outside_recruiter.pk, "status": "open", "openings": 1, "resume_reviews_required": 1,
        "target_levels": [level.pk for level in requisition.target_levels.all()]})
    assert response.status_code == 302
    requisition.refresh_from_db()
    assert (requisition.hiring_manager.username, requisition.recruiter.username) == ("hana", "rita")
    candidate.refresh_from_db()
    assert candidate.name == "Ada Applicant"


def test_a_recruiter_cannot_make_themselves_hiring_manager_of_their_own_requisition(client, evidence, recruiter):
    requisition = evidence.interview.application.requisition
    client.force_login(recruiter)
    form = client.get(admin_url("requisition", "change", requisition.pk)).context["adminform"].form
    assert ("hiring_manager" in form.fields, "recruiter" in form.fields) == (False, False)
    client.post(admin_url("requisition", "change", requisition.pk), {
        "title": "Renamed", "loop": requisition.loop_id, "hiring_manager": recruiter.pk, "status": "open",
        "openings": 1, "resume_reviews_required": 1, "resume_advance_at": "2.5",
        "target_levels": [level.pk for level in requisition.target_levels.all()]})
    requisition.refresh_from_db()
    assert (requisition.title, requisition.hiring_manager.username) == ("Renamed", "hana")


def test_a_superuser_changing_who_manages_a_requisition_is_audited(admin_client, evidence, make_user):
    requisition = evidence.interview.application.requisition
    new_manager = make_user("henry")
    response = admin_client.post(admin_url("requisition", "change", requisition.pk), {
        "title": requisition.title, "loop": requisition.loop_id, "hiring_manager": new_manager.pk,
        "recruiter": requisition.recruiter_id, "status": "open", "openings": 1, "resume_reviews_required": 1,
        "resume_advance_at": "2.5", "target_levels": [level.pk for level in requisition.target_levels.all()]})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="requisition.people_changed")
    assert (entry.actor.username, entry.target, entry.data) == (
        "admin", requisition, {"hiring_manager": [requisition.hiring_manager_id, new_manager.pk]})
    assert AuditEntry.objects.get(action="admin.requisition.changed").data == {
        "change": [{"changed": {"fields": ["Hiring manager"]}}]}


def test_an_interview_with_a_submitted_scorecard_is_read_only_and_undeletable_even_for_a_superuser(
        admin_client, evidence, make_user):
    interview = evidence.interview
    other = make_application(_loop_of(evidence), "Bea Other")
    response = admin_client.get(admin_url("interview", "change", interview.pk))
    assert (response.status_code, response.context["has_change_permission"]) == (200, False)
    moved = admin_client.post(admin_url("interview", "change", interview.pk), {
        "application": other.pk, "round": interview.round_id, "target_level": interview.target_level_id,
        "interviewers": [evidence.interviewer_id]})
    assert moved.status_code == 403
    assert admin_client.post(admin_url("interview", "delete", interview.pk), {"post": "yes"}).status_code == 403
    interview.refresh_from_db()
    assert (interview.application_id, Scorecard.objects.get().interview_id) == (evidence.interview.application_id,
                                                                                interview.pk)


@pytest.mark.parametrize("model", ["application", "candidate", "requisition", "interview"])
def test_no_admin_deletion_removes_a_submitted_scorecard(admin_client, evidence, model):
    rows = {"application": evidence.interview.application_id, "candidate": evidence.interview.application.candidate_id,
            "requisition": evidence.interview.application.requisition_id, "interview": evidence.interview_id}
    admin_client.post(admin_url(model, "delete", rows[model]), {"post": "yes"})
    admin_client.post(admin_url(model, "changelist"), {
        "action": "delete_selected", "_selected_action": [rows[model]], "post": "yes"})
    assert (Scorecard.objects.count(), Application.objects.count(), Candidate.objects.count(),
            Requisition.objects.count(), Interview.objects.count()) == (1, 1, 1, 1, 1)


def test_deleting_a_requisition_with_submitted_scorecards_says_why_it_is_refused(admin_client, evidence):
    url = admin_url("requisition", "delete", evidence.interview.application.requisition_id)
    page = admin_client.get(url)
    assert "submitted scorecards (1): evidence is amended, never deleted" in page.content.decode()
    assert admin_client.post(url, {"post": "yes"}).status_code == 403


def test_every_admin_change_to_evidence_is_in_our_audit_log(client, evidence, recruiter):
    candidate = evidence.interview.application.candidate
    client.force_login(recruiter)
    response = client.post(admin_url("candidate", "change", candidate.pk), {
        "name": "Ada Applicant", "email": "ada@example.net", "phone": ""})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.candidate.changed")
    assert (entry.actor, entry.target, entry.data) == (recruiter, candidate, {"change": [
        {"changed": {"fields": ["Email"]}}]})


def test_a_recruiter_can_point_reviews_only_at_their_own_requisitions_applications(
        client, evidence, recruiter, outside_recruiter, hiring_manager):
    theirs = make_application(make_loop(hiring_manager=hiring_manager, recruiter=outside_recruiter,
                                        title="Analyst"), "Cy Elsewhere")
    client.force_login(recruiter)
    form = client.get(admin_url("resumereview", "add")).context["adminform"].form
    assert list(form.fields["application"].queryset) == [evidence.interview.application]
    assert theirs not in form.fields["application"].queryset


def _loop_of(card):
    from types import SimpleNamespace
    application = card.interview.application
    return SimpleNamespace(requisition=application.requisition, stage=application.stage)
