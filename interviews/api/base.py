"""What every API view shares: pagination, and the 404-or-403 object lookups."""

from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination

from accounts.access import may_change_requisition


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def check_may_change(user, requisition) -> None:
    """Read but not change: 403 (outsiders never get here: their lookup was a 404)."""
    if not may_change_requisition(user, requisition):
        raise PermissionDenied("Only the requisition's recruiter (or an admin) can do this.")


def id_field(request, name: str) -> int:
    """An object id from the body, read first so that an outsider's request is a 404 whatever else it holds."""
    value = request.data.get(name) if hasattr(request.data, "get") else None
    if isinstance(value, bool) or not str(value or "").isdigit():
        raise ValidationError({name: ["Give the id, a whole number."]})
    return int(value)
