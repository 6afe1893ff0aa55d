from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hiring.packets import context
from interviews.models import Application, AuditEntry, Interview, StageChange, VideoResponse, VideoReview
from interviews.privacy import PRIVACY_NOTICE_VERSION
from interviews.services.pipeline import (
    advance_application,
    archive_application,
    assign_interviewers,
    move_application,
    record_resume_review,
    record_video_review,
    submit_application,
)
from tests.factories import ApplicationFactory, UserFactory, VideoResponseFactory
from tests.interviews.conftest import pdf, webm


def submit(requisition, loop, *, authorised=True, email="ada@example.org"):
    return submit_application(
        requisition=requisition, name="Ada Lovelace", email=email, phone="+49 30 1234",
        resume=pdf(), knockout_answers={loop.authorisation: loop.auth_yes if authorised else loop.auth_no,
                                        loop.experience: loop.exp_long},
        videos={loop.videos[0]: webm(seconds=3)},
        consent_notice=PRIVACY_NOTICE_VERSION,
    )


def history(application):
    return list(StageChange.objects.filter(application=application)
                .values_list("from_stage__key", "to_stage__key", "status", "by", "reason"))


@pytest.mark.django_db
def test_qualifying_application_moves_to_resume_screen(requisition, loop):
    application = submit(requisition, loop)
    assert (application.stage, application.status) == (loop.resume_stage, "active")
    assert history(application) == [
        (None, "application", "active", None, "Applied."),
        ("application", "resume", "active", None, "Passed the knockout questions."),
    ]
    assert application.candidate.phone == "+49 30 1234"
    with application.resume.open("rb") as resume:
        assert resume.read() == b"%PDF-1.4\n% a resume\n"
    video = application.video_responses.get()
    # The duration is read from the file itself.
    assert (video.question, video.content_type, video.duration_seconds) == (loop.videos[0], "video/webm", 3)
    assert sorted(application.knockout_answers.values_list("option__text", flat=True)) == ["3 years or more", "Yes"]
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "application.submitted", "application.advanced"
    ]


@pytest.mark.django_db
def test_auto_decline_option_declines_with_question_and_answer_as_reason(requisition, loop):
    application = submit(requisition, loop, authorised=False)
    assert (application.stage, application.status) == (loop.application_stage, "declined")
    assert history(application)[-1] == (
        "application", "application", "declined", None, "Knockout “Work authorisation”: answered “No”."
    )
    entry = AuditEntry.objects.get(action="application.declined")
    assert (entry.target, entry.actor, entry.data["reason"]) == (
        application, None, "Knockout “Work authorisation”: answered “No”."
    )


@pytest.mark.django_db
def test_closed_requisition_refuses_applications(requisition, loop):
    requisition.status = "closed"
    requisition.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="This opening is closed."):
        submit(requisition, loop)
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_same_email_cannot_apply_twice_to_one_requisition(requisition, loop):
    submit(requisition, loop)
    with pytest.raises(ValidationError) as error:
        submit(requisition, loop, email="ADA@example.org")
    assert error.value.message_dict == {"email": ["An application with this e-mail address was already received."]}
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_missing_knockout_answer_is_refused_and_nothing_saved(requisition, loop):
    with pytest.raises(ValidationError, match="missing: Experience"):
        submit_application(requisition=requisition, name="A", email="a@example.org", resume=pdf(),
                           knockout_answers={loop.authorisation: loop.auth_yes}, videos={loop.videos[0]: webm()},
                           consent_notice=PRIVACY_NOTICE_VERSION)
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_move_requires_a_reason(requisition, recruiter):
    application = ApplicationFactory(requisition=requisition)
    with pytest.raises(ValidationError) as error:
        advance_application(application=application, by=recruiter, reason="   ")
    assert error.value.message_dict == {"reason": ["Say why: the reason is kept in the application's history."]}
    assert StageChange.objects.count() == 0


