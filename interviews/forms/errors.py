"""The one helper that turns a service's ValidationError into form errors (the API's twin is
``hiring.api.service_errors``): field messages on their field, the rest on the form."""

from django.core.exceptions import ValidationError
from django.forms import Form


def add_service_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
