import pytest
from django.urls import reverse

from tests.rubrics.conftest import build_role_of_size


def cells(response) -> list:
    return [
        (group.discipline.name, row.competency.name,
         [(cell.behaviour, str(cell.proficiency)) if cell else None for cell in row.cells])
        for group in response.context["groups"] for row in group.rows
    ]


@pytest.mark.django_db
def test_matrix_shows_each_cell_and_marks_the_missing_one(client, recruiter, built_role):
    client.force_login(recruiter)
    response = client.get(reverse("rubrics:matrix", args=[built_role.pk]))
    assert response.status_code == 200
    assert [level.name for level in response.context["levels"]] == ["Junior", "Senior"]
    assert cells(response) == [
        ("Analysis", "Experiment design", [("Designs a simple A/B test with help.", "2.0"),
                                           ("Designs experiments for a product area.", "4.0")]),
        ("Analysis", "SQL", [("Writes joins and aggregations.", "2.5"), None]),
    ]
    assert response.context["missing"] == 1
    html = response.content.decode()
    assert html.count('<td class="missing">') == 1
    assert (
        '<td><p class="behaviour">Writes joins and aggregations.</p><p class="proficiency">Proficiency 2.5</p></td>'
        in html
    )
    assert '<th scope="rowgroup" colspan="3" class="group">Analysis</th>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["interviewer", "hiring_manager", "outsider"])
def test_matrix_is_forbidden_to_non_recruiters(request, client, built_role, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("rubrics:matrix", args=[built_role.pk]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_matrix_sends_anonymous_visitors_to_log_in(client, built_role):
    url = reverse("rubrics:matrix", args=[built_role.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
def test_matrix_of_an_unknown_role_is_not_found(client, recruiter):
    client.force_login(recruiter)
    assert client.get(reverse("rubrics:matrix", args=[999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 6])
def test_matrix_costs_the_same_queries_at_any_size(client, recruiter, django_assert_num_queries, size):
    role = build_role_of_size(size)
    client.force_login(recruiter)
    with django_assert_num_queries(MATRIX_QUERIES):
        response = client.get(reverse("rubrics:matrix", args=[role.pk]))
    assert sum(len(group.rows) for group in response.context["groups"]) == size


# session, user, user's groups (recruiter check), role, levels, disciplines, competencies,
# expectations, and the nav's two permission lookups.
MATRIX_QUERIES = 10