@pytest.mark.django_db
def test_advance_moves_to_the_next_stage_with_who_and_why(requisition, loop, recruiter):
    application = ApplicationFactory(requisition=requisition)
    advance_application(application=application, by=recruiter, reason="Strong portfolio")
    application.refresh_from_db()
    assert (application.stage, application.status) == (loop.interview_stage, "active")
    assert history(application) == [("resume", "interviews", "active", recruiter.pk, "Strong portfolio")]
    assert AuditEntry.objects.get().action == "application.moved"


@pytest.mark.django_db
def test_archive_keeps_the_stage_and_records_the_reason(requisition, loop, recruiter):
    application = ApplicationFactory(requisition=requisition)
    archive_application(application=application, by=recruiter, reason="Role filled")
    application.refresh_from_db()
    assert (application.stage, application.status) == (loop.resume_stage, "archived")
    assert history(application) == [("resume", "resume", "archived", recruiter.pk, "Role filled")]


@pytest.mark.django_db
def test_move_to_a_stage_of_another_loop_is_refused(requisition, recruiter):
    application = ApplicationFactory(requisition=requisition)
    other = ApplicationFactory()
    with pytest.raises(ValidationError) as error:
        move_application(application=application, to_stage=other.stage, by=recruiter, reason="x")
    assert error.value.message_dict == {"to_stage": ["That stage belongs to another loop."]}


@pytest.mark.django_db
def test_advance_from_the_last_stage_is_refused(requisition, loop, recruiter):
    application = ApplicationFactory(requisition=requisition, stage=loop.interview_stage)
    with pytest.raises(ValidationError, match="This is the last stage of the loop."):
        advance_application(application=application, by=recruiter, reason="x")


@pytest.mark.django_db
@pytest.mark.parametrize(("scores", "stage", "status", "reason"), [
    ((3, 2), "interviews", "active", "Resume score 2.50 ≥ 2.50: advanced by the resume rule."),
    ((2, 2), "resume", "archived", "Resume score 2.00 < 2.50: archived by the resume rule."),
])
def test_resume_review_rule_advances_or_archives(requisition, loop, recruiter, scores, stage, status, reason):
    application = ApplicationFactory(requisition=requisition)
    review = record_resume_review(application=application, reviewer=recruiter, notes="Solid",
                                  scores=dict(zip(loop.criteria, scores, strict=True)))
    application.refresh_from_db()
    assert (application.stage.key, application.status) == (stage, status)
    assert history(application) == [("resume", stage, status, None, reason)]
    assert sorted(review.scores.values_list("criterion__title", "score")) == sorted(
        zip(["Relevant experience", "Communication"], scores, strict=True))


@pytest.mark.django_db
def test_resume_review_must_score_every_criterion(requisition, loop, recruiter):
    application = ApplicationFactory(requisition=requisition)
    with pytest.raises(ValidationError, match="Score every criterion, and only the loop's criteria."):
        record_resume_review(application=application, reviewer=recruiter, scores={loop.criteria[0]: 4})
    assert application.resume_reviews.count() == 0


@pytest.mark.django_db
def test_resume_rule_threshold_is_the_requisitions(requisition, loop, recruiter):
    requisition.resume_advance_at = Decimal("3.5")
    requisition.save(update_fields=["resume_advance_at"])
    application = ApplicationFactory(requisition=requisition)
    record_resume_review(application=application, reviewer=recruiter, scores=dict.fromkeys(loop.criteria, 3))
    application.refresh_from_db()
    assert application.status == "archived"


@pytest.mark.django_db
def test_video_review_again_replaces_own_score(requisition, recruiter):
    response = VideoResponseFactory(application__requisition=requisition)
    record_video_review(response=response, reviewer=recruiter, score=2, notes="Quiet")
    record_video_review(response=response, reviewer=recruiter, score=4, notes="Rewatched: great")
    assert list(VideoReview.objects.values_list("score", "notes")) == [(4, "Rewatched: great")]
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "video.reviewed", "video.review_changed"
    ]


