
import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from hiring.models import Decision, Packet, WebhookDelivery, WebhookSubscription
from interviews.models import (
    Application,
    AuditEntry,
    Candidate,
    QuestionAnswer,
    ResumeReview,
    Scorecard,
    StageChange,
    VideoReview,
)
from interviews.services.people import erase_candidate, redactor
from interviews.services.pipeline import archive_application
from tests.interviews.personal import apply, build_evidence


@pytest.fixture
def admin_user(make_user):
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def evidence(requisition, loop, recruiter, hiring_manager, interviewer, admin_user):
    return build_evidence(requisition, loop, recruiter, hiring_manager, interviewer, admin_user)


@pytest.mark.django_db
def test_erasure_anonymises_the_person_and_deletes_their_files(evidence, admin_user,
                                                                django_capture_on_commit_callbacks):
    application, card, decision, packet_name = evidence
    files = [application.resume.name, application.video_responses.get().file.name, packet_name]
    assert [default_storage.exists(name) for name in files] == [True, True, True]

    with django_capture_on_commit_callbacks(execute=True):
        candidate = erase_candidate(candidate=application.candidate, by=admin_user, reason="The person asked.")

    candidate.refresh_from_db()
    assert (candidate.name, candidate.email, candidate.phone) == (f"Erased candidate {candidate.pk}", "", "")
    assert candidate.erased_at is not None
    assert [default_storage.exists(name) for name in files] == [False, False, False]
    application.refresh_from_db()
    assert (application.resume.name, application.video_responses.get().file.name) == ("", "")
    assert Packet.objects.count() == 0
    assert ResumeReview.objects.get().notes == "[erased] writes clearly; [erased]."
    assert VideoReview.objects.get().notes == "[erased] speaks well."
    card.refresh_from_db()
    assert card.summary == "[erased] knows her statistics; call [erased]."
    assert QuestionAnswer.objects.get().strengths == "[erased]'s validation plan was thorough."
    decision.refresh_from_db()
    assert decision.rationale == "[erased] is strong but the role needs more SQL."


@pytest.mark.django_db
def test_erasure_keeps_the_evidence_and_the_audit_without_personal_data(evidence, admin_user, hiring_manager):
    application, card, decision, _ = evidence
    before = list(AuditEntry.objects.exclude(target_id=application.candidate_id, action="candidate.changed")
                  .order_by("pk").values_list("pk", "action", "actor", "data"))

    candidate = erase_candidate(candidate=application.candidate, by=admin_user, reason="Ada Lovelace asked.")

    # Applications, statuses, interviews, ratings and decisions stay; so do the audit entries, with
    # her name taken out of the no-hire's reason (it quotes the rationale).
    application.refresh_from_db()
    assert (application.status, application.stage.kind) == ("rejected", "interviews")  # by the no-hire
    assert list(Scorecard.objects.values_list("pk", "recommendation", "is_current")) == [(card.pk, 3, True)]
    assert list(Decision.objects.values_list("pk", "outcome")) == [(decision.pk, "no_hire")]
    after = list(AuditEntry.objects.filter(pk__in=[row[0] for row in before]).order_by("pk")
                 .values_list("pk", "action", "actor", "data"))
    rejected = "No hire: [erased] is strong but the role needs more SQL."
    assert after == [(pk, action, actor, {**data, "reason": rejected} if action == "application.rejected" else data)
                     for pk, action, actor, data in before]
    assert [row[3] for row in after if row[1] == "decision.recorded"] == [
        {"decision": decision.pk, "outcome": "no_hire", "level": None}]
    assert AuditEntry.objects.get(action="candidate.changed").data == {
        "changes": {"name": ["[erased]", "[erased]"], "count": 2}}
    erased = AuditEntry.objects.get(action="candidate.erased")
    assert (erased.target, erased.actor, erased.data) == (
        candidate, admin_user, {"applications": [application.pk], "files_deleted": 2, "reason": "[erased] asked."})
    reprs = dict(LogEntry.objects.values_list("content_type__model", "object_repr"))
    assert reprs == {"candidate": f"Erased candidate {candidate.pk}",
                     "application": f"Erased candidate {candidate.pk} for Data Scientist, Berlin"}
    assert StageChange.objects.filter(reason__icontains="ada").count() == 0


@pytest.mark.django_db
def test_a_superuser_erases_a_candidate_with_a_decision_and_others_cannot(evidence, recruiter, admin_user):
    application, *_ = evidence
    with pytest.raises(ValidationError, match="Only an administrator can erase a candidate."):
        erase_candidate(candidate=application.candidate, by=recruiter, reason="Asked.")
    assert Candidate.objects.get().name == "Ada Lovelace"
    erase_candidate(candidate=application.candidate, by=admin_user, reason="Asked.")
    with pytest.raises(ValidationError, match="This candidate was already erased."):
        erase_candidate(candidate=application.candidate, by=admin_user, reason="Asked.")


