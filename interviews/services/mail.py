"""The e-mails candidates and interviewers get, rendered from editable templates; tasks call these.

Each sender takes ids, reads what it needs, and sends with the configured backend (the
console by default). The interview invitation carries an iCalendar event whose UID stays
the same across reschedules and whose SEQUENCE grows, so calendars update the one event.
"""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from interviews.models import Application, Interview, MailTemplate

logger = logging.getLogger(__name__)
Kind = MailTemplate.Kind

DEFAULTS: dict[str, tuple[str, str]] = {
    Kind.RECEIVED: (
        "We received your application for {{ requisition }}",
        "Dear {{ candidate }},\n\nThank you for applying for {{ requisition }}. We have received your "
        "application, and the team will review it. We will write to you again by e-mail.\n\nKind regards,\n"
        "The hiring team\n",
    ),
    Kind.KNOCKOUT: (
        "Your application for {{ requisition }}",
        "Dear {{ candidate }},\n\nThank you for applying for {{ requisition }}. This opening has requirements "
        "that your answers to the application questions did not meet, so we cannot take your application "
        "further. No one has judged your experience or your resume: the answers alone decided it.\n\n"
        "You are welcome to apply for other openings whose requirements fit.\n\nKind regards,\nThe hiring team\n",
    ),
    Kind.REJECTED: (
        "Your application for {{ requisition }}",
        "Dear {{ candidate }},\n\nThank you for the time you gave us in the interviews for {{ requisition }}. "
        "After careful consideration of the interviews, we will not be making you an offer for this opening."
        "\n\nWe wish you every success.\n\nKind regards,\nThe hiring team\n",
    ),
    Kind.INVITE_CANDIDATE: (
        "{% if updated %}Updated: {% endif %}Your interview for {{ requisition }}: {{ round }}, {{ starts }}",
        "Dear {{ candidate }},\n\n{% if updated %}The time of your interview has changed. {% endif %}"
        "Your interview “{{ round }}” for {{ requisition }} is on {{ starts }} and lasts {{ minutes }} minutes. "
        "The attached calendar invitation holds the details.\n\nKind regards,\nThe hiring team\n",
    ),
    Kind.INVITE_INTERVIEWER: (
        "{% if updated %}Updated: {% endif %}Interview: {{ round }} with {{ candidate }}, {{ starts }}",
        "Hello {{ interviewer }},\n\n{% if updated %}This interview was rescheduled. {% endif %}"
        "You interview {{ candidate }} for {{ requisition }} in the round “{{ round }}” on {{ starts }} "
        "({{ minutes }} minutes).\n\nThe interview kit and your scorecard: {{ kit_url }}\n",
    ),
}


def template_for(kind: str) -> MailTemplate:
    """The stored template of ``kind``; the default text is stored on first use, and editable from then on."""
    subject, body = DEFAULTS[kind]
    template, _ = MailTemplate.objects.get_or_create(kind=kind, defaults={"subject": subject, "body": body})
    return template


def ensure_templates() -> None:
    """Store the default text of every kind not stored yet, so that all of them can be edited."""
    for kind in DEFAULTS:
        template_for(kind)


def check_syntax(text: str) -> None:
    """ValidationError when an edited subject or body would not render."""
    try:
        Template(text)
    except TemplateSyntaxError as error:
        raise ValidationError(f"The template does not render: {error}") from None


def render(kind: str, context: dict) -> tuple[str, str]:
    template = template_for(kind)
    plain = Context(context, autoescape=False)
    subject = " ".join(Template(template.subject).render(plain).split())
    return subject, Template(template.body).render(plain)


def _send(kind: str, context: dict, to: str, attachment: bytes | None = None) -> None:
    if not to:  # an erased candidate has no address left
        logger.info("%s e-mail not sent: no address", kind)
        return
    subject, body = render(kind, context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    if attachment is not None:
        message.attach("invitation.ics", attachment, "text/calendar; method=REQUEST; charset=utf-8")
    message.send()


def send_application_mail(*, application_id: int) -> None:
    """Received, or declined by the knockouts: whichever the application's status says."""
    application = Application.objects.select_related("candidate", "requisition").filter(pk=application_id).first()
    if application is None:
        logger.warning("application %s gone before its e-mail", application_id)
        return
    kind = {Application.Status.DECLINED: Kind.KNOCKOUT, Application.Status.REJECTED: Kind.REJECTED}.get(
        application.status, Kind.RECEIVED)
    _send(kind, {"candidate": application.candidate.name, "requisition": application.requisition.title},
          application.candidate.email)


def _address(user) -> str:
    return user.email or f"{user.username}@localhost"


def calendar_event(interview: Interview) -> bytes:
    """An iCalendar REQUEST for the interview: stable UID, SEQUENCE from the interview, every attendee."""
    application = interview.application
    starts = interview.scheduled_at
    calendar = Calendar()
    calendar.add("prodid", "-//Hiring loop//interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"interview-{interview.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}")
    event.add("sequence", max(interview.invitation_sequence - 1, 0))  # 0 for the first invitation
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts)
    event.add("dtend", starts + timedelta(minutes=interview.round.duration_minutes))
    event.add("summary", f"{interview.round.name}: {application.candidate.name} for {application.requisition.title}")
    organizer = vCalAddress(f"mailto:{_address(application.requisition.recruiter)}")
    organizer.params["cn"] = vText(application.requisition.recruiter.get_full_name()
                                   or application.requisition.recruiter.username)
    event["organizer"] = organizer
    people = [(user.get_full_name() or user.username, _address(user)) for user in interview.interviewers.all()]
    if application.candidate.email:  # an erased candidate has none
        people.insert(0, (application.candidate.name, application.candidate.email))
    for name, email in people:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def send_interview_invitation(*, interview_id: int, updated: bool = False) -> int:
    """Invite the candidate and every interviewer, each with the calendar event; returns the e-mails sent."""
    interview = (Interview.objects.select_related("round", "application__candidate",
                                                  "application__requisition__recruiter")
                 .prefetch_related("interviewers").filter(pk=interview_id).first())
    if interview is None or interview.scheduled_at is None:
        logger.warning("interview %s gone or unscheduled before its invitation", interview_id)
        return 0
    application = interview.application
    event = calendar_event(interview)
    starts = timezone.localtime(interview.scheduled_at).strftime("%A %d %B %Y, %H:%M %Z")
    common = {"candidate": application.candidate.name, "requisition": application.requisition.title,
              "round": interview.round.name, "starts": starts, "minutes": interview.round.duration_minutes,
              "updated": updated}
    _send(Kind.INVITE_CANDIDATE, common, application.candidate.email, event)
    kit_url = settings.SITE_URL.rstrip("/") + reverse("interviews:kit", args=[interview.pk])
    for user in interview.interviewers.all():
        _send(Kind.INVITE_INTERVIEWER, {**common, "interviewer": user.get_full_name() or user.username,
                                        "kit_url": kit_url}, _address(user), event)
    return 1 + len(interview.interviewers.all())
