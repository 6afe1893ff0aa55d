"""Video-answer reviews through the API: the page's form, service and audit; its permissions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from accounts.access import RECRUITER
from interviews.models import Application, AuditEntry, VideoResponse, VideoReview
from tests.api.conftest import client_of
from tests.factories import ApplicationFactory, VideoResponseFactory, published_loop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def loop():
    return published_loop(videos=2)


@pytest.fixture
def video(requisition, loop) -> VideoResponse:
    return VideoResponseFactory(application__requisition=requisition, question=loop.videos[0])


def url(application: Application) -> str:
    return reverse("api:application-video-reviews", args=[application.pk])


def post(user, video: VideoResponse, **fields):
    body = {"question": video.question_id, "score": 3, "notes": "", **fields}
    return client_of(user).post(url(video.application), body, format="json")


def test_a_recruiter_reviews_a_video_answer_and_it_is_audited(recruiter, video):
    response = post(recruiter, video, notes="Clear and brief.")
    assert response.status_code == 201
    review = VideoReview.objects.get()
    body = response.json()
    assert parse_datetime(body.pop("reviewed_at")) == review.reviewed_at
    assert body == {"id": review.pk, "application": video.application_id, "response": video.pk,
                    "question": video.question_id, "reviewer": recruiter.pk, "score": 3, "notes": "Clear and brief."}
    assert list(AuditEntry.objects.values_list("action", "actor", "target_id", "data")) == [
        ("video.reviewed", recruiter.pk, review.pk, {"score": 3})]


def test_reviewing_again_replaces_your_score_as_on_the_page(recruiter, video):
    first = post(recruiter, video, score=2, notes="Quiet.")
    again = post(recruiter, video, score=4, notes="Rewatched: great.")
    assert (first.status_code, again.status_code, again.json()["id"]) == (201, 200, first.json()["id"])
    assert list(VideoReview.objects.values_list("reviewer", "score", "notes")) == [(recruiter.pk, 4,
                                                                                    "Rewatched: great.")]
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "data")) == [
        ("video.reviewed", {"score": 2}), ("video.review_changed", {"score": 4})]


def test_the_page_and_the_api_store_the_same_review(client, recruiter, requisition, loop):
    by_page = VideoResponseFactory(application__requisition=requisition, question=loop.videos[0])
    by_api = VideoResponseFactory(application__requisition=requisition, question=loop.videos[0])
    client.force_login(recruiter)
    page = client.post(reverse("interviews:video-review", args=[by_page.pk]),
                       {f"video-{by_page.pk}-score": "2", f"video-{by_page.pk}-notes": "Rushed."})
    assert page.status_code == 302
    assert post(recruiter, by_api, score=2, notes="Rushed.").status_code == 201
    rows = {video.pk: VideoReview.objects.filter(response=video).values_list("reviewer", "score", "notes").get()
            for video in (by_page, by_api)}
    assert rows[by_api.pk] == rows[by_page.pk] == (recruiter.pk, 2, "Rushed.")
    assert sorted(AuditEntry.objects.values_list("action", "target_id")) == sorted(
        ("video.reviewed", review.pk) for review in VideoReview.objects.all())


def test_the_hiring_manager_reads_the_reviews_of_each_answer(recruiter, hiring_manager, make_user, video, loop):
    second = VideoResponseFactory(application=video.application, question=loop.videos[1])
    admin = make_user("ada", is_superuser=True)
    post(recruiter, video, score=4)
    post(admin, second, score=1, notes="Off topic.")
    response = client_of(hiring_manager).get(url(video.application))
    assert response.status_code == 200
    assert [(r["response"], r["question"], r["reviewer"], r["score"], r["notes"])
            for r in response.json()["results"]] == [
        (video.pk, loop.videos[0].pk, recruiter.pk, 4, ""), (second.pk, loop.videos[1].pk, admin.pk, 1, "Off topic.")]
    filtered = client_of(hiring_manager).get(url(video.application), {"question": loop.videos[1].pk})
    assert [r["response"] for r in filtered.json()["results"]] == [second.pk]


def test_bad_input_is_a_400_naming_every_field_and_stores_nothing(recruiter, video, loop):
    # the loop's second video question, which this application did not answer
    response = post(recruiter, video, question=loop.videos[1].pk, score=5)
    assert (response.status_code, response.json()) == (400, {
        "score": ["Select a valid choice. 5 is not one of the available choices."],
        "question": ["Give the id of a video question this application answered."]})
    assert (VideoReview.objects.count(), AuditEntry.objects.count()) == (0, 0)


@pytest.mark.parametrize("question", [None, "", "abc", True, -1, 1.5, "²", 2**70, [1], {"id": 1}])
def test_a_question_that_is_not_an_answered_id_is_a_400_on_its_field(recruiter, video, question):
    response = post(recruiter, video, question=question)
    assert (response.status_code, list(response.json())) == (400, ["question"])
    assert VideoReview.objects.count() == 0


def test_another_applications_answer_cannot_be_reviewed_through_this_one(recruiter, video, requisition, loop):
    other = ApplicationFactory(requisition=requisition)  # no video answers
    response = client_of(recruiter).post(url(other), {"question": video.question_id, "score": 3}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["question"])
    assert VideoReview.objects.count() == 0


def test_a_body_that_is_not_an_object_is_a_400(recruiter, video):
    response = client_of(recruiter).post(url(video.application), [3], format="json")
    assert (response.status_code, response.json()) == (
        400, {"non_field_errors": ["Send a JSON object of the review's fields."]})


def test_who_may_not_review_is_refused_and_nothing_is_stored(hiring_manager, interviewer, make_user, video):
    other_recruiter = make_user("rob", RECRUITER)
    expected = {hiring_manager: (200, 403), interviewer: (404, 404), other_recruiter: (404, 404)}
    got = {user: (client_of(user).get(url(video.application)).status_code, post(user, video).status_code)
           for user in expected}
    assert got == expected
    former = video.application.requisition.recruiter
    former.groups.clear()  # no longer a recruiter: reads, may not write
    assert post(former, video).status_code == 403
    assert (VideoReview.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_the_list_costs_the_same_queries_for_one_review_as_for_many(recruiter, make_user, video):
    api = client_of(recruiter)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url(video.application)).status_code == 200
        return len(queries)

    post(recruiter, video)
    one = count()
    for name in ("ada", "bea", "cy"):
        post(make_user(name, is_superuser=True), video)
    assert (VideoReview.objects.count(), count()) == (4, one)


def test_the_application_lists_its_video_answers_so_a_client_can_review_them(recruiter, requisition, loop, video):
    other = ApplicationFactory(requisition=requisition)
    for question in loop.videos:
        VideoResponseFactory(application=other, question=question)
    client = client_of(recruiter)
    answers = client.get(reverse("api:application-detail", args=[video.application_id])).json()["video_answers"]
    assert [(a["id"], a["question"], a["question_title"]) for a in answers] == [
        (video.pk, video.question_id, video.question.title)]
    # One query for every application's answers, however many applications and answers a page holds.
    with CaptureQueriesContext(connection) as listing:
        listed = client.get(reverse("api:application-list")).json()["results"]
    assert sorted(len(a["video_answers"]) for a in listed) == [1, 2]
    assert sum("interviews_videoresponse" in q["sql"] for q in listing.captured_queries) == 1
    review = post(recruiter, video).json()
    assert (review["response"], review["question"]) == (answers[0]["id"], answers[0]["question"])
