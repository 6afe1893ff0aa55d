"""A request body over the limit: the API answers a JSON 413 instead of an HTML 400."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_a_10_mb_api_body_is_a_json_413(client, recruiter):
    client.force_login(recruiter)
    response = client.post("/api/schema/", data=b"{" + b" " * (10 * 1024 * 1024) + b"}",
                           content_type="application/json")
    assert (response.status_code, response["Content-Type"]) == (413, "application/json")
    assert json.loads(response.content) == {
        "detail": "The request body is too large: at most 2621440 bytes outside uploaded files."}


def test_a_body_without_a_length_over_the_limit_is_a_json_413_too(rf, settings):
    from django.core.exceptions import RequestDataTooBig

    from hiring.middleware import ApiBodyLimitMiddleware

    middleware = ApiBodyLimitMiddleware(lambda request: None)
    request = rf.post("/api/anything/", data="{}", content_type="application/json")
    response = middleware.process_exception(request, RequestDataTooBig("too big"))
    assert (response.status_code, json.loads(response.content)["detail"]) == (
        413, "The request body is too large: at most 2621440 bytes outside uploaded files.")
    assert middleware.process_exception(rf.post("/interviews/"), RequestDataTooBig("too big")) is None


def test_a_body_within_the_limit_goes_through(client, recruiter):
    client.force_login(recruiter)
    response = client.post("/api/schema/", data="{}", content_type="application/json")
    assert response.status_code == 405
