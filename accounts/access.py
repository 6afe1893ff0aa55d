"""Who is who: the three staff groups, and the checks views use to refuse the others."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

RECRUITER = "Recruiter"
INTERVIEWER = "Interviewer"
HIRING_MANAGER = "Hiring manager"
GROUPS = (RECRUITER, INTERVIEWER, HIRING_MANAGER)

# Django model permissions each group gets, by app label; "*" means every model of the app.
GROUP_PERMISSIONS = {
    RECRUITER: {"rubrics": "*", "interviews": "*"},
    INTERVIEWER: {},
    HIRING_MANAGER: {},
}


def in_group(user, name: str) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_group_names", None)
    if cache is None:
        cache = user._group_names = set(user.groups.values_list("name", flat=True))
    return name in cache


def is_recruiter(user) -> bool:
    return user.is_authenticated and (user.is_superuser or in_group(user, RECRUITER))


def group_required(test: Callable) -> Callable:
    """Decorate a view: log-in first, then the test, else 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


recruiter_required = group_required(is_recruiter)


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_superuser


# Object rules, asked by the pages and the API alike. They read the objects' foreign keys only, so
# this module needs no model. Reading a requisition's rows is ``managed_by`` (interviews.querysets);
# an object the user may not read is answered 404, one they may read but not change 403.

def may_change_requisition(user, requisition) -> bool:
    """Write to a requisition and its applications: its recruiter (still a recruiter) and admins."""
    return user.is_authenticated and (
        user.is_superuser or (requisition.recruiter_id == user.pk and is_recruiter(user)))


def may_decide(user, application) -> bool:
    """Record the decision on an application: the requisition's hiring manager only."""
    return user.is_authenticated and application.requisition.hiring_manager_id == user.pk


def may_see_calibration(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or in_group(user, RECRUITER) or in_group(user, HIRING_MANAGER))


def may_open_requisitions(user) -> bool:
    return is_recruiter(user)
