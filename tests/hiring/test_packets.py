import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hiring.models import CalibrationRun, Packet
from hiring.packets import context, pdf
from hiring.services.calibration import recalibrate
from hiring.services.packets import render_packet
from tests.hiring.loop import make_application, rate


@pytest.mark.django_db
def test_harsh_only_candidate_is_not_penalised_against_lenient_only(calibrated_loop):
    _, harsh_only, lenient_only = calibrated_loop
    recalibrate()
    harsh = {c["name"]: c for c in context.build(harsh_only.pk)["competencies"]}
    lenient = {c["name"]: c for c in context.build(lenient_only.pk)["competencies"]}
    for name in ("Skill 0", "Skill 1", "Skill 2"):
        assert (harsh[name]["raw_mean"], lenient[name]["raw_mean"]) == (2.5, 4.5)
        assert harsh[name]["estimate"] == pytest.approx(3.5, abs=0.15)
        assert lenient[name]["estimate"] == pytest.approx(3.5, abs=0.15)
        assert abs(harsh[name]["estimate"] - lenient[name]["estimate"]) < 0.1


@pytest.mark.django_db
def test_packet_shows_each_rating_with_its_interviewers_severity(calibrated_loop, panel):
    _, harsh_only, _ = calibrated_loop
    run = recalibrate()
    severity = run.severities.get(interviewer=panel["harsh"]).severity
    (skill0, *_) = context.build(harsh_only.pk)["competencies"]
    assert [(r["interviewer"], r["score"], r["severity"]) for r in skill0["ratings"]] == [
        ("Harsh", 2.5, severity), ("Harsh", 2.5, severity)]
    assert severity == pytest.approx(1.0, abs=0.2)


@pytest.mark.django_db
def test_packet_queries_do_not_grow_with_the_number_of_ratings(loop, panel):
    recalibrate()
    app = make_application(loop, "Query Count")
    rate(loop, app, panel["fair1"], [3, 3, 3], round_index=0, attitude=3, notes=True)
    with CaptureQueriesContext(connection) as few:
        context.build(app.pk)
    for r, name in enumerate(("fair2", "harsh", "lenient")):
        rate(loop, app, panel[name], [4, 2, 3], round_index=(r + 1) % 3, attitude=2, notes=True)
    recalibrate()
    with CaptureQueriesContext(connection) as many:
        context.build(app.pk)
    assert len(many) == len(few)


@pytest.mark.django_db
def test_disagreement_is_reported_at_one_and_a_half_points(loop, panel):
    app = make_application(loop, "Split Panel")
    rate(loop, app, panel["fair1"], [2.0, 3.0, 3.0], round_index=0)
    rate(loop, app, panel["fair2"], [3.5, 4.0, 3.0], round_index=1)
    data = context.build(app.pk)
    assert context.DISAGREEMENT_POINTS == 1.5
    assert data["disagreements"] == [
        {"competency": "Skill 0", "low": "Fair1", "low_score": 2.0, "high": "Fair2", "high_score": 3.5, "gap": 1.5}]


@pytest.mark.django_db
def test_competency_nobody_assessed_is_listed_and_leaves_not_enough_evidence(loop, panel):
    app = make_application(loop, "Partly Seen")
    rate(loop, app, panel["fair1"], [3, 3.5, 2.5])
    loop.competencies[2].ratings.all().delete()
    recalibrate()
    data = context.build(app.pk)
    assert data["unassessed"] == ["Skill 2"]
    assert [(lv["name"], lv["verdict"]) for lv in data["levels"]] == [
        ("Junior", "not enough evidence"), ("Mid", "not enough evidence"), ("Senior", "does not meet")]
    assert data["levels"][0]["reason"] == "Never assessed: Skill 2."


