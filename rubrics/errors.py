"""A service's ValidationError, as the pages and the API show it. Here, at the bottom of the apps
that use it (interviews and hiring import rubrics, never the other way round).

- ``add_service_errors``: on a form, each field's messages on its field, the rest on the form;
- ``field_errors``: as DRF reports a serializer's errors, ``{field: [messages]}`` with
  ``non_field_errors`` for the rest (the API's exception handler, and a form's ``errors``).
"""

from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import Form


def add_service_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def field_errors(error: ValidationError | Mapping[str, list[str]]) -> dict[str, list[str]]:
    """``error``: a service's ValidationError, or a form's ``errors``."""
    if isinstance(error, ValidationError):
        error = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    return {("non_field_errors" if field == NON_FIELD_ERRORS else field): messages for field, messages in error.items()}
