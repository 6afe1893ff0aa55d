"""Every URL of the project × every role → the outcome the access rules promise.

The table below has one row per URL name: how to build its kwargs from the fixture world,
which HTTP method to use, and the expected outcome per role. A URL name missing from the
table fails with a message naming it, so a new page cannot ship without deciding who sees it.

Which URLs are walked: every named pattern of ROOT_URLCONF, recursively through includes,
except the admin's own internals — the admin is tested through ``admin:index`` and one
changelist (its per-model permissions are Django's and tested there). Static and media
serving (unnamed patterns under ``static/`` or ``media/``, if ever added) are skipped too.

Outcomes: an HTTP status (200, 403, 404, 405), or "login" (302 to the log-in page),
"admin-login" (302 to the admin's log-in), "redirect" (any other 302).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.access import HIRING_MANAGER, INTERVIEWER, RECRUITER
from accounts.tokens import create_api_token
from hiring.models import PacketBatch
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    RequisitionFactory,
    RoleFactory,
    UserFactory,
    VideoResponseFactory,
    published_loop,
)

ROLES = (
    "anonymous",  # also the candidate: candidates never log in
    "interviewer_assigned", "interviewer_other",
    "recruiter_this", "recruiter_other",
    "hiring_manager_this", "hiring_manager_other",
    "superuser",
)
ADMIN_SAMPLES = ("admin:index", "admin:interviews_requisition_changelist")
SKIPPED_PREFIXES = ("static/", "media/")


@dataclass(frozen=True)
class Row:
    expect: dict[str, int | str]
    kwargs: Callable[[SimpleNamespace], dict] = field(default=lambda w: {})
    method: str = "get"

    def __post_init__(self) -> None:
        assert set(self.expect) == set(ROLES), f"every role needs an expected outcome: {sorted(self.expect)}"


def everyone(outcome) -> dict:
    return dict.fromkeys(ROLES, outcome)


def logged_in(outcome) -> dict:
    return {**everyone(outcome), "anonymous": "login"}


# Pages of one requisition: its recruiter and hiring manager read, nobody else learns it exists.
MANAGED_READ = {
    "anonymous": "login", "interviewer_assigned": 404, "interviewer_other": 404, "recruiter_this": 200,
    "recruiter_other": 404, "hiring_manager_this": 200, "hiring_manager_other": 404, "superuser": 200,
}
# Actions on one requisition: its recruiter only; its hiring manager reads but may not act.
MANAGED_WRITE = {**MANAGED_READ, "hiring_manager_this": 403}
# Packets of one requisition: its recruiter, its hiring manager and superusers.
PACKET = {**everyone(404), "anonymous": "login", "recruiter_this": 200, "hiring_manager_this": 200, "superuser": 200}
# The organisation's calibration: every recruiter and hiring manager.
CALIBRATION = {**everyone(200), "anonymous": "login", "interviewer_assigned": 403, "interviewer_other": 403}
OWN_SCORECARD = {**everyone(404), "anonymous": "login", "interviewer_assigned": 200}
STAFF_ADMIN = {
    "anonymous": "admin-login", "interviewer_assigned": "admin-login", "interviewer_other": "admin-login",
    "recruiter_this": 200, "recruiter_other": 200, "hiring_manager_this": "admin-login",
    "hiring_manager_other": "admin-login", "superuser": 200,
}


# Configuration pages: any recruiter (they configure for the whole organisation) and superusers.
RECRUITER_ONLY = {
    "anonymous": "login", "interviewer_assigned": 403, "interviewer_other": 403, "recruiter_this": 200,
    "recruiter_other": 200, "hiring_manager_this": 403, "hiring_manager_other": 403, "superuser": 200,
}
RECRUITER_API = {**RECRUITER_ONLY, "anonymous": 401}
# Changing one requisition: any recruiter may try, only its own recruiter learns it exists.
RECRUITER_REQUISITION = {**RECRUITER_ONLY, "recruiter_other": 404}
RECRUITERS = ("recruiter_this", "recruiter_other", "superuser")


def role_pk(w) -> dict:
    return {"pk": w.loop.role.pk}


def interview_pk(w) -> dict:
    return {"pk": w.interview.pk}


def requisition_pk(w) -> dict:
    return {"pk": w.requisition.pk}


def application_pk(w) -> dict:
    return {"pk": w.application.pk}


TABLE: dict[str, Row] = {
    # project
    "home": Row(logged_in(200)),
    "login": Row(everyone(200)),
    "logout": Row(everyone("login"), method="post"),
    "api-schema": Row({**everyone(200), "anonymous": 401}),
    "api-docs": Row(logged_in(200)),
    "api-redoc": Row(logged_in(200)),
    "accounts:tokens": Row(logged_in(200)),
    # Someone else's token is not theirs to know about.
    "accounts:token-revoke": Row({**everyone(404), "anonymous": "login", "recruiter_this": "redirect"},
                                 lambda w: {"pk": w.token.pk}, method="post"),
    "admin:index": Row(STAFF_ADMIN),
    "admin:interviews_requisition_changelist": Row(STAFF_ADMIN),
    # candidate and recruiter
    "interviews:apply": Row(everyone(200), requisition_pk),
    "interviews:applied": Row(everyone("redirect"), requisition_pk),  # no application in this session
    "interviews:requisitions": Row({
        "anonymous": "login", "interviewer_assigned": 403, "interviewer_other": 403, "recruiter_this": 200,
        "recruiter_other": 200, "hiring_manager_this": 200, "hiring_manager_other": 200, "superuser": 200,
    }),
    "interviews:pipeline": Row(MANAGED_READ, requisition_pk),
    "interviews:application": Row(MANAGED_READ, application_pk),
    "interviews:resume-file": Row(MANAGED_READ, application_pk),
    "interviews:video-file": Row(MANAGED_READ, lambda w: {"pk": w.video.pk}),
    "interviews:move": Row(MANAGED_WRITE, application_pk),
    "interviews:resume-review": Row(MANAGED_WRITE, application_pk),
    "interviews:video-review": Row(MANAGED_WRITE, lambda w: {"pk": w.video.pk}),
    # Requisition pages: recruiters open them; only a requisition's own recruiter edits or closes it.
    "interviews:requisition-create": Row(RECRUITER_ONLY),
    "interviews:requisition-edit": Row(RECRUITER_REQUISITION, requisition_pk),
    "interviews:requisition-close": Row(RECRUITER_REQUISITION, requisition_pk),
    "interviews:assign": Row(MANAGED_WRITE, lambda w: {"pk": w.application.pk, "round_pk": w.loop.technical_round.pk}),
    # interviewer
    "interviews:mine": Row(logged_in(200)),  # everyone's own list, empty unless assigned
    "interviews:kit": Row({**MANAGED_READ, "interviewer_assigned": 200}, interview_pk),
    # A scorecard is the assigned interviewer's own: nobody else, not even a superuser, writes in it.
    "interviews:scorecard": Row(OWN_SCORECARD, interview_pk),
    "interviews:scorecard-draft": Row(OWN_SCORECARD, interview_pk, method="post"),
    "interviews:scorecard-amend": Row({**OWN_SCORECARD, "interviewer_assigned": "redirect"}, interview_pk,
                                      method="post"),  # nothing submitted yet: back to the form
    # decisions
    "hiring:packet": Row(PACKET, application_pk),
    "hiring:packet-pdf": Row(PACKET, application_pk),
    # Only the requisition's hiring manager decides; an empty form is refused with its errors.
    "hiring:decide": Row({**PACKET, "recruiter_this": 403, "superuser": 403, "hiring_manager_this": 400},
                         application_pk,
                         method="post"),
    # Requesting more signal is part of deciding: the requisition's hiring manager only.
    "hiring:request-signal": Row({**PACKET, "recruiter_this": 403, "superuser": 403, "hiring_manager_this": 200},
                                 lambda w: {"pk": w.application.pk, "round_pk": w.loop.technical_round.pk}),
    "hiring:calibration": Row(CALIBRATION),
    "hiring:recalibrate": Row({**CALIBRATION, **{r: "redirect" for r, o in CALIBRATION.items() if o == 200}},
                              method="post"),  # to the progress page
    "hiring:calibration-progress": Row(CALIBRATION),
    "hiring:requisition-packets": Row(PACKET, requisition_pk),
    "hiring:packet-batch": Row(PACKET, lambda w: {"pk": w.batch.pk}),
    # configuration: recruiters only
    "rubrics:index": Row(RECRUITER_ONLY),
    "rubrics:matrix": Row(RECRUITER_ONLY, role_pk),
    "rubrics:loop": Row(RECRUITER_ONLY, lambda w: {"pk": w.loop.loop.pk}),
    # The role builder works on draft roles (a published one is immutable: see below).
    "rubrics:build-role": Row(RECRUITER_ONLY),
    "rubrics:build-framework": Row(RECRUITER_ONLY, lambda w: {"pk": w.draft_role.pk}),
    "rubrics:build-question": Row(RECRUITER_ONLY, lambda w: {"pk": w.draft_role.pk}),
    "rubrics:build-loop": Row(RECRUITER_ONLY, lambda w: {"pk": w.draft_role.pk}),
    "rubrics:kits:list": Row(RECRUITER_ONLY),
    "rubrics:kits:import": Row(RECRUITER_ONLY),
    "rubrics:kits:download": Row(RECRUITER_ONLY, role_pk),
    "rubrics:kits:publish": Row({**RECRUITER_ONLY, **dict.fromkeys(RECRUITERS, "redirect")},
                                lambda w: {"pk": w.draft_role.pk}, method="post"),
    "api-kit-import": Row({**RECRUITER_API, **dict.fromkeys(RECRUITERS, 400)}, method="post"),  # empty body
    "api-kit-detail": Row(RECRUITER_API, role_pk),
    "api-kit-publish": Row({**RECRUITER_API, **dict.fromkeys(RECRUITERS, 400)},  # an empty draft
                           lambda w: {"pk": w.draft_role.pk}, method="post"),
}


def walk(resolver: URLResolver, namespace: str = "", route: str = "") -> Iterator[tuple[str | None, str]]:
    for pattern in resolver.url_patterns:
        here = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if inner == "admin:":
                continue  # the admin's internals: see ADMIN_SAMPLES
            if inner == "api:":
                continue  # the API: tests/api/test_permission_matrix.py, per method
            yield from walk(pattern, inner, here)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None), here


def url_names() -> list[str]:
    names, unnamed = set(ADMIN_SAMPLES), []
    for name, route in walk(get_resolver()):
        if name is not None:
            names.add(name)
        elif not route.lstrip("^").startswith(SKIPPED_PREFIXES):
            unnamed.append(route)
    assert not unnamed, f"URL patterns without a name cannot be checked: {unnamed}"
    return sorted(names)


@pytest.fixture
def world(db, settings, tmp_path) -> SimpleNamespace:
    settings.MEDIA_ROOT = tmp_path / "media"
    loop = published_loop()
    users = {
        "interviewer_assigned": UserFactory(username="ivy", groups=[INTERVIEWER]),
        "interviewer_other": UserFactory(username="ivan", groups=[INTERVIEWER]),
        "recruiter_this": UserFactory(username="rita", groups=[RECRUITER], is_staff=True),
        "recruiter_other": UserFactory(username="rob", groups=[RECRUITER], is_staff=True),
        "hiring_manager_this": UserFactory(username="hana", groups=[HIRING_MANAGER]),
        "hiring_manager_other": UserFactory(username="hugo", groups=[HIRING_MANAGER]),
        "superuser": UserFactory(username="sue", is_superuser=True, is_staff=True),
    }
    requisition = RequisitionFactory(loop=loop.loop, recruiter=users["recruiter_this"],
                                     hiring_manager=users["hiring_manager_this"])
    RequisitionFactory(loop=loop.loop, recruiter=users["recruiter_other"],
                       hiring_manager=users["hiring_manager_other"])
    application = ApplicationFactory(
        requisition=requisition, stage=loop.interview_stage,
        resume=SimpleUploadedFile("cv.pdf", b"%PDF-1.4", content_type="application/pdf"),
    )
    interview = InterviewFactory(application=application, round=loop.technical_round,
                                 interviewers=[users["interviewer_assigned"]])
    video = VideoResponseFactory(application=application, question=loop.videos[0])
    token, _ = create_api_token(user=users["recruiter_this"], name="careers site")
    return SimpleNamespace(loop=loop, users=users, requisition=requisition, application=application,
                           interview=interview, video=video, draft_role=RoleFactory(title="Analyst"), token=token,
                           batch=PacketBatch.objects.create(requisition=requisition))


def outcome(response) -> int | str:
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith(reverse("admin:login")):
        return "admin-login"
    if location.startswith(reverse("login")):
        return "login"
    return "redirect"


@pytest.mark.parametrize("name", url_names())
def test_url_outcome_for_every_role(name, world, client):
    if name not in TABLE:
        pytest.fail(f"URL name {name!r} is missing from TABLE in tests/test_permissions.py: "
                    "add a row with its kwargs and the expected outcome for every role.")
    row = TABLE[name]
    url = reverse(name, kwargs=row.kwargs(world))
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        response = getattr(client, row.method)(url)
        got[role] = outcome(response)
        if response.streaming:  # read file downloads to the end: the test client then closes the file
            b"".join(response.streaming_content)
    assert got == row.expect, f"{name} ({url})"


def test_table_has_no_rows_for_urls_that_do_not_exist():
    assert sorted(set(TABLE) - set(url_names())) == []


def test_role_builder_refuses_a_published_role(world, client):
    client.force_login(world.users["recruiter_this"])
    for name in ("rubrics:build-framework", "rubrics:build-question", "rubrics:build-loop"):
        assert client.get(reverse(name, kwargs={"pk": world.loop.role.pk})).status_code == 404, name
