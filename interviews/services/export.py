"""Subject-access export: what is kept about a person, as a zip of JSON files and their own files.

Staff are named by role only ("recruiter", "interviewer"): who they are is their data, not the
candidate's. Other apps add their part through ``interviews.signals.subject_access_requested``.
"""

import json
import logging
import shutil
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import BinaryIO

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from interviews.models import (
    Application,
    AuditEntry,
    Candidate,
    Interview,
    Scorecard,
)
from interviews.services.people import rows_about
from interviews.signals import subject_access_requested

logger = logging.getLogger(__name__)

README = """\
What we keep about you, exported on {at}.

person.json               your name and contact details as we hold them
applications.json         each application: opening, status, consent to the privacy notice, history,
                          your screen answers, reviews of your resume and videos, interviews and the
                          interviewers' submitted scorecards (ratings, notes, recommendations)
audit.json                our log of what was done with your applications
decisions.json            the hiring decisions on your applications
calibrated_estimates.json the calibrated ratings per competency computed from the scorecards
files/                    the resume and video answers you sent
"""


def _json(value) -> bytes:
    def default(item):
        if isinstance(item, Decimal):
            return float(item)
        if isinstance(item, datetime):
            return item.isoformat()
        raise TypeError(f"{type(item).__name__} is not JSON serialisable")

    return json.dumps(value, indent=2, ensure_ascii=False, default=default).encode()


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _scorecard(scorecard: Scorecard) -> dict:
    return {
        "revision": scorecard.revision, "counts": scorecard.is_current, "submitted_at": _when(scorecard.submitted_at),
        "recommendation": scorecard.get_recommendation_display() if scorecard.recommendation else None,
        "summary": scorecard.summary, "amend_reason": scorecard.amend_reason,
        "answers": [
            {"question": a.question.title, "part": a.part.title if a.part_id else None, "skipped": a.skipped,
             "rating": a.choice, "score": a.score, "strengths": a.strengths, "gaps": a.gaps,
             "indicators_observed": sorted(i.text for i in a.indicators.all())}
            for a in scorecard.answers.all()
        ],
        "competency_ratings": [{"competency": r.competency.name, "score": r.score}
                               for r in scorecard.competency_ratings.all()],
        "attitude_ratings": [{"attitude": r.attitude.name, "rating": r.get_score_display()}
                             for r in scorecard.attitude_ratings.all()],
    }


def _interview(interview: Interview) -> dict:
    return {
        "round": interview.round.name, "scheduled_at": _when(interview.scheduled_at),
        "target_level": interview.target_level.name,
        "scorecards": [_scorecard(s) for s in interview.scorecards.all() if s.submitted_at is not None],
    }


def _application(application: Application, files: dict[str, FieldFile]) -> dict:
    resume = None
    if application.resume:
        resume = f"files/resume-{application.pk}{PurePosixPath(application.resume.name).suffix.lower()}"
        files[resume] = application.resume
    videos = []
    for video in application.video_responses.all():
        name = None
        if video.file:
            name = f"files/video-{video.pk}{PurePosixPath(video.file.name).suffix.lower()}"
            files[name] = video.file
        videos.append({"question": video.question.prompt or video.question.title, "file": name,
                       "duration_seconds": video.duration_seconds, "sent_at": _when(video.submitted_at),
                       "reviews": [{"score": r.score, "notes": r.notes, "at": _when(r.reviewed_at)}
                                   for r in video.reviews.all()]})
    return {
        "id": application.pk, "opening": application.requisition.title, "role": application.requisition.role.title,
        "applied_at": _when(application.created_at), "status": application.get_status_display(),
        "stage": application.stage.name,
        "consent": {"at": _when(application.consent_at), "privacy_notice_version": application.consent_notice or None},
        "resume": resume,
        "history": [{"at": _when(c.at), "from": c.from_stage.name if c.from_stage_id else None,
                     "to": c.to_stage.name, "status": c.get_status_display(),
                     "by": "staff" if c.by_id else "system", "reason": c.reason}
                    for c in application.stage_changes.all()],
        "screen_answers": [{"question": k.question.prompt or k.question.title, "answer": k.option.text}
                           for k in application.knockout_answers.all()],
        "video_answers": videos,
        "resume_reviews": [{"at": _when(r.reviewed_at), "notes": r.notes,
                            "scores": [{"criterion": s.criterion.title, "score": s.score} for s in r.scores.all()]}
                           for r in application.resume_reviews.all()],
        "interviews": [_interview(i) for i in application.interviews.all()],
    }


def _applications(candidate: Candidate) -> list[Application]:
    return list(
        Application.objects.filter(candidate=candidate).order_by("created_at", "pk")
        .select_related("requisition__role", "stage")
        .prefetch_related(
            "stage_changes__from_stage", "stage_changes__to_stage", "knockout_answers__question",
            "knockout_answers__option", "video_responses__question", "video_responses__reviews",
            "resume_reviews__scores__criterion", "interviews__round", "interviews__target_level",
            "interviews__scorecards__answers__question", "interviews__scorecards__answers__part",
            "interviews__scorecards__answers__indicators", "interviews__scorecards__competency_ratings__competency",
            "interviews__scorecards__attitude_ratings__attitude",
        )
    )


def _audit(candidate: Candidate, app_ids: list[int]) -> list[dict]:
    entries = []
    for model, ids in rows_about(candidate, app_ids).items():
        for entry in AuditEntry.objects.filter(target_type__model=model._meta.model_name,
                                               target_type__app_label=model._meta.app_label, target_id__in=ids):
            entries.append((entry.at, entry.pk, {
                "at": _when(entry.at), "action": entry.action, "about": str(model._meta.verbose_name),
                "by": "staff" if entry.actor_id else "system", "data": entry.data}))
    return [entry for _, _, entry in sorted(entries, key=lambda entry: entry[:2])]


def export_candidate(*, candidate: Candidate, by: AbstractBaseUser | None, out: BinaryIO) -> list[str]:
    """Write the person's export as a zip into ``out``; return the names it holds. Audited.

    ``by`` None is an operator at the command line; otherwise the user must be allowed by
    ``Candidate.objects.exportable_by``.
    """
    if by is not None and not Candidate.objects.exportable_by(by).filter(pk=candidate.pk).exists():
        raise ValidationError("You may export only candidates who applied to requisitions you recruit for.")
    applications = _applications(candidate)
    app_ids = [application.pk for application in applications]
    files: dict[str, FieldFile] = {}
    documents = {
        "person.json": {"id": candidate.pk, "name": candidate.name, "email": candidate.email,
                        "phone": candidate.phone, "first_applied_at": _when(candidate.created_at),
                        "erased_at": _when(candidate.erased_at)},
        "applications.json": [_application(application, files) for application in applications],
        "audit.json": _audit(candidate, app_ids),
    }
    for _receiver, part in subject_access_requested.send(sender=Candidate, candidate=candidate,
                                                         application_ids=app_ids):
        documents.update(part or {})
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(at=timezone.now().isoformat(timespec="seconds")))
        for name, data in documents.items():
            archive.writestr(name, _json(data))
        for name, field_file in files.items():
            try:
                with field_file.open("rb") as source, archive.open(name, "w") as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
            except FileNotFoundError:
                logger.warning("export of candidate %s: %s is missing from storage", candidate.pk, field_file.name)
        names = archive.namelist()
    AuditEntry.record(candidate, "candidate.exported", actor=by, files=len(files))
    return names
