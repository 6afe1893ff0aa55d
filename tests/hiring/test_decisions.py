import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hiring.models import Decision
from hiring.services.decisions import record_decision
from interviews.models import Application, AuditEntry, Requisition
from tests.factories import LevelFactory
from tests.hiring.loop import make_application


@pytest.fixture
def application(loop):
    return make_application(loop, "Katherine Johnson")


@pytest.mark.django_db
def test_record_decision_stores_and_audits_a_hire_at_a_level(application, loop, hiring_manager):
    decision = record_decision(application=application, by=hiring_manager, outcome="hire", level=loop.levels[1],
                               rationale="  Strong on every competency at Mid.  ")
    assert (decision.outcome, decision.level, decision.rationale) == ("hire", loop.levels[1],
                                                                      "Strong on every competency at Mid.")
    entry = AuditEntry.objects.get(action="decision.recorded")
    assert (entry.actor, entry.target_id, entry.data) == (
        hiring_manager, application.pk, {"decision": decision.pk, "outcome": "hire", "level": "mid"})


@pytest.mark.django_db
def test_hire_level_must_be_one_of_the_roles_levels(application, hiring_manager):
    foreign = LevelFactory()
    with pytest.raises(ValidationError) as error:
        record_decision(application=application, by=hiring_manager, outcome="hire", level=foreign, rationale="x")
    assert error.value.message_dict == {"level": ["The level is not one of the role's levels."]}
    assert Decision.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("outcome, level, rationale, errors", [
    ("hire", None, "ok", {"level": ["Choose the level to hire at."]}),
    ("no_hire", 0, "ok", {"level": ["Only a hire has a level."]}),
    ("more_signal", None, "  ", {"rationale": ["Give the rationale for the decision."]}),
])
def test_invalid_decisions_are_refused(application, loop, hiring_manager, outcome, level, rationale, errors):
    with pytest.raises(ValidationError) as error:
        record_decision(application=application, by=hiring_manager, outcome=outcome,
                        level=None if level is None else loop.levels[level], rationale=rationale)
    assert error.value.message_dict == errors
    assert AuditEntry.objects.filter(action="decision.recorded").count() == 0


@pytest.mark.django_db
def test_only_the_hiring_manager_records_the_decision(application, recruiter):
    with pytest.raises(ValidationError) as error:
        record_decision(application=application, by=recruiter, outcome="no_hire", rationale="x")
    assert error.value.messages == ["Only the requisition's hiring manager records its decision."]


@pytest.mark.django_db
def test_decision_form_records_and_packet_shows_the_history(client, application, loop, hiring_manager):
    client.force_login(hiring_manager)
    url = reverse("hiring:decide", args=[application.pk])
    client.post(url, {"outcome": "more_signal", "rationale": "Need a system design round."})
    response = client.post(url, {"outcome": "hire", "level": loop.levels[2].pk, "rationale": "Convincing."},
                           follow=True)
    assert response.redirect_chain == [(reverse("interviews:application", args=[application.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Recorded: More signal needed. Katherine Johnson is now active.",
        "Recorded: Hire at Senior. Katherine Johnson is now hired."]
    assert list(Decision.objects.values_list("outcome", "level__key", "decided_by__username")) == [
        ("hire", "senior", "hana"), ("more_signal", None, "hana")]
    page = client.get(reverse("hiring:packet", args=[application.pk])).content.decode()
    assert page.index("Hire at Senior") < page.index("More signal needed")


@pytest.mark.django_db
def test_decision_form_without_rationale_rerenders_with_the_error(client, application, hiring_manager):
    client.force_login(hiring_manager)
    response = client.post(reverse("hiring:decide", args=[application.pk]), {"outcome": "no_hire"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Decision.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", [("recruiter", 403), ("interviewer", 404), ("outsider", 404),
                                         ("anonymous", 302)])
def test_only_the_hiring_manager_may_post_a_decision(request, client, application, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("hiring:decide", args=[application.pk]),
                           {"outcome": "no_hire", "rationale": "No."})
    assert response.status_code == status
    assert Decision.objects.count() == 0


@pytest.mark.django_db
def test_hiring_manager_of_another_requisition_cannot_decide(client, application, make_user):
    from accounts.access import HIRING_MANAGER

    client.force_login(make_user("otto", HIRING_MANAGER))
    response = client.post(reverse("hiring:decide", args=[application.pk]),
                           {"outcome": "no_hire", "rationale": "No."})
    assert response.status_code == 404  # not theirs to know about


@pytest.mark.django_db
def test_hire_decision_moves_the_application_to_hired_and_fills_the_opening(application, loop, hiring_manager):
    record_decision(application=application, by=hiring_manager, outcome="hire", level=loop.levels[1],
                    rationale="Meets Mid on every competency.")
    application.refresh_from_db()
    assert (application.status, application.hired_level) == ("hired", loop.levels[1])
    assert list(application.stage_changes.values_list("status", "by", "reason")) == [
        ("hired", hiring_manager.pk, "Hire at Mid: Meets Mid on every competency.")]
    assert Requisition.objects.get(pk=loop.requisition.pk).status == "closed"


@pytest.mark.django_db
def test_no_hire_decision_rejects_with_the_rationale(application, hiring_manager):
    record_decision(application=application, by=hiring_manager, outcome="no_hire", rationale="Below the bar on SQL.")
    application.refresh_from_db()
    assert application.status == "rejected"
    assert list(application.stage_changes.values_list("status", "reason")) == [
        ("rejected", "No hire: Below the bar on SQL.")]


@pytest.mark.django_db
def test_more_signal_leaves_the_application_where_it_is(application, hiring_manager):
    record_decision(application=application, by=hiring_manager, outcome="more_signal", rationale="One more round.")
    application.refresh_from_db()
    assert (application.status, application.stage_changes.count()) == ("active", 0)


@pytest.mark.django_db
def test_hire_level_must_be_a_target_level_of_the_requisition(application, loop, hiring_manager):
    loop.requisition.target_levels.set(loop.levels[1:2])
    with pytest.raises(ValidationError) as error:
        record_decision(application=application, by=hiring_manager, outcome="hire", level=loop.levels[2],
                        rationale="x")
    assert error.value.message_dict == {"level": ["Choose one of the requisition's target levels."]}
    assert (Decision.objects.count(), Application.objects.get(pk=application.pk).status) == (0, "active")


@pytest.mark.django_db
def test_no_decision_once_the_application_left_the_pipeline(application, hiring_manager):
    record_decision(application=application, by=hiring_manager, outcome="no_hire", rationale="No.")
    with pytest.raises(ValidationError) as error:
        record_decision(application=application, by=hiring_manager, outcome="more_signal", rationale="Wait.")
    assert error.value.messages == [
        "The application is already rejected: a decision is recorded while it is in the pipeline."]
    assert Decision.objects.count() == 1


@pytest.mark.django_db
def test_decision_form_offers_the_target_levels_and_preselects_no_outcome(client, application, loop,
                                                                          hiring_manager):
    loop.requisition.target_levels.set(loop.levels[1:])
    client.force_login(hiring_manager)
    form = client.get(reverse("hiring:packet", args=[application.pk])).context["form"]
    assert [label for _, label in form.fields["level"].choices] == ["Mid", "Senior"]
    assert (form["outcome"].value(), form["level"].value()) == (None, None)
    html = str(form["outcome"])
    assert "checked" not in html
