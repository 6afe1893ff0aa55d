from decimal import Decimal

import pytest
from django.urls import reverse

from rubrics.builder.services import suggested_proficiencies, unique_key
from rubrics.kits.services import publish_role
from rubrics.models import Competency, Expectation, Indicator, LoopTemplate, Role, ScoringAnchor
from tests.factories import RoleFactory

LEVELS = ["Junior", "Mid", "Senior", "Principal"]


def role_data():
    data = {"title": "Data Analyst", "summary": "", "scale_min": "1", "scale_max": "5"}
    for i in range(1, 7):
        data[f"level_{i}"] = LEVELS[i - 1] if i <= 4 else ""
        data[f"level_{i}_title"] = ""
    return data


def framework_data(role, names=("SQL", "Ownership")):
    data = {"discipline": "Core"}
    levels = list(role.levels.order_by("rank"))
    for b in range(1, 4):
        name = names[b - 1] if b <= len(names) else ""
        data[f"c{b}_name"], data[f"c{b}_description"] = name, ""
        for level, proficiency in zip(levels, ("2", "3", "4", "5"), strict=True):
            data[f"c{b}_{level.pk}_behaviour"] = f"{name} as a {level.name}." if name else ""
            data[f"c{b}_{level.pk}_proficiency"] = proficiency
    return data


def build(client) -> Role:
    client.post(reverse("rubrics:build-role"), role_data())
    role = Role.objects.get(title="Data Analyst")
    client.post(reverse("rubrics:build-framework", args=[role.pk]), framework_data(role))
    sql, ownership = role.competencies.get(name="SQL"), role.competencies.get(name="Ownership")
    # Without a decision rule every level needs both competencies, so the question evidences both.
    client.post(reverse("rubrics:build-question", args=[role.pk]), {
        "kind": "competency", "title": "Query design", "prompt": "Find the churned customers.",
        "competencies": [sql.pk, ownership.pk], "positive": "Uses window functions\nChecks edge cases", "negative": "Guesses",
        "below": "Cannot write a join.", "meets": "Correct query.", "exceeds": "Correct and fast."})
    question = role.questions.get()
    response = client.post(reverse("rubrics:build-loop", args=[role.pk]), {
        "name": "Data Analyst loop", "screens": "on", "r1_name": "Technical", "r1_duration": "60",
        "r1_questions": [question.pk], "r2_name": "", "r2_duration": "45"})
    assert response.status_code == 302
    assert response.url == reverse("rubrics:loop", args=[LoopTemplate.objects.get(role=role).pk])
    return role


@pytest.mark.django_db
def test_four_posts_build_a_role_that_publishes(client, recruiter):
    client.force_login(recruiter)
    role = build(client)
    assert list(role.levels.order_by("rank").values_list("key", "name")) == [
        ("junior", "Junior"), ("mid", "Mid"), ("senior", "Senior"), ("principal", "Principal")]
    assert sorted(Expectation.objects.filter(competency__role=role).values_list(
        "competency__key", "level__key", "proficiency")) == sorted(
        (c, lv, Decimal(p)) for c in ("ownership", "sql")
        for lv, p in zip(("junior", "mid", "senior", "principal"), ("2", "3", "4", "5"), strict=True))
    question = role.questions.get()
    assert (question.key, list(question.competencies.values_list("key", flat=True))) == (
        "query-design", ["sql", "ownership"])
    assert list(Indicator.objects.filter(question=question).values_list("polarity", "text")) == [
        ("negative", "Guesses"), ("positive", "Uses window functions"), ("positive", "Checks edge cases")]
    assert dict(ScoringAnchor.objects.filter(question=question).values_list("rating", "text")) == {
        "below": "Cannot write a join.", "meets": "Correct query.", "exceeds": "Correct and fast."}
    loop = LoopTemplate.objects.get(role=role)
    assert list(loop.stages.values_list("kind", flat=True)) == ["application_screen", "resume_screen", "interviews"]
    technical = loop.stages.get(kind="interviews").rounds.get()
    assert (technical.name, technical.duration_minutes, list(technical.covers.values_list("key", flat=True))) == (
        "Technical", 60, ["sql", "ownership"])
    version = publish_role(role=role, by=recruiter)
    assert (version.version, version.levels.count(), version.loop_templates.get().stages.count()) == (1, 4, 3)


