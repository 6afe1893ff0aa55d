import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.access import RECRUITER
from interviews.models import AuditEntry
from interviews.privacy import PRIVACY_NOTICE_VERSION
from interviews.services.export import export_candidate
from tests.factories import RequisitionFactory
from tests.interviews.conftest import webm
from tests.interviews.personal import apply, build_evidence


@pytest.fixture
def admin_user(make_user):
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def evidence(requisition, loop, recruiter, hiring_manager, interviewer, admin_user):
    return build_evidence(requisition, loop, recruiter, hiring_manager, interviewer, admin_user)


def read(data: bytes) -> tuple[list[str], dict]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return archive.namelist(), {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.django_db
def test_export_holds_the_persons_data_their_evaluations_decisions_audit_and_files(evidence, admin_user):
    application, card, decision, _ = evidence
    out = io.BytesIO()
    names = export_candidate(candidate=application.candidate, by=admin_user, out=out)
    listed, files = read(out.getvalue())
    video = application.video_responses.get()
    assert names == listed == [
        "README.txt", "person.json", "applications.json", "audit.json", "decisions.json",
        "calibrated_estimates.json", f"files/resume-{application.pk}.pdf", f"files/video-{video.pk}.webm",
    ]
    person = json.loads(files["person.json"])
    assert {key: person[key] for key in ("id", "name", "email", "phone", "erased_at")} == {
        "id": application.candidate_id, "name": "Ada Lovelace", "email": "ada@example.org",
        "phone": "+44 20 7946 0000", "erased_at": None}
    assert files[f"files/resume-{application.pk}.pdf"] == b"%PDF-1.4\n% a resume\n"
    assert files[f"files/video-{video.pk}.webm"] == webm().read()

    [exported] = json.loads(files["applications.json"])
    assert (exported["id"], exported["opening"], exported["status"], exported["stage"]) == (
        application.pk, "Data Scientist, Berlin", "Rejected", "Interviews")
    assert exported["consent"] == {"at": application.consent_at.isoformat(),
                                   "privacy_notice_version": PRIVACY_NOTICE_VERSION}
    assert exported["screen_answers"] == [
        {"question": "Are you authorised to work in the EU?", "answer": "Yes"},
        {"question": "How many years of experience do you have?", "answer": "3 years or more"}]
    assert [(h["to"], h["status"], h["by"]) for h in exported["history"]] == [
        ("Application screen", "Active", "system"), ("Resume screen", "Active", "system"),
        ("Interviews", "Active", "system"), ("Interviews", "Rejected", "staff")]
    assert exported["resume_reviews"][0]["scores"] == [{"criterion": "Relevant experience", "score": 3},
                                                       {"criterion": "Communication", "score": 4}]
    assert [(v["file"], v["reviews"][0]["notes"]) for v in exported["video_answers"]] == [
        (f"files/video-{video.pk}.webm", "Lovelace speaks well.")]
    [scorecard] = exported["interviews"][0]["scorecards"]
    assert (scorecard["recommendation"], scorecard["summary"]) == (
        "Yes", "ADA LOVELACE knows her statistics; call +44 20 7946 0000.")
    assert [(a["question"], a["rating"], a["score"], a["strengths"]) for a in scorecard["answers"]] == [
        ("Model evaluation", "mid", 3.0, "Ada's validation plan was thorough.")]
    assert "interviewer" not in json.dumps(scorecard)  # staff are other people: not named

    assert json.loads(files["decisions.json"]) == [
        {"application": application.pk, "outcome": "No hire", "level": None, "at": decision.at.isoformat(),
         "rationale": "Ada Lovelace is strong but the role needs more SQL."}]
    assert [(e["action"], e["by"]) for e in json.loads(files["audit.json"])] == [
        ("application.submitted", "system"), ("application.advanced", "system"), ("resume.reviewed", "staff"),
        ("application.advanced", "system"), ("video.reviewed", "staff"), ("decision.recorded", "staff"),
        ("application.rejected", "staff"),
        ("candidate.changed", "staff")]
    entry = AuditEntry.objects.get(action="candidate.exported")
    assert (entry.target, entry.actor, entry.data) == (application.candidate, admin_user, {"files": 2})


@pytest.mark.django_db
def test_a_recruiter_exports_only_people_who_applied_to_their_requisitions_alone(evidence, recruiter, loop,
                                                                                 make_user):
    application, *_ = evidence
    export_candidate(candidate=application.candidate, by=recruiter, out=io.BytesIO())
    other = RequisitionFactory(loop=loop.loop, recruiter=make_user("rolf", RECRUITER, is_staff=True),
                               title="Data Scientist, Lisbon")
    apply(other, loop)  # the same person, on someone else's requisition
    with pytest.raises(ValidationError, match="You may export only candidates who applied to requisitions you"):
        export_candidate(candidate=application.candidate, by=recruiter, out=io.BytesIO())
    assert AuditEntry.objects.filter(action="candidate.exported").count() == 1


@pytest.mark.django_db
def test_admin_export_page_sends_the_zip_and_refuses_others(client, evidence, admin_user, hiring_manager):
    application, *_ = evidence
    url = reverse("admin:interviews_candidate_export", args=[application.candidate_id])
    client.force_login(admin_user)
    response = client.get(url)
    assert (response.status_code, response["Content-Type"], response["Cache-Control"]) == (
        200, "application/zip", "max-age=0, no-cache, no-store, must-revalidate, private")
    assert response["Content-Disposition"] == f'attachment; filename="candidate-{application.candidate_id}-data.zip"'
    assert read(b"".join(response.streaming_content))[0][:2] == ["README.txt", "person.json"]
    hiring_manager.is_staff = True
    hiring_manager.save()
    client.force_login(hiring_manager)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_export_command_writes_the_zip_for_an_address(evidence, tmp_path):
    application, *_ = evidence
    target = tmp_path / "ada.zip"
    out = io.StringIO()
    call_command("export_candidate", "ADA@example.org", "--output", str(target), stdout=out)
    assert out.getvalue() == f"Wrote {target}: 8 files for candidate {application.candidate_id}.\n"
    assert read(target.read_bytes())[0][1] == "person.json"
    with pytest.raises(CommandError, match="exists already"):
        call_command("export_candidate", str(application.candidate_id), "--output", str(target))
    with pytest.raises(CommandError, match="No candidate 'nobody@example.org'."):
        call_command("export_candidate", "nobody@example.org", "--output", str(tmp_path / "x.zip"))
