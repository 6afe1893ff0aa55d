import pytest
from django.urls import reverse

from hiring.agreement import ratings_needed, reliability_in_words
from hiring.models import CalibrationRun
from hiring.services.calibration import recalibrate


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", [("recruiter", 200), ("hiring_manager", 200), ("interviewer", 403),
                                         ("outsider", 403)])
def test_calibration_page_is_for_recruiters_and_hiring_managers(request, client, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("hiring:calibration")).status_code == status


@pytest.mark.django_db
def test_calibration_page_lists_severity_interval_agreement_and_reliability(client, calibrated_loop, recruiter):
    run = recalibrate()
    client.force_login(recruiter)
    response = client.get(reverse("hiring:calibration"))
    rows = {i["name"]: i for i in response.context["interviewers"]}
    assert list(rows) == ["Harsh", "Fair1", "Fair2", "Lenient"]  # harshest first
    assert rows["Harsh"]["low"] < rows["Harsh"]["severity"] < rows["Harsh"]["high"]
    assert rows["Harsh"]["n_ratings"] == 30
    assert rows["Harsh"]["pairs"] == 8 * 3 * 3  # 8 shared candidates x 3 competencies x 3 peers
    assert rows["Fair1"]["mad"] < rows["Harsh"]["mad"]
    icc = [run.reliability[f"{calibrated_loop[0].role.key}:skill-{i}"] for i in range(3)]
    assert response.context["reliability"] == [
        (f"Skill {i}", icc[i], reliability_in_words(icc[i])) for i in range(3)]


@pytest.mark.django_db
def test_calibration_progress_ignores_a_malformed_after_parameter(client, recruiter):
    client.force_login(recruiter)
    response = client.get(reverse("hiring:calibration-progress"), {"after": "1; drop"})
    assert (response.status_code, response.context["after"]) == (200, 0)


@pytest.mark.django_db(transaction=True)
def test_recalibrate_button_runs_the_task_and_shows_progress(client, calibrated_loop, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("hiring:recalibrate"))
    assert response.status_code == 302
    run = CalibrationRun.objects.get()
    assert response.url == f"{reverse('hiring:calibration-progress')}?after=0"
    page = client.get(response.url).content.decode()
    assert f"Calibration run {run.pk} finished: {run.n_ratings} ratings." in page


@pytest.mark.django_db
def test_calibration_page_shows_the_runs_agreement_without_rereading_ratings(client, calibrated_loop, recruiter):
    from interviews.models import CompetencyRating

    recalibrate()
    client.force_login(recruiter)
    before = client.get(reverse("hiring:calibration")).context["interviewers"]
    CompetencyRating.objects.all().delete()  # evidence gone after the run: the run's figures stand
    assert client.get(reverse("hiring:calibration")).context["interviewers"] == before
    assert {row["name"]: row["pairs"] for row in before}["Harsh"] == 8 * 3 * 3


def test_reliability_is_said_in_words_with_the_ratings_needed():
    assert reliability_in_words(0.5) == (
        "Fair: about 50% of the spread in single ratings reflects real differences between candidates, the rest "
        "is interviewer noise. About 3 interviewers' ratings averaged reach 0.70.")
    assert reliability_in_words(0.8).startswith("Excellent: about 80%")
    assert reliability_in_words(0.8).endswith("One rating already reaches 0.70.")
    assert reliability_in_words(None) == "Not enough ratings to say how much interviewers agree."
    assert (ratings_needed(0.5), ratings_needed(0.3), ratings_needed(0.0)) == (3, 6, None)
