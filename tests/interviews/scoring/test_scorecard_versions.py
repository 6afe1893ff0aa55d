"""Drafts carry a version: a copy read at an older version (another tab, another device) is
refused instead of overwriting, and submit racing an autosave ends in a clear answer."""

import re

import pytest
from django.db import OperationalError
from django.urls import reverse

from interviews.models import AuditEntry, Scorecard
from interviews.services.scorecards import (
    ScorecardConflict,
    SubmissionRefused,
    amend_scorecard,
    autosave_scorecard,
    submit_scorecard_draft,
)
from tests.interviews.scoring.conftest import complete_draft
from tests.interviews.scoring.test_interviewer_views import form_data

pytestmark = pytest.mark.django_db


def url(name, interview):
    return reverse(f"interviews:{name}", args=[interview.pk])


def hidden_version(html: str) -> str:
    return re.search(r'<input type="hidden" name="version" id="scorecard-version" value="(\d*)"', html).group(1)


def test_each_save_bumps_the_version_and_a_copy_at_an_older_one_is_refused(loop, interviewer):
    tab_a = autosave_scorecard(interview=loop.interview, interviewer=interviewer,
                               draft=complete_draft(loop, summary="From tab A"), expected_version=0)
    assert tab_a.version == 1
    with pytest.raises(ScorecardConflict) as refused:
        autosave_scorecard(interview=loop.interview, interviewer=interviewer,
                           draft=complete_draft(loop, summary="From tab B"), expected_version=0)
    assert (refused.value.version, refused.value.submitted) == (1, False)
    assert refused.value.message.startswith("This scorecard was saved elsewhere (another tab or window, at ")
    stored = Scorecard.objects.get()
    assert (stored.summary, stored.version) == ("From tab A", 1)


def test_submit_from_a_stale_copy_is_refused_and_nothing_is_submitted(loop, interviewer):
    autosave_scorecard(interview=loop.interview, interviewer=interviewer,
                       draft=complete_draft(loop, summary="Newer"), expected_version=0)
    with pytest.raises(ScorecardConflict):
        submit_scorecard_draft(interview=loop.interview, interviewer=interviewer,
                               draft=complete_draft(loop, summary="Older"), expected_version=0)
    stored = Scorecard.objects.get()
    assert (stored.is_submitted, stored.summary, stored.version) == (False, "Newer", 1)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["scorecard.started"]


def test_autosave_after_submit_is_a_conflict_saying_submitted(loop, interviewer):
    submitted = submit_scorecard_draft(interview=loop.interview, interviewer=interviewer,
                                       draft=complete_draft(loop), expected_version=0)
    assert (submitted.is_submitted, submitted.version) == (True, 1)
    with pytest.raises(ScorecardConflict) as refused:
        autosave_scorecard(interview=loop.interview, interviewer=interviewer,
                           draft=complete_draft(loop, summary="Late keystroke"), expected_version=0)
    assert (refused.value.submitted, refused.value.message) == (
        True, "This scorecard was already submitted; nothing was changed. Amend it to change it.")
    assert Scorecard.objects.get().summary == "Solid mid-level analyst."


def test_a_refused_submission_keeps_the_draft_at_its_next_version(loop, interviewer):
    with pytest.raises(SubmissionRefused) as refused:
        submit_scorecard_draft(interview=loop.interview, interviewer=interviewer,
                               draft=complete_draft(loop, recommendation=None), expected_version=0)
    assert refused.value.message_dict == {"recommendation": ["Give a recommendation."]}
    kept = refused.value.scorecard
    assert (kept.is_submitted, kept.version, kept.summary) == (False, 1, "Solid mid-level analyst.")
    submitted = submit_scorecard_draft(interview=loop.interview, interviewer=interviewer,
                                       draft=complete_draft(loop), expected_version=1)
    assert (submitted.pk, submitted.is_submitted, submitted.version) == (kept.pk, True, 2)


def test_an_amendment_carries_the_version_on(loop, interviewer):
    first = submit_scorecard_draft(interview=loop.interview, interviewer=interviewer,
                                   draft=complete_draft(loop), expected_version=0)
    second = amend_scorecard(scorecard=first, by=interviewer, reason="Typo")
    assert second.version == first.version + 1 == 2
    with pytest.raises(ScorecardConflict):  # a tab still showing revision 1's draft
        autosave_scorecard(interview=loop.interview, interviewer=interviewer, draft=complete_draft(loop),
                           expected_version=0)
    assert autosave_scorecard(interview=loop.interview, interviewer=interviewer, draft=complete_draft(loop),
                              expected_version=2).version == 3


