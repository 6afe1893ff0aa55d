import pytest
from django.urls import reverse

from rubrics.context import ROLES_PER_PAGE
from rubrics.models import Role
from tests import factories as f
from tests.rubrics.conftest import freeze


def published_version(draft: Role, number: int) -> Role:
    version = f.RoleFactory(key=draft.key + f"-v{number}", title=draft.title, published_from=draft, version=number)
    f.LoopTemplateFactory(role=version, name="Standard loop")
    return freeze(version)


@pytest.mark.django_db
def test_index_lists_draft_roles_with_their_loops_and_published_versions(client, recruiter, built_role):
    published_version(built_role, 1)
    published_version(built_role, 2)
    client.force_login(recruiter)
    response = client.get(reverse("rubrics:index"))
    assert response.status_code == 200
    assert [
        (role.title, [t.name for t in role.loop_templates.all()],
         [(v.version, [t.name for t in v.loop_templates.all()]) for v in role.versions.all()])
        for role in response.context["page"].object_list
    ] == [("Data Scientist", ["Standard loop"], [(2, ["Standard loop"]), (1, ["Standard loop"])])]
    html = response.content.decode()
    assert f'<a href="{reverse("rubrics:matrix", args=[built_role.pk])}">Progression matrix</a>' in html
    loop = built_role.loop_templates.get()
    assert f'<a href="{reverse("rubrics:loop", args=[loop.pk])}">Loop overview: Standard loop</a>' in html


@pytest.mark.django_db
def test_index_is_paginated(client, recruiter):
    for number in range(ROLES_PER_PAGE + 1):
        f.RoleFactory(title=f"Role {number:02}")
    client.force_login(recruiter)
    response = client.get(reverse("rubrics:index"), {"page": 2})
    assert [role.title for role in response.context["page"].object_list] == [f"Role {ROLES_PER_PAGE:02}"]
    assert "Page 2 of 2" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("roles", [1, 4])
def test_index_costs_the_same_queries_at_any_size(client, recruiter, django_assert_num_queries, roles):
    for _ in range(roles):
        published_version(f.LoopTemplateFactory().role, 1)
    client.force_login(recruiter)
    # session, user, groups, count, page, loops, versions, versions' loops, nav permissions (2)
    with django_assert_num_queries(10):
        client.get(reverse("rubrics:index"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["interviewer", "hiring_manager", "outsider"])
def test_index_is_forbidden_to_non_recruiters(request, client, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("rubrics:index")).status_code == 403


@pytest.mark.django_db
def test_index_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("rubrics:index"))
    assert response.url == f"{reverse('login')}?next={reverse('rubrics:index')}"


@pytest.mark.django_db
def test_nav_links_recruiters_to_rubrics(client, recruiter, interviewer):
    link = f'<li><a href="{reverse("rubrics:index")}">Rubrics</a></li>'
    client.force_login(recruiter)
    assert link in client.get(reverse("home")).content.decode()
    client.force_login(interviewer)
    assert link not in client.get(reverse("home")).content.decode()
