"""The candidate as one person across applications, and the erasure of that person.

Erasure anonymises in place: the candidate row, its applications, interviews and ratings stay,
so the calibration history is exactly what it was; what says who the person was goes (name,
e-mail, phone, files, the places free text names them), and the audit trail stays without it.
Other apps clean up their own rows through ``interviews.signals.candidate_erased``.
"""

import logging
import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from interviews.models import (
    Application,
    AuditEntry,
    Candidate,
    Interview,
    KnockoutAnswer,
    QuestionAnswer,
    ResumeReview,
    Scorecard,
    StageChange,
    VideoResponse,
    VideoReview,
)
from interviews.signals import candidate_erased

logger = logging.getLogger(__name__)

ERASED = "[erased]"


def find_or_create_candidate(*, name: str, email: str, phone: str = "") -> Candidate:
    """The person with this e-mail address (in any case), or a new one.

    A returning person keeps the name and phone on record: the public form proves nobody's
    identity, so what it says may not rewrite the details of whoever owns the address.
    """
    candidate = Candidate.objects.with_email(email).first()
    if candidate is not None:
        return candidate
    try:
        with transaction.atomic():
            return Candidate.objects.create(name=name.strip(), email=email.strip(), phone=phone.strip())
    except IntegrityError:  # the same address applied twice at once: the other request created it
        return Candidate.objects.with_email(email).get()


def delete_files_after_commit(files: Iterable[FieldFile]) -> None:
    """Delete stored files once the transaction commits, so that a rollback keeps them."""
    stored = [(file.storage, file.name) for file in files if file]

    def delete() -> None:
        for storage, name in stored:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("could not delete the erased file %s", name)

    transaction.on_commit(delete)


def redactor(*, name: str, email: str, phone: str, file_names: Iterable[str] = ()) -> Callable[[str], str]:
    """A function that replaces, in a text, the person's name (whole and each part of two letters
    or more), e-mail, phone and stored file names with "[erased]", ignoring case."""
    terms = {term.strip() for term in (name, email, phone) if term.strip()}
    terms |= {part for part in re.split(r"[\s,]+", name) if len(part) >= 2}
    for file_name in file_names:
        terms |= {file_name, PurePosixPath(file_name).name}
    if not terms:
        return lambda text: text
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return lambda text: pattern.sub(ERASED, text) if text else text


