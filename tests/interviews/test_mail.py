from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from interviews.models import MailTemplate
from interviews.services import mail
from interviews.services.people import erase_candidate
from interviews.services.pipeline import assign_interviewers, reject_application
from tests.factories import ApplicationFactory
from tests.interviews.test_pipeline_services import submit

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def event_of(message):
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("invitation.ics", "text/calendar; method=REQUEST; charset=utf-8")
    [event] = Calendar.from_ical(content).walk("VEVENT")
    return event


@pytest.mark.django_db
def test_a_qualifying_applicant_is_told_the_application_arrived(requisition, loop, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(requisition, loop)
    [message] = mailoutbox
    assert (message.to, message.subject) == (["ada@example.org"], "We received your application for "
                                                                  "Data Scientist, Berlin")
    assert message.body.startswith("Dear Ada Lovelace,\n\nThank you for applying for Data Scientist, Berlin.")


@pytest.mark.django_db
def test_a_knocked_out_applicant_is_told_honestly_that_the_answers_decided(requisition, loop, mailoutbox,
                                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(requisition, loop, authorised=False)
    [message] = mailoutbox
    assert message.subject == "Your application for Data Scientist, Berlin"
    assert "No one has judged your experience or your resume: the answers alone decided it." in message.body
    assert "After reviewing" not in message.body
    assert "authorisation" not in message.body.lower()


@pytest.mark.django_db
def test_an_edited_template_is_what_is_sent(requisition, loop, mailoutbox, django_capture_on_commit_callbacks):
    template = mail.template_for(MailTemplate.Kind.RECEIVED)
    template.subject, template.body = "Got it, {{ candidate }}", "Hi {{ candidate }}: {{ requisition }}."
    template.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(requisition, loop)
    assert [(m.subject, m.body) for m in mailoutbox] == [("Got it, Ada Lovelace", "Hi Ada Lovelace: "
                                                                                 "Data Scientist, Berlin.")]


@pytest.mark.django_db
def test_a_rejected_finalist_gets_the_rejection(requisition, loop, recruiter, mailoutbox,
                                                django_capture_on_commit_callbacks):
    application = ApplicationFactory(requisition=requisition, stage=loop.interview_stage)
    with django_capture_on_commit_callbacks(execute=True):
        reject_application(application=application, by=recruiter, reason="Below the bar")
    [message] = mailoutbox
    assert "we will not be making you an offer for this opening" in message.body
    assert message.to == [application.candidate.email]


@pytest.mark.django_db
def test_invitation_goes_to_candidate_and_interviewers_and_a_reschedule_updates_the_event(
        requisition, loop, recruiter, interviewer, mailoutbox, django_capture_on_commit_callbacks):
    interviewer.email = "ian@example.org"
    interviewer.save()
    application = ApplicationFactory(requisition=requisition, stage=loop.interview_stage)
    assign = {"application": application, "round": loop.technical_round, "interviewers": [interviewer],
              "target_level": loop.levels[1], "by": recruiter}
    with django_capture_on_commit_callbacks(execute=True):
        interview = assign_interviewers(**assign, scheduled_at=AT)
    candidate, colleague = mailoutbox
    assert (candidate.to, colleague.to) == ([application.candidate.email], ["ian@example.org"])
    assert colleague.subject == (f"Interview: Hiring Manager Technical with {application.candidate.name}, "
                                 "Monday 07 December 2026, 09:30 UTC")
    assert f"/interviews/{interview.pk}/kit/" in colleague.body
    first = event_of(candidate)
    assert (str(first["uid"]), int(first["sequence"]), first.decoded("dtstart"), first.decoded("dtend")) == (
        f"interview-{interview.pk}@127.0.0.1", 0, AT, AT + timedelta(minutes=45))
    assert sorted(str(a) for a in first.get("attendee")) == sorted(
        [f"mailto:{application.candidate.email}", "mailto:ian@example.org"])

    with django_capture_on_commit_callbacks(execute=True):
        assign_interviewers(**assign, scheduled_at=AT)  # nothing changed: nothing sent
    assert len(mailoutbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assign_interviewers(**assign, scheduled_at=AT + timedelta(days=1))
    update = mailoutbox[2]
    assert update.subject.startswith("Updated: Your interview for Data Scientist, Berlin")
    moved = event_of(update)
    assert (str(moved["uid"]), int(moved["sequence"]), moved.decoded("dtstart")) == (
        str(first["uid"]), 1, AT + timedelta(days=1))


@pytest.mark.django_db
def test_an_unscheduled_interview_sends_no_invitation(requisition, loop, recruiter, interviewer, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    application = ApplicationFactory(requisition=requisition, stage=loop.interview_stage)
    with django_capture_on_commit_callbacks(execute=True):
        assign_interviewers(application=application, round=loop.technical_round, interviewers=[interviewer],
                            target_level=loop.levels[1], by=recruiter)
    assert mailoutbox == []


def test_a_template_that_does_not_render_is_refused():
    with pytest.raises(ValidationError, match="The template does not render"):
        mail.check_syntax("Hello {% if candidate %}")


@pytest.mark.django_db
def test_every_kind_is_listed_in_the_admin_with_its_default_text(admin_client):
    response = admin_client.get("/admin/interviews/mailtemplate/")
    assert response.status_code == 200
    assert sorted(MailTemplate.objects.values_list("kind", flat=True)) == sorted(MailTemplate.Kind.values)


@pytest.mark.django_db
def test_an_erased_candidate_is_sent_nothing_and_left_out_of_the_invitation(
        requisition, loop, recruiter, interviewer, make_user, mailoutbox, django_capture_on_commit_callbacks):
    interviewer.email = "ian@example.org"
    interviewer.save()
    application = ApplicationFactory(requisition=requisition, stage=loop.interview_stage)
    erase_candidate(candidate=application.candidate, by=make_user("root", is_superuser=True), reason="Asked.")
    application.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assign_interviewers(application=application, round=loop.technical_round, interviewers=[interviewer],
                            target_level=loop.levels[1], by=recruiter, scheduled_at=AT)
        reject_application(application=application, by=recruiter, reason="Withdrew")
    [colleague] = mailoutbox
    assert colleague.to == ["ian@example.org"]
    assert str(event_of(colleague)["attendee"]) == "mailto:ian@example.org"  # one attendee: not a list
