"""The demo as `make run` loads it: calibrated, every packet rendered, and calibration visibly at work."""

import io
from statistics import mean

import pytest

from hiring.demo import build_demo
from hiring.models import CalibrationRun, CompetencyEstimate, Packet
from interviews.demo import HARSH_ONLY_CANDIDATE, LENIENT_ONLY_CANDIDATE
from interviews.models import Application, CompetencyRating

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_demo(stdout=io.StringIO())
        yield
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def raw_mean(name: str) -> float:
    return mean(float(score) for score in CompetencyRating.objects.filter(
        scorecard__is_current=True, scorecard__interview__application__candidate__name=name,
    ).values_list("score", flat=True))


def calibrated_mean(name: str) -> float:
    run = CalibrationRun.objects.latest_finished()
    return mean(CompetencyEstimate.objects.filter(run=run, application__candidate__name=name)
                .values_list("estimate", flat=True))


def test_demo_has_one_calibration_run_and_a_packet_for_every_application(demo):
    assert CalibrationRun.objects.count() == 1
    assert set(Packet.objects.values_list("application", flat=True)) == set(
        Application.objects.values_list("pk", flat=True))


def test_harsh_only_candidate_is_not_penalised_against_the_lenient_only_one(demo):
    # Same true ability; the raw means are far apart because of who happened to interview them.
    raw_gap = raw_mean(LENIENT_ONLY_CANDIDATE) - raw_mean(HARSH_ONLY_CANDIDATE)
    calibrated_gap = calibrated_mean(LENIENT_ONLY_CANDIDATE) - calibrated_mean(HARSH_ONLY_CANDIDATE)
    assert raw_gap > 1.5
    assert abs(calibrated_gap) < 0.5