def redact_data(value, redact: Callable[[str], str]):
    """JSON data with ``redact`` applied to every string value (keys are ours, not the person's)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_data(item, redact) for item in value]
    if isinstance(value, dict):
        return {key: redact_data(item, redact) for key, item in value.items()}
    return value


def redact_rows(queryset: models.QuerySet, fields: list[str], redact: Callable[[str], str]) -> int:
    """Apply ``redact`` to text fields of the rows; write only the rows that change."""
    changed = []
    for row in queryset.only("pk", *fields):
        new = {field: redact(getattr(row, field)) for field in fields}
        if any(new[field] != getattr(row, field) for field in fields):
            for field, text in new.items():
                setattr(row, field, text)
            changed.append(row)
    queryset.model.objects.bulk_update(changed, fields, batch_size=500)
    return len(changed)


def _wipe_strings(value):
    # The candidate's own audit entries may hold earlier names or addresses the redactor cannot know.
    if isinstance(value, str):
        return ERASED
    if isinstance(value, list):
        return [_wipe_strings(item) for item in value]
    if isinstance(value, dict):
        return {key: _wipe_strings(item) for key, item in value.items()}
    return value


def rows_about(candidate: Candidate, app_ids: list[int]) -> dict[type[models.Model], list[int]]:
    """Every evidence row about the person, by model: what audit entries and admin log rows target."""
    def ids(queryset: models.QuerySet) -> list[int]:
        return list(queryset.values_list("pk", flat=True))

    return {
        Candidate: [candidate.pk],
        Application: app_ids,
        StageChange: ids(StageChange.objects.filter(application__in=app_ids)),
        KnockoutAnswer: ids(KnockoutAnswer.objects.filter(application__in=app_ids)),
        VideoResponse: ids(VideoResponse.objects.filter(application__in=app_ids)),
        VideoReview: ids(VideoReview.objects.filter(response__application__in=app_ids)),
        ResumeReview: ids(ResumeReview.objects.filter(application__in=app_ids)),
        Interview: ids(Interview.objects.filter(application__in=app_ids)),
        Scorecard: ids(Scorecard.objects.filter(interview__application__in=app_ids)),
    }


def _scrub_logs(rows: dict[type[models.Model], list[int]], redact: Callable[[str], str]) -> None:
    for model, ids in rows.items():
        if not ids:
            continue
        content_type = ContentType.objects.get_for_model(model)
        scrub = _wipe_strings if model is Candidate else (lambda data: redact_data(data, redact))
        entries = []
        for entry in AuditEntry.objects.filter(target_type=content_type, target_id__in=ids):
            data = scrub(entry.data)
            if data != entry.data:
                entry.data = data
                entries.append(entry)
        AuditEntry.objects.bulk_update(entries, ["data"], batch_size=500)
        logs = []
        for log in LogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in ids]):
            log.object_repr, log.change_message = redact(log.object_repr)[:200], redact(log.change_message)
            logs.append(log)
        LogEntry.objects.bulk_update(logs, ["object_repr", "change_message"], batch_size=500)


def _renamed_in_admin_log(candidate: Candidate, applications: list[Application]) -> None:
    # Their admin log rows may carry a name given earlier: they get the anonymous label outright.
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Candidate),
                            object_id=str(candidate.pk)).update(object_repr=str(candidate))
    application_type = ContentType.objects.get_for_model(Application)
    for application in applications:
        application.candidate = candidate
        LogEntry.objects.filter(content_type=application_type, object_id=str(application.pk)).update(
            object_repr=str(application)[:200])


@transaction.atomic(durable=True)
def erase_candidate(*, candidate: Candidate, by: AbstractBaseUser | None, reason: str) -> Candidate:
    """Anonymise the person in place and delete their files; ``by`` None is the retention policy.

    Only superusers erase (a decision on an application does not stop them). The ratings,
    interviews, applications and their statuses stay, so calibration is unchanged; audit entries
    and admin log rows about the person stay with the personal data taken out.
    """
    if by is not None and not by.is_superuser:
        raise ValidationError("Only an administrator can erase a candidate.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why (e.g. the person asked): the reason is kept in the audit log."})
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.erased_at is not None:
        raise ValidationError("This candidate was already erased.")
    applications = list(Application.objects.filter(candidate=candidate).select_related("requisition"))
    app_ids = [application.pk for application in applications]
    videos = list(VideoResponse.objects.filter(application__in=app_ids).exclude(file=""))
    files = [application.resume for application in applications if application.resume] + [v.file for v in videos]
    redact = redactor(name=candidate.name, email=candidate.email, phone=candidate.phone,
                      file_names=[file.name for file in files])

    redact_rows(StageChange.objects.filter(application__in=app_ids), ["reason"], redact)
    redact_rows(ResumeReview.objects.filter(application__in=app_ids), ["notes"], redact)
    redact_rows(VideoReview.objects.filter(response__application__in=app_ids), ["notes"], redact)
    redact_rows(Scorecard.objects.filter(interview__application__in=app_ids), ["summary", "amend_reason"], redact)
    redact_rows(QuestionAnswer.objects.filter(scorecard__interview__application__in=app_ids),
                ["strengths", "gaps"], redact)
    _scrub_logs(rows_about(candidate, app_ids), redact)

    delete_files_after_commit(files)
    Application.objects.filter(pk__in=app_ids).update(resume="")
    VideoResponse.objects.filter(application__in=app_ids).update(file="")

    candidate.name, candidate.email, candidate.phone = f"Erased candidate {candidate.pk}", "", ""
    candidate.erased_at = timezone.now()
    candidate.save(update_fields=["name", "email", "phone", "erased_at"])
    _renamed_in_admin_log(candidate, applications)
    candidate_erased.send(sender=Candidate, candidate=candidate, application_ids=app_ids, redact=redact)
    AuditEntry.record(candidate, "candidate.erased", actor=by, applications=app_ids, files_deleted=len(files),
                      reason=redact(reason))
    return candidate
