"""What the admin refuses: editing published versions, bad knockout options, links across roles."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from rubrics.models import KnockoutOption, Question, QuestionKind, Role
from tests import factories as f
from tests.rubrics.conftest import freeze

INLINE_PREFIXES = ["options", "variants", "indicators", "anchors", "scenario_roles", "parts"]


def question_post(role, kind: str, options: list[tuple[str, str]]) -> dict:
    data = {"role": role.pk, "kind": kind, "key": "work-permit", "title": "Work permit",
            "prompt": "Do you hold a work permit for the EU?", "order": 0}
    for prefix in INLINE_PREFIXES:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    data["options-TOTAL_FORMS"] = len(options)
    for index, (text, outcome) in enumerate(options):
        data |= {f"options-{index}-text": text, f"options-{index}-outcome": outcome,
                 f"options-{index}-order": index}
    return data


def knockout_errors(response) -> list[str]:
    [options] = [inline for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == "options"]
    return options.formset.non_form_errors()


@pytest.fixture
def logged_in(client, recruiter):
    client.force_login(recruiter)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("options", "error"), [
    ([("Yes", "qualifies")], "A knockout question needs at least two options."),
    ([("Yes", "auto_decline"), ("No", "auto_decline")],
     "A knockout question needs at least one option that qualifies."),
])
def test_knockout_question_with_bad_options_is_refused(logged_in, options, error):
    role = f.RoleFactory()
    response = logged_in.post(reverse("admin:rubrics_question_add"), question_post(role, "knockout", options))
    assert response.status_code == 200
    assert knockout_errors(response) == [error]
    assert Question.objects.count() == 0


@pytest.mark.django_db
def test_knockout_question_with_a_qualifying_option_is_saved(logged_in):
    role = f.RoleFactory()
    data = question_post(role, "knockout", [("Yes", "qualifies"), ("No", "auto_decline")])
    response = logged_in.post(reverse("admin:rubrics_question_add"), data)
    assert response.status_code == 302
    assert list(KnockoutOption.objects.values_list("text", "outcome")) == [
        ("Yes", "qualifies"), ("No", "auto_decline"),
    ]


@pytest.mark.django_db
def test_other_kinds_need_no_knockout_options(logged_in):
    role = f.RoleFactory()
    response = logged_in.post(reverse("admin:rubrics_question_add"), question_post(role, "competency", []))
    assert response.status_code == 302
    assert Question.objects.get().kind == QuestionKind.COMPETENCY


@pytest.mark.django_db
def test_question_cannot_evidence_another_roles_competency(logged_in):
    role = f.RoleFactory()
    foreign = f.CompetencyFactory(name="Negotiation")
    data = question_post(role, "competency", []) | {"competencies": [foreign.pk]}
    response = logged_in.post(reverse("admin:rubrics_question_add") + f"?role={role.pk}", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["competencies"] == [
        f"Select a valid choice. {foreign.pk} is not one of the available choices."
    ]


@pytest.mark.django_db
def test_question_form_offers_only_its_roles_draft_competencies(logged_in):
    role = f.RoleFactory()
    own = f.CompetencyFactory(discipline__role=role)
    f.CompetencyFactory()
    freeze(f.CompetencyFactory(discipline__role=role))
    question = f.QuestionFactory(role=role)
    response = logged_in.get(reverse("admin:rubrics_question_change", args=[question.pk]))
    form = response.context["adminform"].form
    assert list(form.fields["competencies"].queryset) == [own]
    assert list(form.fields["role"].queryset) == [role]


@pytest.mark.django_db
def test_published_role_opens_read_only(logged_in):
    role = freeze(f.RoleFactory())
    url = reverse("admin:rubrics_role_change", args=[role.pk])
    response = logged_in.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert b'name="_save"' not in response.content
    assert b'name="_continue"' not in response.content


@pytest.mark.django_db
def test_changing_a_published_row_is_refused(logged_in):
    role = freeze(f.RoleFactory(title="Analyst"))
    response = logged_in.post(reverse("admin:rubrics_role_change", args=[role.pk]), {"title": "Changed"})
    assert response.status_code == 403
    role.refresh_from_db()
    assert role.title == "Analyst"


@pytest.mark.django_db
def test_deleting_a_published_row_is_refused(logged_in):
    question = freeze(f.QuestionFactory())
    response = logged_in.post(reverse("admin:rubrics_question_delete", args=[question.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.mark.django_db
def test_bulk_delete_refuses_a_selection_with_published_rows(logged_in):
    draft, published = f.RoleFactory(), freeze(f.RoleFactory())
    response = logged_in.post(reverse("admin:rubrics_role_changelist"), {
        "action": "delete_selected", "_selected_action": [draft.pk, published.pk], "post": "yes",
    })
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Published versions cannot be deleted. Select draft rows only."
    ]
    assert Role.objects.count() == 2


@pytest.mark.django_db
def test_bulk_delete_of_drafts_still_works(logged_in):
    draft = f.RoleFactory()
    logged_in.post(reverse("admin:rubrics_role_changelist"), {
        "action": "delete_selected", "_selected_action": [draft.pk], "post": "yes",
    })
    assert Role.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "expected"), [("draft", ["Draft"]), ("published", ["Published"]), ("", None)])
def test_status_filter_separates_drafts_from_published(logged_in, status, expected):
    f.RoleFactory(title="Draft")
    freeze(f.RoleFactory(title="Published"))
    query = f"?status={status}" if status else ""
    response = logged_in.get(reverse("admin:rubrics_role_changelist") + query)
    titles = [role.title for role in response.context["cl"].result_list]
    assert titles == (expected or ["Draft", "Published"])


@pytest.mark.django_db
def test_new_question_of_unknown_role_cannot_evidence_another_roles_competency(logged_in):
    role = f.RoleFactory()
    foreign = f.CompetencyFactory(name="Negotiation")
    data = question_post(role, "competency", []) | {"competencies": [foreign.pk]}
    response = logged_in.post(reverse("admin:rubrics_question_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["competencies"] == [
        "These belong to another role: Negotiation."
    ]


@pytest.mark.django_db
def test_round_cannot_cover_another_roles_competency(logged_in):
    stage = f.StageFactory()
    foreign = f.CompetencyFactory(name="Negotiation")
    response = logged_in.post(reverse("admin:rubrics_round_add"), {
        "stage": stage.pk, "key": "tech", "name": "Technical", "duration_set": 45, "order": 0,
        "covers": [foreign.pk], "round_questions-TOTAL_FORMS": 0, "round_questions-INITIAL_FORMS": 0,
    })
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["covers"] == ["These belong to another role: Negotiation."]
