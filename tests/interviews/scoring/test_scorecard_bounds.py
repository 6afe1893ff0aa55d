"""Notes are bounded, and text that cannot be stored is refused with a message that says why."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from interviews.models import Scorecard
from interviews.services.scorecards import autosave_scorecard
from interviews.validators import NOTE_MAX_CHARS
from tests.interviews.scoring.conftest import complete_draft

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_an_autosave_says_control_character(client, loop, interviewer):
    client.force_login(interviewer)
    response = client.post(reverse("interviews:scorecard-draft", args=[loop.interview.pk]),
                           {"summary": "pasted\x00text", "version": "0"})
    assert response.content.decode() == (
        '<span class="errors" data-save-failed="invalid">Not saved: a text contains a control character (such as a '
        'NUL byte) that cannot be stored; remove it, for instance by retyping what you pasted.</span>')
    assert Scorecard.objects.count() == 0


def test_a_note_over_the_limit_is_not_saved_and_says_so(client, loop, interviewer):
    client.force_login(interviewer)
    response = client.post(reverse("interviews:scorecard-draft", args=[loop.interview.pk]),
                           {f"q{loop.q_comp.pk}-strengths": "x" * (NOTE_MAX_CHARS + 1), "version": "0"})
    assert response.content.decode() == (
        '<span class="errors" data-save-failed="invalid">Not saved: a note is longer than 10,000 characters; '
        'shorten it.</span>')
    assert Scorecard.objects.count() == 0


def test_the_service_refuses_long_notes_and_control_characters_by_field(loop, interviewer):
    draft = complete_draft(loop, summary="bell\x07")
    draft.answers[0].gaps = "y" * (NOTE_MAX_CHARS + 1)
    with pytest.raises(ValidationError) as refused:
        autosave_scorecard(interview=loop.interview, interviewer=interviewer, draft=draft, expected_version=0)
    assert refused.value.message_dict == {
        "summary": ["This text contains a control character (U+0007) that cannot be stored; remove it."],
        f"q{loop.q_comp.pk}-gaps": ["At most 10,000 characters (this has 10,001)."],
    }
    assert Scorecard.objects.get().version == 0  # started, nothing saved into it


def test_a_note_at_the_limit_with_tabs_and_newlines_is_saved(loop, interviewer):
    text = ("line\tone\r\n" * NOTE_MAX_CHARS)[:NOTE_MAX_CHARS]
    saved = autosave_scorecard(interview=loop.interview, interviewer=interviewer,
                               draft=complete_draft(loop, summary=text), expected_version=0)
    assert (saved.summary, saved.version) == (text, 1)
