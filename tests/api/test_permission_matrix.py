"""Every API route × every method it answers × every role → the status the access rules promise.

Requests carry each role's personal token (anonymous: none). A route or a method without a row
fails, naming it, so a new endpoint cannot ship without deciding who may call it. Bodies are
empty or minimal: a writer reaches validation (400), a reader who may not write gets 403, and
anyone who may not read the object gets 404, as on the pages.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.api.conftest import api_client
from tests.test_permissions import ROLES

API_PREFIX = "api/"
SKIPPED = {"api-docs", "api-redoc"}  # pages for people: tests/test_permissions.py has their rows


@dataclass(frozen=True)
class Row:
    expect: dict[str, int]
    kwargs: Callable[[SimpleNamespace], dict] = field(default=lambda w: {})
    body: Callable[[SimpleNamespace], dict] = field(default=lambda w: {})

    def __post_init__(self) -> None:
        assert set(self.expect) == set(ROLES), f"every role needs an expected status: {sorted(self.expect)}"


def everyone(status: int) -> dict[str, int]:
    return {**dict.fromkeys(ROLES, status), "anonymous": 401}


# Objects of one requisition: its recruiter and hiring manager (and admins) read; nobody else learns of it.
READ = {**everyone(404), "recruiter_this": 200, "hiring_manager_this": 200, "superuser": 200}


def write(ok: int) -> dict[str, int]:
    """Its recruiter and admins act (``ok``: 200, or 400 for an empty body); its hiring manager reads only."""
    return {**READ, "recruiter_this": ok, "superuser": ok, "hiring_manager_this": 403}


RECRUITERS_ONLY = {**everyone(403), "recruiter_this": 400, "recruiter_other": 400, "superuser": 400}
CALIBRATION = {**everyone(200), "interviewer_assigned": 403, "interviewer_other": 403}
ADMINS = {**everyone(403), "superuser": 200}
INTERVIEW_READ = {**READ, "interviewer_assigned": 200}
OWN_DRAFT = {**everyone(404), "interviewer_assigned": 200}


def requisition(w) -> dict:
    return {"pk": w.requisition.pk}


def application(w) -> dict:
    return {"pk": w.application.pk}


def interview(w) -> dict:
    return {"pk": w.interview.pk}


def on(attribute: str) -> Callable[[SimpleNamespace], dict]:
    return lambda w: {"pk": getattr(w, attribute).pk}


TABLE: dict[tuple[str, str], Row] = {
    ("api-schema", "get"): Row(everyone(200)),
    # requisitions
    ("api:requisition-list", "get"): Row(everyone(200)),
    ("api:requisition-list", "post"): Row(RECRUITERS_ONLY),
    ("api:requisition-detail", "get"): Row(READ, requisition),
    ("api:requisition-detail", "patch"): Row(write(200), requisition),  # nothing changed is a valid change
    ("api:requisition-close", "post"): Row(write(400), requisition),  # no reason
    ("api:requisition-reopen", "post"): Row(write(400), requisition),
    # applications
    ("api:application-list", "get"): Row(everyone(200)),
    ("api:application-list", "post"): Row(write(400), body=lambda w: {"requisition": w.requisition.pk}),
    ("api:application-detail", "get"): Row(READ, application),
    ("api:application-advance", "post"): Row(write(400), application),
    ("api:application-archive", "post"): Row(write(400), application),
    ("api:application-unarchive", "post"): Row(write(400), application),
    ("api:application-offer", "post"): Row(write(400), application),
    ("api:application-reject", "post"): Row(write(400), application),
    ("api:application-hire", "post"): Row(write(400), application),
    # screen reviews: read as the application page shows them; written by its recruiter (empty body: 400)
    ("api:application-resume-reviews", "get"): Row(READ, application),
    ("api:application-resume-reviews", "post"): Row(write(400), application),
    ("api:application-video-reviews", "get"): Row(READ, application),
    ("api:application-video-reviews", "post"): Row(write(400), application),
    ("api:application-packet", "get"): Row(READ, application),
    ("api:application-packet-pdf", "get"): Row(READ, application),
    # Only the requisition's hiring manager decides, not even an admin; an empty body is refused.
    ("api:application-decision", "post"): Row({**READ, "hiring_manager_this": 400, "recruiter_this": 403,
                                               "superuser": 403}, application),
    # interviews
    ("api:interview-list", "get"): Row(everyone(200)),
    ("api:interview-list", "post"): Row(write(400), body=lambda w: {"application": w.application.pk}),
    ("api:interview-detail", "get"): Row(INTERVIEW_READ, interview),
    ("api:interview-detail", "patch"): Row({**write(200), "interviewer_assigned": 403}, interview),
    # scorecards: read as the pages allow (the independence rule is tested in test_scorecards.py);
    # your own draft only, written with the version you read (none given: 428)
    ("api:scorecard-list", "get"): Row(everyone(200)),
    ("api:scorecard-detail", "get"): Row(INTERVIEW_READ, on("scorecard")),
    ("api:scorecard-amend", "post"): Row({**OWN_DRAFT, "interviewer_assigned": 400}, on("scorecard")),
    ("api:interview-scorecard", "get"): Row(OWN_DRAFT, interview),
    ("api:interview-scorecard", "put"): Row({**OWN_DRAFT, "interviewer_assigned": 428}, interview),
    ("api:interview-scorecard-submit", "post"): Row({**OWN_DRAFT, "interviewer_assigned": 428}, interview),
    # decisions, calibration, audit, webhooks
    ("api:decision-list", "get"): Row(everyone(200)),
    ("api:decision-detail", "get"): Row(READ, on("decision")),
    ("api:calibration-run-list", "get"): Row(CALIBRATION),
    ("api:calibration-run-detail", "get"): Row(CALIBRATION, on("run")),
    ("api:severity-list", "get"): Row(CALIBRATION),
    ("api:audit-list", "get"): Row(ADMINS),
    ("api:audit-detail", "get"): Row(ADMINS, on("audit")),
    ("api:webhook-list", "get"): Row(ADMINS),
    ("api:webhook-list", "post"): Row({**ADMINS, "superuser": 400}),
    ("api:webhook-detail", "get"): Row(ADMINS, on("webhook")),
    ("api:webhook-detail", "patch"): Row(ADMINS, on("webhook")),
    ("api:webhook-detail", "delete"): Row({**ADMINS, "superuser": 204}, on("webhook")),
    ("api:webhook-delivery-list", "get"): Row(ADMINS),
    ("api:webhook-delivery-detail", "get"): Row(ADMINS, on("delivery")),
    # the kits' API: any recruiter
    ("api-kit-import", "post"): Row(RECRUITERS_ONLY),
    ("api-kit-detail", "get"): Row({**everyone(403), "recruiter_this": 200, "recruiter_other": 200, "superuser": 200},
                                   lambda w: {"pk": w.loop.role.pk}),
    ("api-kit-publish", "post"): Row(RECRUITERS_ONLY, on("draft_role")),
}


def _methods(callback) -> list[str]:
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    allowed = {m for m in view.http_method_names if m not in ("head", "options")}
    actions = getattr(callback, "actions", None)
    if actions:  # a viewset's route: the methods mapped to its actions, if the viewset allows them
        return sorted(allowed & set(actions))
    return sorted(m for m in allowed if hasattr(view, m))


def _walk(resolver: URLResolver, namespace: str = "", route: str = ""):
    for pattern in resolver.url_patterns:
        here = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, inner, here)
        elif isinstance(pattern, URLPattern) and here.lstrip("^").startswith(API_PREFIX):
            yield f"{namespace}{pattern.name}", pattern.callback


def api_routes() -> list[tuple[str, str]]:
    return sorted({(name, method) for name, callback in _walk(get_resolver()) if name not in SKIPPED
                   for method in _methods(callback)})


@pytest.mark.django_db
@pytest.mark.parametrize("name, method", api_routes())
def test_api_status_for_every_role(name, method, world, settings, tmp_path):
    if (name, method) not in TABLE:
        pytest.fail(f"API route {name!r} {method.upper()} is missing from TABLE in {__name__}: "
                    "add a row with the expected status for every role.")
    row = TABLE[(name, method)]
    url = reverse(name, kwargs=row.kwargs(world))
    got = {}
    for role in ROLES:
        response = getattr(api_client(world, role), method)(url, row.body(world), format="json")
        got[role] = response.status_code
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert got == row.expect, f"{method.upper()} {url}"


def test_table_has_no_rows_for_routes_that_do_not_exist():
    assert sorted(set(TABLE) - set(api_routes())) == []