@pytest.mark.django_db
def test_pickers_offer_only_the_roles_own_items(client, recruiter):
    client.force_login(recruiter)
    other = RoleFactory(title="Engineer")
    Competency.objects.create(role=other, discipline=other.disciplines.create(key="d", name="D"), key="ownership",
                              name="Ownership")
    client.post(reverse("rubrics:build-role"), role_data())
    role = Role.objects.get(title="Data Analyst")
    client.post(reverse("rubrics:build-framework", args=[role.pk]), framework_data(role))
    form = client.get(reverse("rubrics:build-question", args=[role.pk])).context["form"]
    assert [c.name for c in form.fields["competencies"].queryset] == ["SQL", "Ownership"]
    foreign = Competency.objects.get(role=other)
    response = client.post(reverse("rubrics:build-question", args=[role.pk]), {
        "kind": "competency", "title": "Q", "prompt": "P", "competencies": [foreign.pk]})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["competencies"]


@pytest.mark.django_db
def test_a_named_competency_needs_every_level_described(client, recruiter):
    client.force_login(recruiter)
    client.post(reverse("rubrics:build-role"), role_data())
    role = Role.objects.get(title="Data Analyst")
    data = framework_data(role, names=("SQL",))
    mid = role.levels.get(key="mid")
    data[f"c1_{mid.pk}_behaviour"] = " "
    response = client.post(reverse("rubrics:build-framework", args=[role.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {f"c1_{mid.pk}_behaviour": ["Say what Mid looks like."]}
    assert role.competencies.count() == 0


@pytest.mark.django_db
def test_role_form_refuses_repeated_level_names(client, recruiter):
    client.force_login(recruiter)
    data = role_data() | {"level_2": "junior"}
    response = client.post(reverse("rubrics:build-role"), data)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["Each level needs its own name."]
    assert Role.objects.count() == 0


@pytest.mark.django_db
def test_a_published_version_is_not_built_on(client, recruiter):
    client.force_login(recruiter)
    version = publish_role(role=build(client), by=recruiter)
    assert client.get(reverse("rubrics:build-question", args=[version.pk])).status_code == 404


def test_keys_are_made_unique_and_proficiencies_spread_over_the_scale():
    assert unique_key("Ownership", {"ownership", "ownership-2"}, "c") == "ownership-3"
    assert unique_key("!!!", set(), "competency") == "competency"
    assert suggested_proficiencies(scale_min=Decimal(1), scale_max=Decimal(5), levels=4) == [
        Decimal("2.0"), Decimal("3.0"), Decimal("4.0"), Decimal("5.0")]
    assert suggested_proficiencies(scale_min=Decimal(1), scale_max=Decimal(5), levels=3) == [
        Decimal("2.0"), Decimal("3.5"), Decimal("5.0")]


@pytest.mark.django_db
def test_interviewers_cannot_build(client, interviewer):
    client.force_login(interviewer)
    assert client.get(reverse("rubrics:build-role")).status_code == 403


@pytest.mark.django_db
def test_each_screen_goes_on_to_the_next_and_save_and_add_more_comes_back(client, recruiter):
    client.force_login(recruiter)
    created = client.post(reverse("rubrics:build-role"), role_data())
    role = Role.objects.get(title="Data Analyst")
    framework, question = (reverse(name, args=[role.pk]) for name in ("rubrics:build-framework", "rubrics:build-question"))
    assert created.url == framework
    assert client.post(framework, {**framework_data(role, names=("SQL",)), "more": "1"}).url == framework
    assert client.post(framework, framework_data(role, names=("Ownership",))).url == question
    sql = role.competencies.get(name="SQL")
    data = {"kind": "competency", "title": "Query design", "prompt": "Find the churned customers.",
            "competencies": [sql.pk], "positive": "Uses window functions", "negative": "Guesses",
            "below": "Cannot write a join.", "meets": "Correct query.", "exceeds": "Correct and fast."}
    assert client.post(question, {**data, "more": "1"}).url == question
    assert client.post(question, {**data, "title": "Cohorts"}).url == reverse("rubrics:build-loop", args=[role.pk])
    assert list(role.competencies.order_by("order", "pk").values_list("name", flat=True)) == ["SQL", "Ownership"]
    assert list(role.questions.order_by("order", "pk").values_list("title", flat=True)) == ["Query design", "Cohorts"]
