import pytest
from django.urls import reverse

from interviews.views.ranges import Unsatisfiable, parse_range
from tests.factories import VideoResponseFactory

CONTENT = b"\x1a\x45\xdf\xa3 not really a video"  # what VideoResponseFactory stores


@pytest.mark.parametrize(("header", "expected"), [
    ("bytes=0-", (0, 99)),
    ("bytes=10-19", (10, 19)),
    ("bytes=90-500", (90, 99)),  # clipped to the file
    ("bytes=-30", (70, 99)),  # the last 30 bytes
    ("bytes=-500", (0, 99)),
    ("", None),
    ("bytes=0-1,5-9", None),  # several ranges: the whole file instead
    ("items=0-9", None),
    ("bytes=9-3", None),
    ("bytes=-", None),
    ("bytes=abc-", None),
])
def test_parse_range(header, expected):
    assert parse_range(header, 100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=250-300", "bytes=-0"])
def test_a_range_past_the_end_is_unsatisfiable(header):
    with pytest.raises(Unsatisfiable):
        parse_range(header, 100)


@pytest.fixture
def served(client, recruiter, requisition):
    response = VideoResponseFactory(application__requisition=requisition)
    client.force_login(recruiter)
    url = reverse("interviews:video-file", args=[response.pk])
    return lambda **headers: client.get(url, headers=headers)


@pytest.mark.django_db
def test_video_without_a_range_is_whole_and_says_it_accepts_ranges(served):
    response = served()
    assert (response.status_code, response["Accept-Ranges"]) == (200, "bytes")
    assert b"".join(response.streaming_content) == CONTENT


@pytest.mark.django_db
def test_video_range_answers_206_with_just_those_bytes(served):
    response = served(Range="bytes=5-10")
    assert (response.status_code, response["Content-Range"], response["Content-Length"]) == (
        206, f"bytes 5-10/{len(CONTENT)}", "6")
    assert (response["Content-Type"], b"".join(response.streaming_content)) == ("video/webm", CONTENT[5:11])


@pytest.mark.django_db
def test_video_suffix_range_answers_the_tail(served):
    response = served(Range="bytes=-5")
    assert b"".join(response.streaming_content) == CONTENT[-5:]


@pytest.mark.django_db
def test_video_range_past_the_end_answers_416_with_the_size(served):
    response = served(Range="bytes=999-")
    assert (response.status_code, response["Content-Range"]) == (416, f"bytes */{len(CONTENT)}")