@pytest.mark.django_db
def test_assign_interviewers_creates_then_updates_the_interview(requisition, loop, recruiter, interviewer):
    application = ApplicationFactory(requisition=requisition, stage=loop.interview_stage)
    second = UserFactory(groups=["Interviewer"])
    interview = assign_interviewers(application=application, round=loop.coding_round, interviewers=[interviewer],
                                    target_level=loop.levels[1], variant=loop.with_ai, by=recruiter)
    assign_interviewers(application=application, round=loop.coding_round, interviewers=[second],
                        target_level=loop.levels[2], variant=loop.without_ai, by=recruiter)
    interview = Interview.objects.get(pk=interview.pk)
    assert (list(interview.interviewers.all()), interview.target_level, interview.variant) == (
        [second], loop.levels[2], loop.without_ai)
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "interview.assigned", "interview.reassigned"
    ]


@pytest.mark.django_db
def test_assign_refuses_non_interviewers_foreign_levels_and_missing_variant(requisition, loop, recruiter, outsider):
    application = ApplicationFactory(requisition=requisition, stage=loop.interview_stage)
    with pytest.raises(ValidationError) as error:
        assign_interviewers(application=application, round=loop.coding_round, interviewers=[outsider],
                            target_level=loop.levels[0], by=recruiter)
    assert error.value.message_dict == {
        "interviewers": ["Only members of the Interviewer group can be assigned."],
        "target_level": ["Choose one of the requisition's target levels."],
        "variant": ["This round has a coding test: choose the variant."],
    }
    assert Interview.objects.count() == 0


@pytest.mark.django_db
def test_assign_is_refused_before_the_interviews_stage(requisition, loop, recruiter, interviewer):
    application = ApplicationFactory(requisition=requisition)
    with pytest.raises(ValidationError, match="Interviewers are assigned to active applications"):
        assign_interviewers(application=application, round=loop.technical_round, interviewers=[interviewer],
                            target_level=loop.levels[1], by=recruiter)


