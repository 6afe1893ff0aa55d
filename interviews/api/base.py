"""What every API view shares: pagination, and the 404-or-403 object lookups."""

from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination

from accounts.access import may_change_requisition


class Pagination(PageNumberPagination):
    """Pages of 50 (``page_size`` up to 200); a page or size that is not a positive whole number is a 400."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def _positive(self, request, name: str) -> int | None:
        value = request.query_params.get(name)
        if value is None:
            return None
        if not value.isdigit() or int(value) < 1:
            raise ValidationError({name: ["A whole number, 1 or more."]})
        return int(value)

    def get_page_size(self, request) -> int:
        size = self._positive(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        self._positive(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)


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


MAX_ID = 2**63 - 1  # the largest id a database column holds: beyond it is a 400, not an overflow


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """An object id in the query: a whole number from 1 (1.5, 0 or 2**70 is a 400)."""

    field_class = IdField


class StrictBooleanField(forms.NullBooleanField):
    """``true``/``false`` (or 1/0); anything else is an error, not a silent "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1", 1):
            return True
        if value in (False, "false", "False", "0", 0):
            return False
        raise forms.ValidationError("true or false.", code="invalid")

    def validate(self, value) -> None:
        pass


class FlagFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs["widget"] = forms.TextInput  # the default widget reads anything unknown as "no filter"
        super().__init__(*args, **kwargs)


class StrictChoiceField(forms.ChoiceField):
    def clean(self, value):
        if value is None:  # absent: no filter; present but empty is not one of the choices
            return None
        if value == "":
            raise forms.ValidationError("Choose one of the values.", code="invalid_choice")
        return super().clean(value)


class StrictChoiceFilter(filters.ChoiceFilter):
    field_class = StrictChoiceField
