"""The end of the pipeline: offer, hire, reject, un-archive, closing when filled, N resume reviews."""

import pytest
from django.core.exceptions import ValidationError

from interviews.models import Application, AuditEntry, Requisition, StageChange
from interviews.services.pipeline import (
    advance_application,
    archive_application,
    close_requisition,
    hire_application,
    make_offer,
    move_application,
    record_resume_review,
    reject_application,
    unarchive_application,
)
from tests.factories import ApplicationFactory, UserFactory


def history(application):
    return list(StageChange.objects.filter(application=application)
                .values_list("from_stage__key", "to_stage__key", "status", "by", "reason"))


@pytest.fixture
def finalist(requisition, loop):
    return ApplicationFactory(requisition=requisition, stage=loop.interview_stage)


@pytest.mark.django_db
def test_offer_then_hire_at_a_target_level_closes_the_single_opening(finalist, requisition, loop, recruiter,
                                                                      hiring_manager):
    make_offer(application=finalist, by=recruiter, reason="Debrief was unanimous")
    hire_application(application=finalist, level=loop.levels[1], by=hiring_manager, reason="Accepted the offer")
    finalist.refresh_from_db()
    requisition.refresh_from_db()
    assert (finalist.status, finalist.hired_level, finalist.stage) == ("hired", loop.levels[1], loop.interview_stage)
    assert history(finalist) == [
        ("interviews", "interviews", "offer", recruiter.pk, "Debrief was unanimous"),
        ("interviews", "interviews", "hired", hiring_manager.pk, "Accepted the offer"),
    ]
    assert requisition.status == "closed"
    assert requisition.closed_at is not None
    closed = AuditEntry.objects.get(action="requisition.closed")
    assert (closed.target, closed.actor, closed.data) == (
        requisition, hiring_manager, {"reason": "Every opening is filled (1 of 1 hired)."})


@pytest.mark.django_db
def test_requisition_stays_open_until_every_opening_is_filled(requisition, loop, hiring_manager):
    requisition.openings = 2
    requisition.save(update_fields=["openings"])
    first, second = (ApplicationFactory(requisition=requisition, stage=loop.interview_stage) for _ in range(2))
    hire_application(application=first, level=loop.levels[1], by=hiring_manager, reason="Yes")
    assert Requisition.objects.get(pk=requisition.pk).status == "open"
    hire_application(application=second, level=loop.levels[2], by=hiring_manager, reason="Yes")
    assert Requisition.objects.get(pk=requisition.pk).status == "closed"
    assert AuditEntry.objects.get(action="requisition.closed").data == {
        "reason": "Every opening is filled (2 of 2 hired)."}


@pytest.mark.django_db
def test_hire_refuses_a_level_the_requisition_does_not_target(finalist, loop, hiring_manager):
    with pytest.raises(ValidationError) as error:
        hire_application(application=finalist, level=loop.levels[0], by=hiring_manager, reason="Yes")
    assert error.value.message_dict == {"level": ["Choose one of the requisition's target levels."]}
    finalist.refresh_from_db()
    assert (finalist.status, finalist.hired_level) == ("active", None)
    assert StageChange.objects.count() == 0


@pytest.mark.django_db
def test_hire_refuses_an_application_before_the_interviews(requisition, loop, hiring_manager):
    application = ApplicationFactory(requisition=requisition)
    with pytest.raises(ValidationError) as error:
        hire_application(application=application, level=loop.levels[1], by=hiring_manager, reason="Yes")
    assert error.value.messages == [
        "Only an application in the interviews stage, active or with an offer, is hired; "
        "this one is active at Resume screen."]


@pytest.mark.django_db
def test_hire_refuses_once_the_requisition_is_closed(finalist, requisition, loop, recruiter, hiring_manager):
    close_requisition(requisition=requisition, by=recruiter, reason="Budget frozen")
    finalist.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        hire_application(application=finalist, level=loop.levels[1], by=hiring_manager, reason="Yes")
    assert error.value.messages == ["The requisition is closed: no opening is left to fill."]
    assert Application.objects.get(pk=finalist.pk).status == "active"


