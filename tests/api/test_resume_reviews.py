"""Resume reviews through the API: the page's form, service, rule and audit; its permissions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from accounts.access import RECRUITER
from interviews.models import Application, AuditEntry, ResumeReview, StageChange
from tests.api.conftest import client_of
from tests.factories import ApplicationFactory, published_loop

pytestmark = pytest.mark.django_db


@pytest.fixture
def loop():
    return published_loop()


@pytest.fixture
def application(requisition):
    return ApplicationFactory(requisition=requisition)  # active, at the resume screen


def url(application: Application) -> str:
    return reverse("api:application-resume-reviews", args=[application.pk])


def scores(loop, first: int = 4, second: int = 3) -> dict:
    return {f"criterion_{loop.criteria[0].pk}": first, f"criterion_{loop.criteria[1].pk}": second}


def stored(application: Application) -> list[tuple]:
    return [(review.reviewer_id, review.notes, sorted((s.criterion_id, s.score) for s in review.scores.all()))
            for review in application.resume_reviews.order_by("pk")]


def test_a_recruiter_reviews_the_resume_and_the_rule_advances_it(recruiter, application, loop):
    response = client_of(recruiter).post(url(application), {**scores(loop), "notes": "Strong SQL."}, format="json")
    assert response.status_code == 201
    review = ResumeReview.objects.get()
    body = response.json()
    assert parse_datetime(body.pop("reviewed_at")) == review.reviewed_at
    assert body == {"id": review.pk, "application": application.pk, "reviewer": recruiter.pk, "notes": "Strong SQL.",
                    "scores": [{"criterion": loop.criteria[0].pk, "score": 4},
                               {"criterion": loop.criteria[1].pk, "score": 3}]}
    assert list(AuditEntry.objects.filter(action="resume.reviewed").values_list("actor", "target_id", "data")) == [
        (recruiter.pk, review.pk, {"application": application.pk})]
    change = StageChange.objects.get(application=application)
    assert (change.to_stage, change.by, change.reason) == (
        loop.interview_stage, None, "Resume score 3.50 ≥ 2.50: advanced by the resume rule.")


def test_the_hiring_manager_reads_every_review(recruiter, hiring_manager, make_user, application, loop):
    application.requisition.resume_reviews_required = 2
    application.requisition.save(update_fields=["resume_reviews_required"])
    client_of(recruiter).post(url(application), scores(loop, 4, 4), format="json")
    admin = make_user("ada", is_superuser=True)
    client_of(admin).post(url(application), {**scores(loop, 1, 2), "notes": "Thin."}, format="json")
    response = client_of(hiring_manager).get(url(application))
    assert response.status_code == 200
    assert [(r["reviewer"], r["notes"], [s["score"] for s in r["scores"]]) for r in response.json()["results"]] == [
        (recruiter.pk, "", [4, 4]), (admin.pk, "Thin.", [1, 2])]
    filtered = client_of(hiring_manager).get(url(application), {"reviewer": admin.pk})
    assert [r["reviewer"] for r in filtered.json()["results"]] == [admin.pk]


def test_the_page_and_the_api_store_the_same_review(client, recruiter, requisition, loop):
    by_page, by_api = ApplicationFactory(requisition=requisition), ApplicationFactory(requisition=requisition)
    client.force_login(recruiter)
    page = client.post(reverse("interviews:resume-review", args=[by_page.pk]), {**scores(loop, 2, 1), "notes": "No."})
    assert page.status_code == 302
    assert client_of(recruiter).post(url(by_api), {**scores(loop, 2, 1), "notes": "No."},
                                     format="json").status_code == 201
    assert stored(by_api) == stored(by_page) == [
        (recruiter.pk, "No.", sorted([(loop.criteria[0].pk, 2), (loop.criteria[1].pk, 1)]))]
    moves = {app.pk: StageChange.objects.filter(application=app).values_list("status", "by", "reason").get()
             for app in (by_page, by_api)}
    assert moves[by_api.pk] == moves[by_page.pk] == ("archived", None,
                                                     "Resume score 1.50 < 2.50: archived by the resume rule.")
    assert sorted(AuditEntry.objects.filter(action="resume.reviewed").values_list("data__application", flat=True)) \
        == sorted([by_page.pk, by_api.pk])


def test_a_review_missing_a_criterion_is_a_400_naming_it_and_stores_nothing(recruiter, application, loop):
    response = client_of(recruiter).post(url(application), {f"criterion_{loop.criteria[0].pk}": 4, "notes": "x"},
                                         format="json")
    assert (response.status_code, response.json()) == (
        400, {f"criterion_{loop.criteria[1].pk}": ["Score this criterion (1–4)."]})
    assert (ResumeReview.objects.count(), AuditEntry.objects.count(), StageChange.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize("body", [[1, 2], "4"])
def test_a_body_that_is_not_an_object_is_a_400(recruiter, application, body):
    response = client_of(recruiter).post(url(application), body, format="json")
    assert (response.status_code, response.json()) == (
        400, {"non_field_errors": ["Send a JSON object of the review's fields."]})
    assert ResumeReview.objects.count() == 0


@pytest.mark.parametrize("bad", [5, 0, "four", None, True, [3], {"score": 3}])
def test_a_score_that_is_not_one_to_four_is_a_400_on_its_field(recruiter, application, loop, bad):
    response = client_of(recruiter).post(url(application), scores(loop, 4, bad), format="json")
    assert (response.status_code, list(response.json())) == (400, [f"criterion_{loop.criteria[1].pk}"])
    assert ResumeReview.objects.count() == 0


def test_reviewing_the_same_resume_twice_is_a_400(recruiter, application, loop):
    api = client_of(recruiter)
    application.requisition.resume_reviews_required = 2
    application.requisition.save(update_fields=["resume_reviews_required"])
    assert api.post(url(application), scores(loop), format="json").status_code == 201
    again = api.post(url(application), scores(loop, 1, 1), format="json")
    assert (again.status_code, again.json()) == (400, {"non_field_errors": ["You already reviewed this resume."]})
    assert stored(application) == [(recruiter.pk, "", sorted([(loop.criteria[0].pk, 4), (loop.criteria[1].pk, 3)]))]


def test_an_application_past_the_resume_screen_cannot_be_reviewed(recruiter, requisition, loop):
    application = ApplicationFactory(requisition=requisition, stage=loop.interview_stage)
    response = client_of(recruiter).post(url(application), scores(loop), format="json")
    assert (response.status_code, response.json()) == (
        400, {"non_field_errors": ["Only an active application at the resume screen can be reviewed."]})
    assert ResumeReview.objects.count() == 0


def test_who_may_not_review_is_refused_and_nothing_is_stored(hiring_manager, interviewer, make_user, application,
                                                             loop):
    other_recruiter = make_user("rob", RECRUITER)
    former = application.requisition.recruiter
    expected = {hiring_manager: (200, 403), interviewer: (404, 404), other_recruiter: (404, 404)}
    got = {user: (client_of(user).get(url(application)).status_code,
                  client_of(user).post(url(application), scores(loop), format="json").status_code)
           for user in expected}
    assert got == expected
    former.groups.clear()  # the requisition's recruiter no longer a recruiter: reads, may not write
    assert client_of(former).post(url(application), scores(loop), format="json").status_code == 403
    assert (ResumeReview.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_the_list_costs_the_same_queries_for_one_review_as_for_many(recruiter, make_user, application, loop):
    application.requisition.resume_reviews_required = 5
    application.requisition.save(update_fields=["resume_reviews_required"])
    api = client_of(recruiter)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url(application)).status_code == 200
        return len(queries)

    api.post(url(application), scores(loop), format="json")
    one = count()
    for name in ("ada", "bea", "cy"):
        client_of(make_user(name, is_superuser=True)).post(url(application), scores(loop), format="json")
    assert (application.resume_reviews.count(), count()) == (4, one)