def test_two_tabs_the_stale_tabs_autosave_is_refused_and_told(client, loop, interviewer):
    client.force_login(interviewer)
    tab_a = hidden_version(client.get(url("scorecard", loop.interview)).content.decode())
    tab_b = hidden_version(client.get(url("scorecard", loop.interview)).content.decode())
    assert tab_a == tab_b == "0"
    saved = client.post(url("scorecard-draft", loop.interview), {"summary": "Tab A's evidence", "version": tab_a})
    assert hidden_version(saved.content.decode()) == "1"
    stale = client.post(url("scorecard-draft", loop.interview), {"summary": "Tab B's text", "version": tab_b})
    html = stale.content.decode()
    assert stale.status_code == 200
    assert re.fullmatch(
        r'<span class="errors" data-save-failed="conflict">Not saved: This scorecard was saved elsewhere \(another '
        r'tab or window, at \d\d:\d\d:\d\d\) after this copy was opened; nothing was saved from this copy\. '
        r'<a href="/interviews/\d+/scorecard/" target="_blank" rel="noopener">Open the saved version in a new '
        r'tab</a> to compare, or <a href="/interviews/\d+/scorecard/">reload</a> to continue from it\.</span>', html)
    assert (Scorecard.objects.get().summary, Scorecard.objects.get().version) == ("Tab A's evidence", 1)


def test_two_tabs_the_stale_tabs_save_button_keeps_its_text_and_says_reload_or_compare(client, loop, interviewer):
    client.force_login(interviewer)
    client.post(url("scorecard-draft", loop.interview), {"summary": "Tab A's evidence", "version": "0"})
    stale = client.post(url("scorecard", loop.interview), form_data(loop, action="draft", summary="Tab B's text",
                                                                     version="0"))
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "<h2>Not saved: this copy is out of date</h2>" in html
    assert ">Tab B&#x27;s text</textarea>" in html
    assert hidden_version(html) == "0"  # still stale: saving again from here is refused again
    assert Scorecard.objects.get().summary == "Tab A's evidence"


def test_submit_racing_an_autosave_from_another_tab_is_a_clear_message_not_a_500(client, loop, interviewer):
    client.force_login(interviewer)
    client.post(url("scorecard-draft", loop.interview), {"summary": "Tab A", "version": "0"})
    stale_submit = client.post(url("scorecard", loop.interview), form_data(loop, version="0"))
    assert stale_submit.status_code == 409
    assert Scorecard.objects.get().is_submitted is False
    fresh_submit = client.post(url("scorecard", loop.interview), form_data(loop, version="1"))
    assert (fresh_submit.status_code, fresh_submit.url) == (302, url("scorecard", loop.interview))
    late_autosave = client.post(url("scorecard-draft", loop.interview), {"summary": "Tab B", "version": "1"})
    assert late_autosave.status_code == 200
    assert late_autosave.content.decode() == (
        '<span class="errors" data-save-failed="conflict">Not saved: This scorecard was already submitted; nothing '
        'was changed. Amend it to change it. <a href="' + url("scorecard", loop.interview) + '">Open the submitted '
        'scorecard</a>.</span>')
    stored = Scorecard.objects.get()
    assert (stored.is_submitted, stored.summary) == (True, "Solid mid-level analyst.")


def test_a_second_submit_of_the_same_draft_is_a_message_not_a_500(client, loop, interviewer):
    client.force_login(interviewer)
    assert client.post(url("scorecard", loop.interview), form_data(loop, version="0")).status_code == 302
    again = client.post(url("scorecard", loop.interview), form_data(loop, version="0"), follow=True)
    assert again.status_code == 200
    assert "This scorecard is submitted; amend it to change it." in again.content.decode()


def test_a_refused_submission_hands_the_page_the_saved_version(client, loop, interviewer):
    client.force_login(interviewer)
    refused = client.post(url("scorecard", loop.interview), form_data(loop, recommendation=None, version="0"))
    assert refused.status_code == 400
    assert hidden_version(refused.content.decode()) == "1"
    done = client.post(url("scorecard", loop.interview), form_data(loop, version="1"))
    assert done.status_code == 302
    assert Scorecard.objects.get().is_submitted is True


def test_a_submit_the_database_could_not_store_keeps_everything_typed(client, loop, interviewer, monkeypatch):
    def unavailable(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("interviews.views.interviewer.submit_scorecard_draft", unavailable)
    client.force_login(interviewer)
    response = client.post(url("scorecard", loop.interview), form_data(loop, summary="Every word kept", version="0"))
    html = response.content.decode()
    assert response.status_code == 503
    assert "<h2>Not saved: the server could not store it just now</h2>" in html
    assert ">Every word kept</textarea>" in html and 'value="exceeds" checked' in html
    assert hidden_version(html) == "0"


def test_an_autosave_the_database_could_not_store_says_not_saved(client, loop, interviewer, monkeypatch):
    def unavailable(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("interviews.views.interviewer.autosave_scorecard", unavailable)
    client.force_login(interviewer)
    response = client.post(url("scorecard-draft", loop.interview), {"summary": "x", "version": "0"})
    assert (response.status_code, response.content.decode()) == (
        503, '<span class="errors" data-save-failed="invalid">Not saved: the server is busy. Retrying…</span>')
