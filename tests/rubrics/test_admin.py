"""Every rubrics admin screen opens for recruiters and for no one else."""

import pytest
from django.contrib import admin
from django.urls import reverse

from rubrics.models import Competency, DecisionRule, LoopTemplate, Question, QuestionKind, Role, Round, Stage
from tests import factories as f

FACTORIES = {
    Role: f.RoleFactory,
    Competency: f.CompetencyFactory,
    Question: f.QuestionFactory,
    LoopTemplate: f.LoopTemplateFactory,
    Stage: f.StageFactory,
    Round: f.RoundFactory,
    DecisionRule: f.DecisionRuleFactory,
}
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "rubrics"), key=lambda m: m.__name__
)
SCREENS = ["changelist", "add", "change"]


def admin_url(model, screen: str, obj=None) -> str:
    name = f"admin:rubrics_{model._meta.model_name}_{screen}"
    return reverse(name, args=[obj.pk] if screen == "change" else [])


def test_every_registered_rubrics_model_has_a_factory_here():
    assert set(REGISTERED) == set(FACTORIES)


def test_the_recruiter_builds_a_loop_from_these_admins():
    assert [model.__name__ for model in REGISTERED] == [
        "Competency", "DecisionRule", "LoopTemplate", "Question", "Role", "Round", "Stage",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m.__name__)
def test_recruiter_opens_every_admin_screen(client, recruiter, model, screen):
    obj = FACTORIES[model]()
    client.force_login(recruiter)
    response = client.get(admin_url(model, screen, obj))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["interviewer", "hiring_manager", "outsider", "anonymous"])
@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m.__name__)
def test_admin_screens_send_non_recruiters_to_the_admin_login(request, client, model, screen, who):
    obj = FACTORIES[model]()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = admin_url(model, screen, obj)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"


@pytest.mark.django_db
def test_non_recruiters_cannot_log_in_to_the_admin(client, interviewer, hiring_manager):
    for user in (interviewer, hiring_manager):
        response = client.post(reverse("admin:login"), {"username": user.username, "password": "pw"})
        assert response.status_code == 200
        assert response.context["form"].errors == {"__all__": [
            "Please enter the correct username and password for a staff account. "
            "Note that both fields may be case-sensitive."
        ]}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", QuestionKind.values)
def test_question_change_form_opens_for_every_kind_with_its_parts(client, recruiter, kind):
    question = f.QuestionFactory(kind=kind, response_seconds=120)
    f.KnockoutOptionFactory(question=question)
    variant = f.CodingVariantFactory(question=question)
    f.IndicatorFactory(question=question, variant=variant)
    f.ScoringAnchorFactory(question=question)
    f.ScenarioRoleFactory(question=question)
    f.CaseStudyPartFactory(question=question)
    client.force_login(recruiter)
    response = client.get(admin_url(Question, "change", question))
    assert response.status_code == 200
    expanded = [
        inline.formset.prefix for inline in response.context["inline_admin_formsets"] if not inline.is_collapsible
    ]
    assert expanded == EXPANDED_FOR_KIND[kind]


EXPANDED_FOR_KIND = {
    "competency": ["indicators"],
    "attitude": ["indicators"],
    "knockout": ["options"],
    "video": ["indicators"],
    "resume_criterion": ["indicators"],
    "coding_test": ["variants", "indicators", "anchors"],
    "presentation": ["indicators", "anchors"],
    "work_simulation": ["indicators", "anchors", "scenario_roles"],
    "case_study": ["indicators", "anchors", "parts"],
}


@pytest.mark.django_db
def test_role_and_loop_children_open_with_their_inlines(client, recruiter, built_role):
    client.force_login(recruiter)
    urls = [
        admin_url(Role, "change", built_role),
        admin_url(Competency, "change", built_role.competencies.first()),
        admin_url(DecisionRule, "change", built_role.decision_rule),
        admin_url(LoopTemplate, "change", built_role.loop_templates.get()),
        admin_url(Stage, "change", Stage.objects.get(template__role=built_role)),
        admin_url(Round, "change", Round.objects.get(stage__template__role=built_role)),
    ]
    assert [client.get(url).status_code for url in urls] == [200] * 6


@pytest.mark.django_db
def test_recruiter_group_holds_every_rubrics_permission(recruiter):
    assert recruiter.has_perms([f"rubrics.{action}_{model._meta.model_name}"
                                for model in REGISTERED for action in ("add", "change", "delete", "view")])


@pytest.mark.django_db
def test_the_question_bank_filters_by_level(client, recruiter):
    role = f.RoleFactory()
    mid, senior = (f.LevelFactory(role=role, rank=rank, key=key, name=name)
                   for rank, key, name in [(1, "mid", "Mid"), (2, "senior", "Senior")])
    for_mid = f.QuestionFactory(role=role, title="For Mid")
    for_mid.levels.add(mid)
    f.QuestionFactory(role=role, title="For Senior").levels.add(senior)
    client.force_login(recruiter)
    response = client.get(reverse("admin:rubrics_question_changelist"), {"levels__id__exact": mid.pk})
    assert [q.title for q in response.context["cl"].result_list] == ["For Mid"]
