import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import Scorecard
from interviews.services.kits import clear_kit_cache
from interviews.services.scorecards import save_draft, start_scorecard, submit_scorecard
from tests.factories import ApplicationFactory, InterviewFactory, build_scored_round
from tests.interviews.scoring.conftest import complete_draft

pytestmark = pytest.mark.django_db


def url(name, interview):
    return reverse(f"interviews:{name}", args=[interview.pk])


def form_data(loop, action="submit", **overrides):
    data = {
        "action": action,
        f"q{loop.q_comp.pk}": "mid+", f"q{loop.q_comp.pk}-strengths": "Checked every join.",
        f"q{loop.q_att.pk}": "3",
        f"q{loop.q_case.pk}-p{loop.parts[0].pk}": "exceeds", f"q{loop.q_case.pk}-p{loop.parts[1].pk}-skip": "on",
        f"q{loop.q_code.pk}": "meets",
        f"c{loop.analysis.pk}": "mid+", f"c{loop.communication.pk}": "senior", f"a{loop.curiosity.pk}": "3",
        "recommendation": "3", "summary": "Solid mid-level analyst.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def peer_submits(loop, peer, **changes):
    scorecard = start_scorecard(interview=loop.interview, interviewer=peer)
    draft = complete_draft(loop, summary="PEER-SUMMARY-TEXT", **changes)
    draft.answers[0].strengths = "PEER-STRENGTHS-TEXT"
    save_draft(scorecard=scorecard, draft=draft)
    return submit_scorecard(scorecard=scorecard, by=peer)


def test_pages_need_a_login(client, loop):
    response = client.get(url("kit", loop.interview))
    assert (response.status_code, response.url) == (302, f"/accounts/login/?next={url('kit', loop.interview)}")


@pytest.mark.parametrize("name", ["kit", "scorecard"])
def test_an_interviewer_not_assigned_gets_404(client, loop, make_user, name):
    client.force_login(make_user("stranger"))
    assert client.get(url(name, loop.interview)).status_code == 404


def test_the_requisitions_recruiter_reads_the_kit_but_has_no_scorecard_form(client, loop):
    client.force_login(loop.requisition.recruiter)
    assert client.get(url("kit", loop.interview)).status_code == 200
    assert client.get(url("scorecard", loop.interview)).status_code == 404


def test_kit_shows_the_round_in_order_with_only_the_interviews_variant(client, loop, interviewer):
    client.force_login(interviewer)
    html = client.get(url("kit", loop.interview)).content.decode()
    titles = re.findall(r'<h3>([^<]+) <span class="badge">', html)
    assert titles == ["Messy data", "Learning", "Churn case", "SQL test"]
    assert "Few people can both model and persuade." in html
    assert "AI SQL prompt" in html and "Checks the assistant&#x27;s output" in html
    assert "Plain SQL prompt" not in html and "Recalls window functions" not in html
    assert html.index("Goals") < html.index("Story")


def test_save_draft_without_javascript_keeps_what_was_typed(client, loop, interviewer):
    client.force_login(interviewer)
    response = client.post(url("scorecard", loop.interview),
                           {"action": "draft", f"q{loop.q_comp.pk}": "junior", "summary": "Half done"})
    assert (response.status_code, response.url) == (302, url("scorecard", loop.interview))
    html = client.get(url("scorecard", loop.interview)).content.decode()
    assert 'value="junior" checked' in html
    assert ">Half done</textarea>" in html


def test_autosave_answers_with_the_saved_time_and_stores_the_draft(client, loop, interviewer):
    client.force_login(interviewer)
    response = client.post(url("scorecard-draft", loop.interview), {"summary": "Typing…"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert re.fullmatch(r'Saved at <time datetime="[^"]+">\d\d:\d\d:\d\d</time><input type="hidden" name="version" '
                        r'id="scorecard-version" value="1" hx-swap-oob="true">', response.content.decode())
    assert Scorecard.objects.get(interviewer=interviewer).summary == "Typing…"


def test_autosave_refuses_a_value_not_offered(client, loop, interviewer):
    client.force_login(interviewer)
    response = client.post(url("scorecard-draft", loop.interview), {f"q{loop.q_comp.pk}": "wizard"})
    assert response.content.decode() == (
        '<span class="errors" data-save-failed="invalid">Not saved: a value was not one of the offered choices.</span>')
    assert Scorecard.objects.count() == 0


def test_refused_submission_shows_each_error_by_its_field_and_keeps_the_input(client, loop, interviewer):
    client.force_login(interviewer)
    response = client.post(url("scorecard", loop.interview),
                           form_data(loop, **{f"q{loop.q_code.pk}": None, "recommendation": "4",
                                              f"q{loop.q_comp.pk}-strengths": None}))
    html = response.content.decode()
    assert response.status_code == 400
    assert re.findall(r'<p class="errorlist" id="([^"]+)-error">([^<]+)</p>', html) == [
        (f"q{loop.q_code.pk}", "Rate “SQL test”."),
        ("recommendation", "A Strong Yes recommendation needs written evidence: note strengths or gaps on at least one answer."),
    ]
    assert "The scorecard was not submitted" in html
    assert 'value="exceeds" checked' in html and ">Solid mid-level analyst.</textarea>" in html
    assert Scorecard.objects.get().is_submitted is False


def test_refused_submission_keeps_the_draft_saved(client, loop, interviewer):
    client.force_login(interviewer)
    client.post(url("scorecard", loop.interview), form_data(loop, recommendation=None))
    scorecard = Scorecard.objects.get()
    assert (scorecard.is_submitted, scorecard.summary, scorecard.recommendation) == (
        False, "Solid mid-level analyst.", None)
    assert scorecard.answers.get(question=loop.q_code).choice == "meets"


def test_complete_submission_shows_the_scorecard_read_only_with_history(client, loop, interviewer):
    client.force_login(interviewer)
    response = client.post(url("scorecard", loop.interview), form_data(loop))
    assert response.status_code == 302
    html = client.get(url("scorecard", loop.interview)).content.decode()
    assert "Your submitted scorecard" in html and "<textarea name=\"summary\"" not in html
    assert "Revision 1 by Ian Interviewer" in html
    assert f"<td>{loop.q_code.title} <span class=\"muted\">(variant: With AI)</span></td>" in html


def test_amend_needs_a_reason_then_opens_a_draft_revision(client, loop, interviewer):
    client.force_login(interviewer)
    client.post(url("scorecard", loop.interview), form_data(loop))
    refused = client.post(url("scorecard-amend", loop.interview), {"reason": ""})
    assert refused.status_code == 400
    assert '<span class="errorlist" id="reason-error">This field is required.</span>' in refused.content.decode()
    client.post(url("scorecard-amend", loop.interview), {"reason": "Wrong candidate's notes"})
    html = client.get(url("scorecard", loop.interview)).content.decode()
    assert "You are amending this scorecard (revision 2). Reason: Wrong candidate&#x27;s notes" in html
    client.post(url("scorecard", loop.interview), form_data(loop, recommendation="2"))
    html = client.get(url("scorecard", loop.interview)).content.decode()
    assert "Reason for amending:</span> Wrong candidate&#x27;s notes" in html
    assert list(Scorecard.objects.order_by("revision").values_list("revision", "is_current")) == [(1, False), (2, True)]


PEER_TRACES = ["Petra Peer", "PEER-SUMMARY-TEXT", "PEER-STRENGTHS-TEXT"]


def test_no_interviewer_page_shows_peers_feedback_before_submitting(client, loop, interviewer, peer):
    peer_submits(loop, peer)
    client.force_login(interviewer)
    client.post(url("scorecard", loop.interview), form_data(loop, action="draft"))
    for page in [reverse("interviews:mine"), reverse("interviews:mine") + "?show=upcoming",
                 url("kit", loop.interview), url("scorecard", loop.interview)]:
        html = client.get(page).content.decode()
        assert [trace for trace in PEER_TRACES if trace in html] == [], page
    refused = client.post(url("scorecard", loop.interview), form_data(loop, recommendation=None)).content.decode()
    assert [trace for trace in PEER_TRACES if trace in refused] == []


def test_peers_feedback_appears_after_own_submission(client, loop, interviewer, peer):
    peer_submits(loop, peer)
    client.force_login(interviewer)
    client.post(url("scorecard", loop.interview), form_data(loop))
    html = client.get(url("scorecard", loop.interview)).content.decode()
    assert [trace for trace in PEER_TRACES if trace in html] == PEER_TRACES


def test_peers_draft_stays_hidden_after_own_submission(client, loop, interviewer, peer):
    scorecard = start_scorecard(interview=loop.interview, interviewer=peer)
    save_draft(scorecard=scorecard, draft=complete_draft(loop, summary="PEER-SUMMARY-TEXT"))
    client.force_login(interviewer)
    client.post(url("scorecard", loop.interview), form_data(loop))
    html = client.get(url("scorecard", loop.interview)).content.decode()
    assert "PEER-SUMMARY-TEXT" not in html and "No other interviewer has submitted yet." in html


def test_my_interviews_sorts_into_upcoming_due_overdue_and_submitted(client, loop, interviewer):
    now = timezone.now()
    loop.interview.scheduled_at = now - timedelta(hours=2)
    loop.interview.save(update_fields=["scheduled_at"])
    for hours, name in [(3, "Future Fay"), (-30, "Late Lou"), (-50, "Later Lee")]:
        application = ApplicationFactory(requisition=loop.requisition, stage=loop.stage, candidate__name=name)
        InterviewFactory(application=application, round=loop.round, target_level=loop.levels[1],
                         scheduled_at=now + timedelta(hours=hours), interviewers=[interviewer])
    client.force_login(interviewer)
    html = client.get(reverse("interviews:mine")).content.decode()
    assert re.findall(r'data-count="(\w+)">(\d+)<', html) == [
        ("due", "1"), ("overdue", "2"), ("upcoming", "1"), ("submitted", "0")]
    # Opens on the most urgent tab with work in it: overdue.
    assert re.findall(r"<td>([^<]+)</td>\s*<td>Technical", html) == ["Later Lee", "Late Lou"]
    due = client.get(reverse("interviews:mine") + "?show=due").content.decode()
    assert re.findall(r"<td>([^<]+)</td>\s*<td>Technical", due) == ["Casey Candidate"]


def test_my_interviews_opens_on_upcoming_when_only_upcoming_has_work(client, loop, interviewer):
    loop.interview.scheduled_at = timezone.now() + timedelta(days=2)
    loop.interview.save(update_fields=["scheduled_at"])
    client.force_login(interviewer)
    assert client.get(reverse("interviews:mine")).context["show"] == "upcoming"


def many_interviews(loop, interviewer, peer, count):
    """``count`` interviews for the interviewer, each with a submitted peer scorecard."""
    now = timezone.now()
    for n in range(count):
        application = ApplicationFactory(requisition=loop.requisition, stage=loop.stage)
        InterviewFactory(application=application, round=loop.round, target_level=loop.levels[1],
                         scheduled_at=now - timedelta(hours=30 + n), interviewers=[interviewer, peer])


def queries(client, path, method="get", data=None):
    clear_kit_cache()  # measure the worst case: the kit is loaded from the database
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data or {})
        assert response.status_code in (200, 302)
    return len(captured)


def test_my_interviews_query_count_does_not_grow_with_rows(client, loop, interviewer, peer, settings):
    client.force_login(interviewer)
    many_interviews(loop, interviewer, peer, 10)
    ten = queries(client, reverse("interviews:mine") + "?show=overdue")
    many_interviews(loop, interviewer, peer, 90)
    assert queries(client, reverse("interviews:mine") + "?show=overdue") == ten


def test_kit_and_scorecard_query_counts_do_not_grow_with_indicators_and_peers(client, loop, interviewer, make_user):
    from rubrics.models import Indicator
    client.force_login(interviewer)
    client.post(url("scorecard", loop.interview), form_data(loop))

    def add_peers(count, start):
        for n in range(start, start + count):
            other = make_user(f"peer{n}")
            loop.interview.interviewers.add(other)
            scorecard = start_scorecard(interview=loop.interview, interviewer=other)
            save_draft(scorecard=scorecard, draft=complete_draft(loop))
            submit_scorecard(scorecard=scorecard, by=other)

    add_peers(10, 0)
    counts = (queries(client, url("kit", loop.interview)), queries(client, url("scorecard", loop.interview)))
    add_peers(90, 10)
    Indicator.objects.bulk_create([Indicator(question=loop.q_comp, polarity="positive", text=f"I{n}", frozen=True)
                                   for n in range(90)])
    assert (queries(client, url("kit", loop.interview)), queries(client, url("scorecard", loop.interview))) == counts


def test_draft_form_query_count_does_not_grow_with_answers(client, loop, interviewer):
    from rubrics.models import CaseStudyPart
    client.force_login(interviewer)
    client.post(url("scorecard", loop.interview), form_data(loop, action="draft"))
    few = queries(client, url("scorecard", loop.interview))
    CaseStudyPart.objects.bulk_create([CaseStudyPart(question=loop.q_case, key=f"extra-{n}", title=f"Extra {n}",
                                                     focus="more", prompt="More?", order=10 + n, frozen=True)
                                       for n in range(90)])
    extra = {f"q{loop.q_case.pk}-p{p.pk}": "meets" for p in loop.q_case.parts.all()}
    client.post(url("scorecard", loop.interview), form_data(loop, action="draft", **extra))
    assert queries(client, url("scorecard", loop.interview)) == few


def test_kit_shows_the_base_task_and_the_variant_and_the_scorecard_names_the_variant(client, loop, interviewer):
    client.force_login(interviewer)
    kit = client.get(url("kit", loop.interview)).content.decode()
    assert "<h4>Task</h4><div class=\"prompt\"><p>Write the query.</p></div>" in kit
    assert "<h4>Variant instructions</h4><div><p>Use any assistant.</p></div>" in kit
    assert "<h4>Variant prompt</h4><div class=\"prompt\"><p>AI SQL prompt</p></div>" in kit
    form = client.get(url("scorecard", loop.interview)).content.decode()
    assert "<div class=\"prompt\"><p>Write the query.</p></div>" in form
    assert "<h3>Variant: With AI</h3>" in form


@pytest.mark.django_db
def test_kit_shows_lists_as_lists_guidance_and_the_target_levels_text(client, interviewer):
    from rubrics import models as rubrics
    loop = build_scored_round(interviewers=[interviewer], publish=False)
    role = loop.interview.round.stage.template.role
    rubrics.Role.objects.filter(pk=role.pk).update(guide="Take notes in the candidate's words.")
    stage = loop.interview.round.stage
    rubrics.Stage.objects.filter(pk=stage.pk).update(subtitle="Onsite day", description="Four rounds, one room.")
    rubrics.Round.objects.filter(pk=loop.interview.round_id).update(guidance="Start with the case study.")
    rubrics.Question.objects.filter(pk=loop.q_case.pk).update(
        success_criteria="A goal\nA design", level_rationale={"mid": "At Mid we expect a clear goal."})
    rubrics.CaseStudyPart.objects.filter(pk=loop.parts[0].pk).update(
        probes="What would you not measure?\nWho owns it?", level_notes={"mid": "Names a guardrail."})
    client.force_login(interviewer)
    html = client.get(url("kit", loop.interview)).content.decode()
    assert "<h2 id=\"guide\">Interviewer guide</h2>\n  <div><p>Take notes in the candidate&#x27;s words.</p></div>" in html
    assert "<h2 id=\"stage-guide\">Interviews: Onsite day</h2>" in html
    assert "<div><p>Start with the case study.</p></div>" in html
    assert "<h4>Success criteria</h4><ul><li>A goal</li><li>A design</li></ul>" in html
    assert "<strong>Why it matters at Mid:</strong> At Mid we expect a clear goal." in html
    assert "<em>What separates a strong answer at Mid:</em> Names a guardrail." in html
    assert "<ul><li>What would you not measure?</li><li>Who owns it?</li></ul>" in html
