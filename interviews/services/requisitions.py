"""Opening and editing a requisition: which published loop, which levels, who runs it."""

from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.access import HIRING_MANAGER, RECRUITER, in_group, is_admin
from interviews.models import AuditEntry, Requisition
from rubrics.models import Level, LoopTemplate


def _check(*, loop: LoopTemplate, target_levels: list[Level], hiring_manager: AbstractBaseUser,
           recruiter: AbstractBaseUser, title: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Give the requisition a title."
    if not loop.frozen:
        errors["loop"] = "A requisition runs on a published loop version."
    if not target_levels:
        errors["target_levels"] = "Choose at least one target level."
    elif any(level.role_id != loop.role_id for level in target_levels):
        errors["target_levels"] = "Every target level must be a level of the loop's role version."
    if not in_group(hiring_manager, HIRING_MANAGER):
        errors["hiring_manager"] = "The hiring manager must be in the Hiring manager group."
    if not (recruiter.is_superuser or in_group(recruiter, RECRUITER)):
        errors["recruiter"] = "The recruiter must be in the Recruiter group."
    return errors


def _audit_fields(requisition: Requisition) -> dict:
    return {"loop": requisition.loop_id, "openings": requisition.openings,
            "target_levels": sorted(requisition.target_levels.values_list("key", flat=True)),
            "hiring_manager": requisition.hiring_manager_id, "recruiter": requisition.recruiter_id}


@transaction.atomic
def open_requisition(
    *, title: str, loop: LoopTemplate, target_levels: Iterable[Level], hiring_manager: AbstractBaseUser,
    recruiter: AbstractBaseUser, openings: int = 1, job_description: str = "",
    resume_advance_at: Decimal = Decimal("2.5"), resume_reviews_required: int = 1, by: AbstractBaseUser,
) -> Requisition:
    target_levels = list(target_levels)
    errors = _check(loop=loop, target_levels=target_levels, hiring_manager=hiring_manager, recruiter=recruiter,
                    title=title)
    if errors:
        raise ValidationError(errors)
    requisition = Requisition(
        title=title.strip(), loop=loop, hiring_manager=hiring_manager, recruiter=recruiter, openings=openings,
        job_description=job_description.strip(), resume_advance_at=resume_advance_at,
        resume_reviews_required=resume_reviews_required,
    )
    requisition.full_clean()
    requisition.save()
    requisition.target_levels.set(target_levels)
    AuditEntry.record(requisition, "requisition.opened", actor=by, **_audit_fields(requisition))
    return requisition


@transaction.atomic
def update_requisition(
    *, requisition: Requisition, title: str, loop: LoopTemplate, target_levels: Iterable[Level],
    hiring_manager: AbstractBaseUser, recruiter: AbstractBaseUser, openings: int, job_description: str,
    resume_advance_at: Decimal, resume_reviews_required: int, by: AbstractBaseUser,
) -> Requisition:
    """Edit in place; the loop version stays once candidates applied (they are on that version)."""
    target_levels = list(target_levels)
    errors = _check(loop=loop, target_levels=target_levels, hiring_manager=hiring_manager, recruiter=recruiter,
                    title=title)
    if loop.pk != requisition.loop_id and requisition.applications.exists():
        errors["loop"] = "Candidates already applied on this loop version: it can no longer change."
    if not is_admin(by):  # who recruits and who manages decide who reads the candidates: admins only
        for field, person in (("hiring_manager", hiring_manager), ("recruiter", recruiter)):
            if getattr(requisition, f"{field}_id") != person.pk:
                errors[field] = "Only an administrator changes who recruits for or manages a requisition."
    hired = requisition.applications.filter(status="hired").count()
    if openings < hired:
        errors["openings"] = f"{hired} already hired: openings cannot be fewer."
    if errors:
        raise ValidationError(errors)
    requisition.title, requisition.loop, requisition.openings = title.strip(), loop, openings
    requisition.hiring_manager, requisition.recruiter = hiring_manager, recruiter
    requisition.job_description = job_description.strip()
    requisition.resume_advance_at, requisition.resume_reviews_required = resume_advance_at, resume_reviews_required
    requisition.full_clean()
    requisition.save()
    requisition.target_levels.set(target_levels)
    AuditEntry.record(requisition, "requisition.changed", actor=by, **_audit_fields(requisition))
    return requisition


@transaction.atomic
def reopen_requisition(*, requisition: Requisition, by: AbstractBaseUser, reason: str) -> Requisition:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why: the reason is kept in the requisition's history."})
    if requisition.status == Requisition.Status.OPEN:
        raise ValidationError("The requisition is already open.")
    hired = requisition.applications.filter(status="hired").count()
    if hired >= requisition.openings:
        raise ValidationError({"openings": f"Every opening is filled ({hired} hired): add an opening first."})
    requisition.status, requisition.closed_at = Requisition.Status.OPEN, None
    requisition.save(update_fields=["status", "closed_at"])
    AuditEntry.record(requisition, "requisition.reopened", actor=by, reason=reason)
    return requisition
