"""Which rows a user may see. Every view of interviews/ and hiring/ starts from these."""

from django.db import models
from django.db.models import Count, Q


class RequisitionQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Requisitions whose packets and scorecards the user may read in full."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(Q(recruiter=user) | Q(hiring_manager=user))


class CandidateQuerySet(models.QuerySet):
    def with_email(self, email: str):
        """The person behind an e-mail address: one at most, matched case-insensitively."""
        email = email.strip()
        return self.filter(email__iexact=email) if email else self.none()

    def not_erased(self):
        return self.filter(erased_at__isnull=True)

    def exportable_by(self, user):
        """Candidates whose data the user may export: all for superusers; for a recruiter, those
        who applied only to requisitions that recruiter runs (an export is the person's whole
        record, so it may not reveal applications the recruiter cannot see)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.annotate(
            _applications=Count("applications", distinct=True),
            _theirs=Count("applications", filter=Q(applications__requisition__recruiter=user), distinct=True),
        ).filter(_applications__gt=0, _applications=models.F("_theirs"))


class ApplicationQuerySet(models.QuerySet):
    def managed_by(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(Q(requisition__recruiter=user) | Q(requisition__hiring_manager=user))


class InterviewQuerySet(models.QuerySet):
    def assigned_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(interviewers=user)

    def visible_to(self, user):
        """Interviews the user may open: assigned ones, and every one of requisitions they manage."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        assigned = self.model.interviewers.through.objects.filter(user=user).values("interview")
        return self.filter(
            Q(pk__in=assigned) | Q(application__requisition__recruiter=user)
            | Q(application__requisition__hiring_manager=user)
        )


class ScorecardQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def current(self):
        """The revision that counts as evidence: the latest submitted one."""
        return self.filter(is_current=True)

    def visible_to(self, user):
        """Scorecards the user may read.

        Recruiters and hiring managers see every scorecard of their requisitions. An
        interviewer sees their own, and peers' submitted ones only for applications on
        which their own scorecard is already submitted: independence before the debrief.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        mine = Q(interviewer=user)
        managed = Q(interview__application__requisition__recruiter=user) | Q(
            interview__application__requisition__hiring_manager=user
        )
        done = self.model.objects.filter(interviewer=user, submitted_at__isnull=False).values(
            "interview__application"
        )
        peers = Q(submitted_at__isnull=False, interview__application__in=done)
        visible = mine | managed | peers
        return self.filter(visible)


def manages(user, requisition) -> bool:
    """The rule of ``managed_by``, for a requisition already loaded."""
    return user.is_authenticated and (
        user.is_superuser or user.pk in (requisition.recruiter_id, requisition.hiring_manager_id)
    )
