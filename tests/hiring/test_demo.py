from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.access import HIRING_MANAGER, INTERVIEWER, RECRUITER
from rubrics.models import Competency, Expectation, Level, LevelRequirement, Question, Role

INTERVIEWERS = ["ines", "ivan", "leila", "marco", "omar", "priya", "tomas", "wen"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The demo hashes one password for eleven users and the tests check each; the default hasher
    # is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", "--no-packets", stdout=out)
    return out.getvalue()


def draft_role() -> Role:
    return Role.objects.get(key="data-scientist", published_from__isnull=True)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every rubrics table (through tables included) and of the users and their groups."""
    models = [*apps.get_app_config("rubrics").get_models(include_auto_created=True),
              get_user_model(), get_user_model().groups.through]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


@pytest.mark.django_db
def test_load_demo_imports_the_data_scientist_kit_with_its_counts():
    load_demo()
    role = draft_role()
    assert role.title == "Data Scientist"
    assert role.why_hard_author == "Hana Kovač, Head of Data Science"
    assert list(role.levels.values_list("internal_title", flat=True)) == [
        "Data Scientist I", "Data Scientist II", "Senior Data Scientist", "Principal Data Scientist",
    ]
    assert list(role.disciplines.values_list("name", flat=True)) == [
        "Analytics & Experimentation", "Data & ML Engineering",
    ]
    assert role.competencies.count() == 10
    assert role.attitudes.count() == 4
    assert Counter(role.questions.values_list("kind", flat=True)) == {
        "competency": 13, "attitude": 5, "knockout": 2, "video": 2, "resume_criterion": 6,
        "coding_test": 1, "presentation": 1, "work_simulation": 1, "case_study": 1,
    }
    coding = role.questions.get(kind="coding_test")
    assert list(coding.variants.values_list("key", flat=True)) == ["without-ai", "with-ai"]
    assert role.questions.get(kind="work_simulation").scenario_roles.count() == 2
    assert role.questions.get(kind="case_study").parts.count() == 4
    for knockout in role.questions.filter(kind="knockout"):
        assert sorted(set(knockout.options.values_list("outcome", flat=True))) == ["auto_decline", "qualifies"]


@pytest.mark.django_db
def test_demo_loop_has_the_screens_and_six_interview_rounds():
    load_demo()
    [loop] = draft_role().loop_templates.all()
    assert loop.key == "standard"
    assert list(loop.stages.values_list("kind", flat=True)) == ["application_screen", "resume_screen", "interviews"]
    interviews = loop.stages.get(kind="interviews")
    assert list(interviews.rounds.values_list("name", flat=True)) == [
        "Hiring Manager Technical", "Coding", "ML & data systems", "Onsite: case study",
        "Onsite: presentation & simulation", "Values",
    ]
    assert loop.stages.get(kind="application_screen").rounds.get().questions.count() == 4
    assert loop.stages.get(kind="resume_screen").rounds.get().questions.count() == 6


@pytest.mark.django_db
def test_every_demo_question_runs_in_some_round():
    load_demo()
    role = draft_role()
    assert role.questions.filter(rounds__isnull=True).count() == 0


@pytest.mark.django_db
def test_every_demo_competency_has_an_expectation_at_every_level_rising_with_the_level():
    load_demo()
    role = draft_role()
    assert Expectation.objects.filter(competency__role=role).count() == 10 * 4
    for competency in role.competencies.all():
        proficiencies = list(competency.expectations.values_list("proficiency", flat=True))
        assert len(proficiencies) == 4
        assert proficiencies == sorted(set(proficiencies)), competency.key
        assert role.scale_min <= proficiencies[0] and proficiencies[-1] <= role.scale_max


@pytest.mark.django_db
def test_demo_decision_rule_needs_more_competencies_at_higher_levels():
    load_demo()
    rule = draft_role().decision_rule
    assert (rule.combine, str(rule.probability), rule.red_flag_rating, rule.red_flags_block) == (
        "conjunctive", "0.70", 1, True,
    )
    per_level = [rule.requirements.filter(level=level).count() for level in Level.objects.filter(role=rule.role)]
    assert per_level == [5, 7, 9, 10]


@pytest.mark.django_db
def test_every_required_demo_competency_is_covered_by_a_round_of_the_loop():
    load_demo()
    for role in [draft_role(), *draft_role().versions.all()]:
        [loop] = role.loop_templates.all()
        required = LevelRequirement.objects.filter(rule__role=role)
        assert set(Competency.objects.filter(requirements__in=required)) == set(role.competencies.all())
        assert required.exclude(competency__covering_rounds__stage__template=loop).count() == 0


@pytest.mark.django_db
def test_load_demo_publishes_one_version_of_the_kit():
    load_demo()
    [version] = draft_role().versions.all()
    assert version.version == 1
    assert version.frozen is True
    assert version.questions.count() == Question.objects.filter(role=draft_role()).count() == 32


@pytest.mark.django_db
def test_load_demo_creates_the_demo_users_in_their_groups():
    load_demo()
    users = get_user_model().objects
    assert sorted(users.filter(groups__name=INTERVIEWER).values_list("username", flat=True)) == INTERVIEWERS
    assert list(users.filter(groups__name=RECRUITER).values_list("username", "is_staff")) == [("rita", True)]
    assert list(users.filter(groups__name=HIRING_MANAGER).values_list("username", flat=True)) == ["hana"]
    admin = users.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (True, True)
    assert all(user.check_password("demo") for user in users.all())
    assert users.count() == 11


@pytest.mark.django_db
def test_load_demo_prints_a_log_in_for_every_demo_user():
    output = load_demo()
    table = output.split("Demo log-ins")[1].splitlines()[3:]
    assert [line.split()[:2] for line in table] == [
        [name, "demo"] for name in ["admin", "rita", "hana", "ivan", "ines", "omar", "priya", "tomas", "wen",
                                    "leila", "marco"]
    ]


@pytest.mark.django_db
def test_running_load_demo_twice_changes_nothing():
    load_demo()
    before = snapshot()
    output = load_demo()
    assert snapshot() == before
    assert output.splitlines()[:2] == [
        "The role 'data-scientist' exists already; its kit was left as it is.",
        "Created 0 demo users (all existed already).",
    ]


@pytest.mark.django_db
def test_load_demo_keeps_an_existing_accounts_password(make_user):
    make_user("rita", RECRUITER, is_staff=True)
    load_demo()
    rita = get_user_model().objects.get(username="rita")
    assert (rita.check_password("pw"), rita.check_password("demo")) == (True, False)
