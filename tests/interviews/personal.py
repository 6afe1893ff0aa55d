"""A candidate whose data is everywhere it can be: for the erasure, export and admin tests."""

from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from hiring.models import Decision, Packet
from hiring.services.decisions import record_decision
from interviews.models import AuditEntry, QuestionAnswer, Scorecard
from interviews.privacy import PRIVACY_NOTICE_VERSION
from interviews.services.pipeline import record_resume_review, record_video_review, submit_application
from tests.factories import InterviewFactory
from tests.interviews.conftest import pdf, webm


def apply(requisition, loop, *, email="ada@example.org", name="Ada Lovelace"):
    return submit_application(
        requisition=requisition, name=name, email=email, phone="+44 20 7946 0000",
        resume=pdf("Ada_Lovelace_CV.pdf"),
        knockout_answers={loop.authorisation: loop.auth_yes, loop.experience: loop.exp_long},
        videos={loop.videos[0]: webm()}, consent_notice=PRIVACY_NOTICE_VERSION,
    )


def build_evidence(requisition, loop, recruiter, hiring_manager, interviewer, admin_user):
    """Ada's application with everything that can name her: files, notes, reasons, logs, a packet, a decision."""
    application = apply(requisition, loop)
    record_resume_review(application=application, reviewer=recruiter, notes="Ada writes clearly; ada@example.org.",
                         scores={loop.criteria[0]: 3, loop.criteria[1]: 4})
    record_video_review(response=application.video_responses.get(), reviewer=recruiter, score=3,
                        notes="Lovelace speaks well.")
    interview = InterviewFactory(application=application, round=loop.technical_round, interviewers=[interviewer])
    card = Scorecard.objects.create(interview=interview, interviewer=interviewer, is_current=True,
                                    submitted_at=timezone.now(), recommendation=3,
                                    summary="ADA LOVELACE knows her statistics; call +44 20 7946 0000.")
    QuestionAnswer.objects.create(scorecard=card, question=loop.technical, choice="mid", score=Decimal("3"),
                                  strengths="Ada's validation plan was thorough.", gaps="No power analysis.")
    decision = record_decision(application=application, by=hiring_manager, outcome=Decision.Outcome.NO_HIRE,
                               rationale="Ada Lovelace is strong but the role needs more SQL.")
    packet_name = default_storage.save(f"packets/{application.pk}/abc.pdf", ContentFile(b"%PDF packet"))
    Packet.objects.create(application=application, file=packet_name, content_hash="abc")
    candidate = application.candidate
    AuditEntry.record(candidate, "candidate.changed", actor=admin_user,
                      changes={"name": ["Ada King", "Ada Lovelace"], "count": 2})
    for target, text in [(candidate, "Ada King"), (application, "Ada Lovelace for Data Scientist, Berlin")]:
        LogEntry.objects.create(user=admin_user, content_type=ContentType.objects.get_for_model(target),
                                object_id=str(target.pk), object_repr=text, action_flag=CHANGE,
                                change_message='[{"changed": {"fields": ["Name"]}}]')
    application.refresh_from_db()
    return application, card, decision, packet_name