@pytest.mark.django_db
def test_a_failure_after_the_uploads_were_stored_leaves_no_files_behind(requisition, loop, settings, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("interviews.services.pipeline._move", fail)  # after the resume and video are stored
    with pytest.raises(RuntimeError):
        submit(requisition, loop)
    assert Application.objects.count() == 0
    assert [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == []


@pytest.mark.django_db
def test_a_stored_application_keeps_its_uploads(requisition, loop, settings):
    application = submit(requisition, loop)
    kept = sorted(path.relative_to(settings.MEDIA_ROOT).as_posix()
                  for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())
    assert kept == sorted([application.resume.name, application.video_responses.get().file.name])


@pytest.mark.django_db
def test_a_real_video_over_the_limit_is_refused_and_nothing_is_written(requisition, loop, settings):
    limit = loop.videos[0].response_seconds  # 60 s
    too_long = webm(seconds=limit + 2)
    with pytest.raises(ValidationError) as refused:
        submit_application(
            requisition=requisition, name="Lee Long", email="lee@example.org", resume=pdf(),
            knockout_answers={loop.authorisation: loop.auth_yes, loop.experience: loop.exp_long},
            videos={loop.videos[0]: too_long}, consent_notice=PRIVACY_NOTICE_VERSION,
        )
    assert refused.value.message_dict == {f"video_{loop.videos[0].pk}": [
        "Your answer to “Introduce yourself” is 62 seconds long; the limit is 60 seconds. "
        "Please record a shorter answer."]}
    assert (Application.objects.count(), VideoResponse.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)
    media = settings.MEDIA_ROOT
    assert not media.exists() or [p for p in media.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_a_video_within_the_recorders_grace_second_is_accepted(requisition, loop):
    application = submit_application(
        requisition=requisition, name="Gil Grace", email="gil@example.org", resume=pdf(),
        knockout_answers={loop.authorisation: loop.auth_yes, loop.experience: loop.exp_long},
        videos={loop.videos[0]: webm(name="answer.mp4", seconds=60.5)}, consent_notice=PRIVACY_NOTICE_VERSION,
    )
    assert application.video_responses.get().duration_seconds == 60


@pytest.mark.django_db
def test_a_file_that_is_not_a_video_is_refused(requisition, loop):
    fake = SimpleUploadedFile("answer.webm", b"\x1a\x45\xdf\xa3 not really a video", content_type="video/webm")
    with pytest.raises(ValidationError) as refused:
        submit_application(
            requisition=requisition, name="Fay Fake", email="fay@example.org", resume=pdf(),
            knockout_answers={loop.authorisation: loop.auth_yes, loop.experience: loop.exp_long},
            videos={loop.videos[0]: fake}, consent_notice=PRIVACY_NOTICE_VERSION,
        )
    assert refused.value.message_dict == {f"video_{loop.videos[0].pk}": [
        "Your answer to “Introduce yourself” could not be read as a video: please record it again or upload "
        "another file."]}
    assert Application.objects.count() == 0


def _make_yes_no(question) -> None:
    # The published criterion, as a kit with "answer_type: yes_no" would have written it.
    type(question)._base_manager.filter(pk=question.pk).update(answer_type="yes_no")
    question.refresh_from_db()


@pytest.mark.django_db
@pytest.mark.parametrize(("answer", "stage", "reason"), [
    (4, "interviews", "Resume score 2.50 ≥ 2.50: advanced by the resume rule."),
    (1, "resume", "Resume score 1.00 < 2.50: archived by the resume rule."),
])
def test_a_yes_no_criterion_feeds_the_resume_rule_as_four_or_one(requisition, loop, recruiter, answer, stage, reason):
    _make_yes_no(loop.criteria[0])
    application = ApplicationFactory(requisition=requisition)
    record_resume_review(application=application, reviewer=recruiter,
                         scores={loop.criteria[0]: answer, loop.criteria[1]: 1})
    application.refresh_from_db()
    assert history(application)[-1] == ("resume", stage, "active" if stage == "interviews" else "archived", None,
                                         reason)


@pytest.mark.django_db
def test_a_yes_no_criterion_takes_only_yes_or_no(requisition, loop, recruiter):
    _make_yes_no(loop.criteria[0])
    application = ApplicationFactory(requisition=requisition)
    with pytest.raises(ValidationError) as refused:
        record_resume_review(application=application, reviewer=recruiter,
                             scores={loop.criteria[0]: 3, loop.criteria[1]: 3})
    assert refused.value.messages == ["Answer yes (4) or no (1) for: Relevant experience."]
    assert application.resume_reviews.count() == 0


@pytest.mark.django_db
def test_the_review_form_asks_a_yes_no_criterion_yes_or_no(loop):
    from interviews.forms.pipeline import ResumeReviewForm
    _make_yes_no(loop.criteria[0])
    form = ResumeReviewForm(criteria=loop.criteria)
    assert form.fields[f"criterion_{loop.criteria[0].pk}"].choices == [(4, "Yes"), (1, "No")]
    assert [value for value, _ in form.fields[f"criterion_{loop.criteria[1].pk}"].choices] == [1, 2, 3, 4]


@pytest.mark.django_db
def test_the_packet_shows_a_yes_no_criterion_as_yes_or_no_and_a_scored_one_on_its_scale(requisition, loop,
                                                                                          recruiter):
    _make_yes_no(loop.criteria[0])
    application = ApplicationFactory(requisition=requisition)
    record_resume_review(application=application, reviewer=recruiter,
                         scores={loop.criteria[0]: 4, loop.criteria[1]: 3})
    screen = context.build(application.pk)["screen"]
    assert [(r["criterion"], r["answer"]) for r in screen["resume"]] == [
        ("Relevant experience", "Yes"), (loop.criteria[1].title, "3 of 4")]
