import pytest
from django.urls import reverse

from rubrics.context import uncovered_competencies
from rubrics.models import Competency, LoopTemplate, Question, Round
from tests import factories as f
from tests.rubrics.conftest import build_role_of_size

WARNING = (
    '<p class="warning">No round evidences <strong>SQL</strong>, '
    "which Junior and Senior need. Publishing is refused until one does.</p>"
)


def overview(client, template):
    return client.get(reverse("rubrics:loop", args=[template.pk]))


@pytest.mark.django_db
def test_overview_lists_stages_rounds_and_what_each_question_evidences(client, recruiter, built_role):
    client.force_login(recruiter)
    response = overview(client, built_role.loop_templates.get())
    assert response.status_code == 200
    assert [
        (stage.name, [(round_.name, [c.name for c in round_.covers.all()],
                       [(item.question.title, item.question.get_kind_display(),
                         [c.name for c in item.question.competencies.all()],
                         [a.name for a in item.question.attitudes.all()])
                        for item in round_.round_questions.all()])
                      for round_ in stage.rounds.all()])
        for stage in response.context["stages"]
    ] == [("Interviews", [("Technical", ["Experiment design"],
                           [("Design an experiment", "Competency question", ["Experiment design"], ["Curiosity"])])])]
    assert "<td>Experiment design; Curiosity (attitude)</td>" in response.content.decode()


@pytest.mark.django_db
def test_overview_warns_about_a_required_competency_no_round_covers(client, recruiter, built_role):
    client.force_login(recruiter)
    response = overview(client, built_role.loop_templates.get())
    assert response.content.decode().count('<p class="warning">') == 1
    assert WARNING in response.content.decode()


@pytest.mark.django_db
def test_overview_has_no_warning_once_a_round_covers_it(client, recruiter, built_role):
    Round.objects.get(name="Technical").covers.add(Competency.objects.get(name="SQL"))
    client.force_login(recruiter)
    response = overview(client, built_role.loop_templates.get())
    assert response.context["uncovered"] == []
    assert '<p class="warning">' not in response.content.decode()
    assert "Every competency a level needs is evidenced by a round." in response.content.decode()


@pytest.mark.django_db
def test_coverage_table_tells_covered_from_merely_asked(client, recruiter, built_role):
    sql = Competency.objects.get(name="SQL")
    LoopTemplate.objects.get().stages.get().rounds.get().round_questions.get().question.competencies.add(sql)
    client.force_login(recruiter)
    response = overview(client, built_role.loop_templates.get())
    assert [round_.name for round_ in response.context["rounds"]] == ["Technical"]
    assert [(row.competency.name, row.cells) for row in response.context["coverage"]] == [
        ("Experiment design", ["Covers"]), ("SQL", ["Asked"]),
    ]


@pytest.mark.django_db
def test_uncovered_needs_are_those_no_round_evidences(built_role):
    template = built_role.loop_templates.get()
    assert [(gap.competency.name, [lv.name for lv in gap.levels]) for gap in uncovered_competencies(template)] == [
        ("SQL", ["Junior", "Senior"]),
    ]
    assert [(gap.competency.name, gap.level_names) for gap in uncovered_competencies(template)] == [
        ("SQL", "Junior and Senior"),
    ]


@pytest.mark.django_db
def test_a_question_that_evidences_a_needed_competency_covers_it(built_role):
    sql = Competency.objects.get(name="SQL")
    LoopTemplate.objects.get().stages.get().rounds.get().round_questions.get().question.competencies.add(sql)
    assert uncovered_competencies(built_role.loop_templates.get()) == []


@pytest.mark.django_db
def test_a_notes_only_question_covers_nothing(built_role):
    question = LoopTemplate.objects.get().stages.get().rounds.get().round_questions.get().question
    question.competencies.add(Competency.objects.get(name="SQL"))
    question.competencies.remove(Competency.objects.get(name="Experiment design"))
    Question.objects.filter(pk=question.pk).update(notes_only=True)
    assert [gap.competency.name for gap in uncovered_competencies(built_role.loop_templates.get())] == ["SQL"]


@pytest.mark.django_db
def test_a_round_of_another_loop_does_not_cover_this_one(built_role):
    other = f.RoundFactory(stage__template__role=built_role)
    other.covers.add(Competency.objects.get(name="SQL"))
    template = LoopTemplate.objects.get(name="Standard loop")
    assert [gap.competency.name for gap in uncovered_competencies(template)] == ["SQL"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["interviewer", "hiring_manager", "outsider"])
def test_overview_is_forbidden_to_non_recruiters(request, client, built_role, who):
    client.force_login(request.getfixturevalue(who))
    assert overview(client, built_role.loop_templates.get()).status_code == 403


@pytest.mark.django_db
def test_overview_sends_anonymous_visitors_to_log_in(client, built_role):
    url = reverse("rubrics:loop", args=[built_role.loop_templates.get().pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 6])
def test_overview_costs_the_same_queries_at_any_size(client, recruiter, django_assert_num_queries, size):
    template = build_role_of_size(size).loop_templates.get()
    client.force_login(recruiter)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = overview(client, template)
    assert len(response.context["rounds"]) == size
    assert len(response.context["uncovered"]) == size // 2


# session, user, user's groups, template with role, stages, rounds, covers, round questions with
# their questions, question competencies, question attitudes, the role's competencies, the nav's
# two permission lookups; then what the rounds evidence (stages, rounds, covers, questions, their
# competencies, parts, part competencies and attitudes), what the levels need (levels,
# competencies, expectations, requirements), the decision rule, and the role's competencies and levels.
OVERVIEW_QUERIES = 26
