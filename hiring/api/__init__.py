"""The API's one exception handler: bad input is a 400 with field errors, never a 500.

A service's ``django.core.exceptions.ValidationError`` becomes a 400 whose body maps each field
to its messages (``non_field_errors`` for the rest), exactly as DRF reports a serializer's errors;
an oversized body is a 413 and too many fields a 400, both in JSON.
"""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from rubrics.errors import field_errors


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=field_errors(exc))
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ValidationError({"non_field_errors": ["Too many fields in the request."]})
    return drf_exception_handler(exc, context)