@pytest.mark.django_db
def test_erasure_needs_a_reason_and_then_changes_nothing(evidence, admin_user):
    application, *_ = evidence
    with pytest.raises(ValidationError) as error:
        erase_candidate(candidate=application.candidate, by=admin_user, reason="  ")
    assert error.value.message_dict == {
        "reason": ["Say why (e.g. the person asked): the reason is kept in the audit log."]}
    assert Candidate.objects.get().email == "ada@example.org"
    assert AuditEntry.objects.filter(action="candidate.erased").count() == 0


@pytest.mark.django_db
def test_erasure_touches_no_other_candidate(evidence, requisition, loop, admin_user):
    application, *_ = evidence
    other = apply(requisition, loop, email="grace@example.org", name="Grace Hopper")
    archive_application(application=other, by=requisition.recruiter, reason="Grace Hopper withdrew.")
    erase_candidate(candidate=application.candidate, by=admin_user, reason="Asked.")
    other.refresh_from_db()
    assert (other.candidate.name, other.candidate.email, bool(other.resume)) == (
        "Grace Hopper", "grace@example.org", True)
    assert other.stage_changes.last().reason == "Grace Hopper withdrew."


@pytest.mark.django_db
def test_after_erasure_the_same_address_applies_as_a_new_person(evidence, requisition, loop, admin_user):
    application, *_ = evidence
    erase_candidate(candidate=application.candidate, by=admin_user, reason="Asked.")
    again = apply(requisition, loop, email="Ada@Example.org")
    assert again.candidate_id != application.candidate_id
    assert again.candidate.name == "Ada Lovelace"
    assert Application.objects.count() == 2


def test_redactor_replaces_name_parts_address_phone_and_file_names_whole_words_only():
    redact = redactor(name="Jo Ann Lee", email="jo@example.org", phone="555-0100",
                      file_names=["resumes/2026/12/Lee_resume.pdf"])
    assert redact("Jo ann LEE (jo@example.org, 555-0100) sent Lee_resume.pdf; Joanna and Leeds stay.") == (
        "[erased] ([erased], [erased]) sent [erased]; Joanna and Leeds stay.")
    assert redact("Ann said Lee, then Jo.") == "[erased] said [erased], then [erased]."
    assert redact("") == ""


@pytest.mark.django_db
def test_pages_of_an_erased_candidate_show_no_personal_data(client, evidence, admin_user, recruiter, hiring_manager):
    application, *_ = evidence
    video = application.video_responses.get()
    erase_candidate(candidate=application.candidate, by=admin_user, reason="Asked.")
    client.force_login(recruiter)
    for url in (reverse("interviews:application", args=[application.pk]),
                reverse("interviews:video-review", args=[video.pk])):
        html = client.get(url).content.decode()
        assert "The video was erased with the candidate's personal data." in html
        assert ("Ada" in html, "Lovelace" in html, "7946" in html) == (False, False, False)
    client.force_login(hiring_manager)
    packet = client.get(reverse("hiring:packet", args=[application.pk]))
    html = packet.content.decode()
    assert packet.status_code == 200
    assert f"Erased candidate {application.candidate_id}" in html
    assert ("Ada" in html, "Lovelace" in html) == (False, False)


@pytest.mark.django_db
def test_erasure_takes_the_person_out_of_the_webhook_delivery_log(evidence, admin_user):
    application, *_ = evidence
    subscription = WebhookSubscription.objects.create(owner=admin_user, url="https://hooks.example.org/",
                                                      secret="s" * 32, events=["application.stage_changed"])
    theirs = WebhookDelivery.objects.create(subscription=subscription, event="application.stage_changed", payload={
        "application": application.pk, "status": "rejected", "reason": "No hire: Ada Lovelace needs more SQL."})
    others = WebhookDelivery.objects.create(subscription=subscription, event="application.stage_changed", payload={
        "application": application.pk + 1, "reason": "No hire: Ada Lovelace's namesake."})
    erase_candidate(candidate=application.candidate, by=admin_user, reason="Asked.")
    theirs.refresh_from_db()
    others.refresh_from_db()
    assert theirs.payload == {"application": application.pk, "status": "rejected",
                              "reason": "No hire: [erased] needs more SQL."}
    assert others.payload["reason"] == "No hire: Ada Lovelace's namesake."