@pytest.mark.django_db
def test_reject_ends_the_loop_with_the_reason(finalist, recruiter):
    make_offer(application=finalist, by=recruiter, reason="Strong")
    reject_application(application=finalist, by=recruiter, reason="Declined our offer")
    finalist.refresh_from_db()
    assert finalist.status == "rejected"
    assert history(finalist)[-1] == ("interviews", "interviews", "rejected", recruiter.pk, "Declined our offer")
    assert AuditEntry.objects.filter(target_id=finalist.pk).order_by("pk").values_list("action", flat=True)[1] == (
        "application.rejected")


@pytest.mark.django_db
def test_unarchive_returns_to_active_at_the_same_stage_with_the_reason(requisition, loop, recruiter):
    application = ApplicationFactory(requisition=requisition)
    archive_application(application=application, by=recruiter, reason="Too junior")
    unarchive_application(application=application, by=recruiter, reason="Archived by mistake")
    application.refresh_from_db()
    assert (application.stage, application.status) == (loop.resume_stage, "active")
    assert history(application) == [
        ("resume", "resume", "archived", recruiter.pk, "Too junior"),
        ("resume", "resume", "active", recruiter.pk, "Archived by mistake"),
    ]
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "application.archived", "application.unarchived"]


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "reason", "messages"), [
    ("active", "x", ["Only an archived application can be un-archived."]),
    ("archived", "  ", {"reason": ["Say why: the reason is kept in the application's history."]}),
])
def test_unarchive_is_refused_without_a_reason_or_an_archived_application(requisition, recruiter, status, reason,
                                                                          messages):
    application = ApplicationFactory(requisition=requisition, status=status)
    with pytest.raises(ValidationError) as error:
        unarchive_application(application=application, by=recruiter, reason=reason)
    assert (error.value.message_dict if isinstance(messages, dict) else error.value.messages) == messages
    assert Application.objects.get(pk=application.pk).status == status


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["offer", "hired", "rejected", "declined"])
def test_generic_move_cannot_set_an_outcome_status(finalist, recruiter, status):
    with pytest.raises(ValidationError) as error:
        move_application(application=finalist, status=status, by=recruiter, reason="x")
    assert list(error.value.message_dict) == ["status"]
    assert Application.objects.get(pk=finalist.pk).status == "active"


@pytest.mark.django_db
def test_advance_is_refused_for_an_archived_application(requisition, recruiter):
    application = ApplicationFactory(requisition=requisition, status="archived")
    with pytest.raises(ValidationError) as error:
        advance_application(application=application, by=recruiter, reason="x")
    assert error.value.messages == ["Only an active application advances; this one is archived."]


@pytest.mark.django_db
def test_resume_rule_waits_for_the_required_number_of_reviews(requisition, loop, recruiter):
    requisition.resume_reviews_required = 2
    requisition.save(update_fields=["resume_reviews_required"])
    application = ApplicationFactory(requisition=requisition)
    record_resume_review(application=application, reviewer=recruiter, scores=dict.fromkeys(loop.criteria, 4))
    application.refresh_from_db()
    assert (application.stage.key, application.status, history(application)) == ("resume", "active", [])
    second = UserFactory()
    record_resume_review(application=application, reviewer=second,
                         scores=dict(zip(loop.criteria, (1, 2), strict=True)))
    application.refresh_from_db()
    assert (application.stage.key, application.status) == ("interviews", "active")
    assert history(application) == [
        ("resume", "interviews", "active", None, "Resume score 2.75 ≥ 2.50 over 2 reviews: advanced by the resume rule.")]


@pytest.mark.django_db
def test_close_by_hand_needs_a_reason_and_happens_once(requisition, recruiter):
    with pytest.raises(ValidationError):
        close_requisition(requisition=requisition, by=recruiter, reason=" ")
    close_requisition(requisition=requisition, by=recruiter, reason="Filled elsewhere")
    with pytest.raises(ValidationError) as error:
        close_requisition(requisition=requisition, by=recruiter, reason="again")
    assert error.value.messages == ["The requisition is already closed."]
    assert list(AuditEntry.objects.values_list("action", "data")) == [
        ("requisition.closed", {"reason": "Filled elsewhere"})]
