import pytest
from django.urls import reverse

from interviews.models import AuditEntry, Requisition
from tests.factories import ApplicationFactory, UserFactory, published_loop


def form_data(loop, hiring_manager, recruiter, **changes):
    data = {"title": "Data Scientist, Lisbon", "loop": loop.loop.pk, "target_levels": ["mid", "senior"],
            "openings": 2, "hiring_manager": hiring_manager.pk, "recruiter": recruiter.pk,
            "job_description": "Design experiments.", "resume_reviews_required": 2, "resume_advance_at": "3.00"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_recruiter_opens_a_requisition_with_each_level_once_and_people_by_name(client, recruiter, hiring_manager,
                                                                              loop):
    published_loop()  # a second role version with the same level names
    client.force_login(recruiter)
    page = client.get(reverse("interviews:requisition-create"))
    form = page.context["form"]
    assert form.fields["target_levels"].choices == [("junior", "Junior"), ("mid", "Mid"), ("senior", "Senior")]
    assert [form.fields["hiring_manager"].label_from_instance(u) for u in form.fields["hiring_manager"].queryset] == [
        "Hana Manager"]
    assert form["recruiter"].value() == recruiter.pk
    response = client.post(reverse("interviews:requisition-create"), form_data(loop, hiring_manager, recruiter))
    requisition = Requisition.objects.get(title="Data Scientist, Lisbon")
    assert response.url == reverse("interviews:pipeline", args=[requisition.pk])
    assert (requisition.loop, requisition.role, requisition.openings, requisition.resume_reviews_required) == (
        loop.loop, loop.loop.role, 2, 2)
    assert list(requisition.target_levels.order_by("rank")) == loop.levels[1:]
    assert AuditEntry.objects.get(action="requisition.opened").data["target_levels"] == ["mid", "senior"]


@pytest.mark.django_db
def test_levels_the_chosen_version_lacks_are_refused(client, recruiter, hiring_manager, loop):
    other = published_loop()
    other.levels[2].delete()
    client.force_login(recruiter)
    response = client.post(reverse("interviews:requisition-create"),
                           form_data(other, hiring_manager, recruiter, target_levels=["mid", "senior"]))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "target_levels": ["Data Scientist, version 1: Data Scientist loop has no level Senior."]}
    assert Requisition.objects.count() == 0


@pytest.mark.django_db
def test_hiring_manager_must_be_in_the_group(client, recruiter, loop):
    client.force_login(recruiter)
    response = client.post(reverse("interviews:requisition-create"),
                           form_data(loop, UserFactory(), recruiter))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["hiring_manager"]


@pytest.mark.django_db
def test_edit_keeps_the_loop_once_candidates_applied(client, recruiter, hiring_manager, requisition, loop):
    ApplicationFactory(requisition=requisition)
    other = published_loop()
    client.force_login(recruiter)
    form = client.get(reverse("interviews:requisition-edit", args=[requisition.pk])).context["form"]
    assert (form.fields["loop"].disabled, form["target_levels"].value()) == (True, ["mid", "senior"])
    response = client.post(reverse("interviews:requisition-edit", args=[requisition.pk]),
                           form_data(other, hiring_manager, recruiter, target_levels=["senior"], title="Renamed"))
    requisition.refresh_from_db()
    assert response.status_code == 302
    assert (requisition.title, requisition.loop, list(requisition.target_levels.all())) == (
        "Renamed", loop.loop, [loop.levels[2]])


@pytest.mark.django_db
def test_close_then_reopen_with_reasons(client, recruiter, requisition):
    client.force_login(recruiter)
    url = reverse("interviews:requisition-close", args=[requisition.pk])
    assert client.post(url, {"reason": " "}).status_code == 400
    client.post(url, {"reason": "Budget frozen"})
    assert Requisition.objects.get(pk=requisition.pk).status == "closed"
    assert "Reopen the requisition" in client.get(url).content.decode()
    client.post(url, {"reason": "Budget back"})
    assert Requisition.objects.get(pk=requisition.pk).status == "open"
    assert list(AuditEntry.objects.values_list("action", "data__reason").order_by("pk")) == [
        ("requisition.closed", "Budget frozen"), ("requisition.reopened", "Budget back")]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["hiring_manager", "interviewer"])
def test_only_recruiters_open_edit_or_close(request, client, requisition, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("interviews:requisition-create")).status_code == 403
    assert client.get(reverse("interviews:requisition-edit", args=[requisition.pk])).status_code in (403, 404)
    assert client.post(reverse("interviews:requisition-close", args=[requisition.pk]),
                       {"reason": "x"}).status_code in (403, 404)
    assert Requisition.objects.get(pk=requisition.pk).status == "open"


@pytest.mark.django_db
def test_another_recruiter_cannot_edit(client, requisition, make_user):
    client.force_login(make_user("rob", "Recruiter", is_staff=True))
    assert client.get(reverse("interviews:requisition-edit", args=[requisition.pk])).status_code == 404


@pytest.mark.django_db
def test_only_an_admin_changes_who_manages_or_recruits(client, recruiter, hiring_manager, requisition, loop,
                                                       make_user):
    other_manager = make_user("hugo", "Hiring manager")
    url = reverse("interviews:requisition-edit", args=[requisition.pk])
    client.force_login(recruiter)
    response = client.post(url, form_data(loop, other_manager, recruiter))
    assert response.status_code == 400
    assert response.context["form"].errors["hiring_manager"] == [
        "Only an administrator changes who recruits for or manages a requisition."]
    assert Requisition.objects.get(pk=requisition.pk).hiring_manager == requisition.hiring_manager
    client.force_login(make_user("sue", is_superuser=True, is_staff=True))
    assert client.post(url, form_data(loop, other_manager, recruiter)).status_code == 302
    assert Requisition.objects.get(pk=requisition.pk).hiring_manager == other_manager
    assert AuditEntry.objects.filter(action="requisition.changed").values_list(
        "data__hiring_manager", flat=True).get() == other_manager.pk