@pytest.mark.django_db
def test_red_flag_blocks_every_level_in_the_packet(calibrated_loop, panel):
    loop, _, _ = calibrated_loop
    app = make_application(loop, "Red Flag")
    for r, name in enumerate(("fair1", "fair2")):
        rate(loop, app, panel[name], [4.5, 4.5, 4.5], round_index=r, attitude=1 if name == "fair2" else 4)
    recalibrate()
    data = context.build(app.pk)
    assert data["recommended"] is None
    assert data["red_flags"] == [{"attitude": "Candour", "interviewer": "Fair2", "score": 1}]
    # The flag blocks every level the ratings meet; two ratings cannot settle Senior either way.
    assert [(lv["name"], lv["verdict"]) for lv in data["levels"]] == [
        ("Junior", "does not meet"), ("Mid", "does not meet"), ("Senior", "not enough evidence")]
    assert data["levels"][1]["reason"] == "Blocked by attitude red flag(s): Candour. The ratings alone meet this level."


@pytest.mark.django_db
def test_pdf_has_every_level_verdict_and_the_candidate_on_every_page(calibrated_loop, tmp_path):
    _, harsh_only, _ = calibrated_loop
    recalibrate()
    data = context.build(harsh_only.pk)
    path = tmp_path / "packet.pdf"
    path.write_bytes(pdf.render(data))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) >= 2
    assert all("Hattie Harsh-Only" in page for page in pages)
    assert all("Data Scientist opening" in page for page in pages)
    assert [f"Page {i} of {len(pages)}" in page for i, page in enumerate(pages, 1)] == [True] * len(pages)
    for level in data["levels"]:
        assert f"{level['name']}: {level['verdict']}" in text
    assert "Skill 0" in text and "Senior bar" in text  # table and chart labels are text


@pytest.mark.django_db
def test_rendering_the_same_inputs_twice_stores_one_packet(calibrated_loop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _, harsh_only, _ = calibrated_loop
    run = recalibrate()
    first = render_packet(application_id=harsh_only.pk)
    second = render_packet(application_id=harsh_only.pk)
    assert first == second
    assert list(Packet.objects.values_list("application_id", "run_id")) == [(harsh_only.pk, run.pk)]
    with first.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


@pytest.mark.django_db
def test_new_evidence_renders_a_second_packet(calibrated_loop, panel, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    loop, harsh_only, _ = calibrated_loop
    recalibrate()
    render_packet(application_id=harsh_only.pk)
    rate(loop, harsh_only, panel["fair1"], [3.5, 3.5, 3.5], round_index=2)
    recalibrate()
    render_packet(application_id=harsh_only.pk)
    assert Packet.objects.filter(application=harsh_only).count() == 2


@pytest.mark.django_db
def test_packet_names_rating_choices_in_words(loop, panel):
    app = make_application(loop, "Word Choice")
    rate(loop, app, panel["fair1"], [3, 3, 3], round_index=0, notes=True)
    assert {a["choice"] for a in context.build(app.pk)["answers"]} == {"Mid"}


@pytest.mark.django_db
def test_a_scorecard_after_the_run_counts_in_the_packet_without_a_refit(calibrated_loop, panel):
    loop, harsh_only, _ = calibrated_loop
    recalibrate()
    before = {c["name"]: c for c in context.build(harsh_only.pk)["competencies"]}
    rate(loop, harsh_only, panel["fair1"], [4.5, 4.5, 4.5], round_index=2)
    after = context.build(harsh_only.pk)
    assert CalibrationRun.objects.count() == 1
    assert after["uncalibrated"] == []
    for name, row in ((c["name"], c) for c in after["competencies"]):
        assert len(row["ratings"]) == len(before[name]["ratings"]) + 1
        assert row["estimate"] > before[name]["estimate"]
        assert row["se"] < before[name]["se"]


@pytest.mark.django_db
def test_an_undecided_level_says_what_would_decide_it(calibrated_loop, panel):
    loop, _, _ = calibrated_loop
    app = make_application(loop, "One Look")
    rate(loop, app, panel["fair1"], [3.5, 3.5, 3.5], round_index=0)
    recalibrate()
    levels = context.build(app.pk)["levels"]
    undecided = [lv for lv in levels if lv["verdict"] == "not enough evidence"]
    assert undecided
    for lv in undecided:
        assert lv["next"]["kind"] in ("more ratings", "too close")
        assert lv["next"]["text"].endswith(("chance).", "It is a judgement call."))
    assert all(lv["next"] is None for lv in levels if lv["verdict"] != "not enough evidence")
