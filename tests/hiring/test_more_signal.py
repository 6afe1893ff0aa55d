import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hiring.models import Decision
from hiring.packets import context, next_step
from hiring.services.decisions import request_more_signal
from interviews.models import Interview
from tests.hiring.loop import make_application, rate


@pytest.fixture
def application(loop):
    loop.rounds[1].covers.set([loop.competencies[2]])
    loop.questions[2].competencies.set([loop.competencies[1], loop.competencies[2]])
    return make_application(loop, "Mary Jackson")


def level(packet, name):
    return next(lv for lv in packet["levels"] if lv["name"] == name)


@pytest.mark.django_db
def test_not_enough_evidence_names_the_missing_competencies_and_the_rounds_that_evidence_them(application, loop):
    mid = level(context.build(application.pk), "Mid")
    assert mid["verdict"] == "not enough evidence"
    assert mid["missing"] == ["Skill 0", "Skill 1", "Skill 2"]
    assert mid["rounds"] == [
        {"pk": loop.rounds[1].pk, "name": "Round 2", "evidences": ["Skill 2"]},
        {"pk": loop.rounds[2].pk, "name": "Round 3", "evidences": ["Skill 1", "Skill 2"]},
    ]


@pytest.mark.django_db
def test_a_round_already_held_is_not_offered_again(application, loop, make_user):
    rate(loop, application, make_user("ivy"), [3, 3, 3], round_index=2)
    mid = level(context.build(application.pk), "Mid")
    assert [r["name"] for r in mid["rounds"]] == ["Round 2"]


@pytest.mark.django_db
def test_packet_offers_the_hiring_manager_a_button_per_round(client, application, loop, hiring_manager, recruiter):
    client.force_login(hiring_manager)
    html = client.get(reverse("hiring:packet", args=[application.pk])).content.decode()
    url = reverse("hiring:request-signal", args=[application.pk, loop.rounds[2].pk])
    assert f'href="{url}">Request more signal: Round 3</a>' in html
    client.force_login(recruiter)
    assert "Request more signal" not in client.get(reverse("hiring:packet", args=[application.pk])).content.decode()


@pytest.mark.django_db
def test_requesting_more_signal_records_the_decision_and_assigns_the_round(client, application, loop,
                                                                           hiring_manager, interviewer):
    client.force_login(hiring_manager)
    url = reverse("hiring:request-signal", args=[application.pk, loop.rounds[2].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"interviewers": [interviewer.pk], "target_level": loop.levels[1].pk,
                                 "rationale": "Skill 2 is unassessed."})
    assert response.url == reverse("hiring:packet", args=[application.pk])
    assert list(Decision.objects.values_list("outcome", "rationale")) == [("more_signal", "Skill 2 is unassessed.")]
    interview = Interview.objects.get()
    assert (interview.round, list(interview.interviewers.all()), interview.target_level) == (
        loop.rounds[2], [interviewer], loop.levels[1])


@pytest.mark.django_db
def test_more_signal_on_a_held_round_is_refused_and_nothing_recorded(application, loop, hiring_manager,
                                                                     interviewer, make_user):
    rate(loop, application, make_user("ivy"), [3, 3, 3], round_index=2)
    with pytest.raises(ValidationError, match="This round was already held for this candidate"):
        request_more_signal(application=application, round=loop.rounds[2], interviewers=[interviewer],
                            target_level=loop.levels[1], by=hiring_manager, rationale="More")
    assert Decision.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", [("recruiter", 403), ("interviewer", 404)])  # an outsider: 404
def test_only_the_hiring_manager_requests_more_signal(request, client, application, loop, who, status):
    client.force_login(request.getfixturevalue(who))
    url = reverse("hiring:request-signal", args=[application.pk, loop.rounds[2].pk])
    assert client.get(url).status_code == status


@pytest.mark.django_db
def test_the_engines_next_step_picks_the_competency_and_so_the_rounds(application, loop):
    rows = [{"verdict": "not enough evidence", "checks": [], "unassessed": ["Skill 0", "Skill 1", "Skill 2"],
             "next": {"label": "Skill 1", "text": "Nobody has rated Skill 1 yet."}},
            {"verdict": "not enough evidence", "checks": [], "unassessed": ["Skill 0", "Skill 2"],
             "next": {"label": "Skill 0", "text": "Nobody has rated Skill 0 yet."}}]
    next_step.next_steps(application_id=application.pk, loop_id=loop.requisition.loop_id, level_rows=rows)
    assert [(row["missing"], row["rounds"]) for row in rows] == [
        (["Skill 1"], [{"pk": loop.rounds[2].pk, "name": "Round 3", "evidences": ["Skill 1"]}]),
        # no round left evidences Skill 0: every competency the level lacks is offered instead
        (["Skill 0", "Skill 2"], [{"pk": loop.rounds[1].pk, "name": "Round 2", "evidences": ["Skill 2"]},
                                  {"pk": loop.rounds[2].pk, "name": "Round 3", "evidences": ["Skill 2"]}]),
    ]
