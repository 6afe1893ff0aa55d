import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from hiring.calibration import RATING_COLUMNS

GOOD = "candidate,interviewer,competency,score\n" + "".join(
    f"cand{c},int{(c + k) % 5},comp{k % 3},{1 + (c * 7 + k) % 4}\n" for c in range(12) for k in range(6)
)


def run(path: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "hiring.calibration", str(path), "--out", str(out), *options]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=Path(__file__).parents[2])


def test_cli_writes_estimates_interviewers_and_summary(tmp_path: Path):
    (tmp_path / "r.csv").write_text(GOOD)
    done = run(tmp_path / "r.csv", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    estimates = pd.read_csv(tmp_path / "out" / "estimates.csv")
    assert list(estimates.columns) == ["candidate", "competency", "estimate", "se", "n_ratings"]
    assert len(estimates) == 36 and estimates["n_ratings"].sum() == 72
    interviewers = pd.read_csv(tmp_path / "out" / "interviewers.csv")
    assert list(interviewers.columns) == ["interviewer", "severity", "se", "n_ratings"]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert set(summary) == {"components", "reliability", "iterations", "converged", "seconds", "n_ratings", "groups",
                            "prior", "dropped", "warnings"}
    assert summary["converged"] is True and summary["warnings"] == [] and summary["dropped"] == {}
    assert done.stderr == ""
    assert summary["n_ratings"] == 72 and set(summary["reliability"]) == {"comp0", "comp1", "comp2"}


def test_cli_help_documents_outputs():
    done = subprocess.run([sys.executable, "-m", "hiring.calibration", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    assert "estimates.csv" in done.stdout and "severity" in done.stdout


BAD = {
    "missing column": ("candidate,interviewer,score\na,x,3\n", "error: missing column: competency"),
    "not a number": (
        "candidate,interviewer,competency,score\na,x,k,3\nb,x,k,high\nc,y,k,2\nd,y,k,??\n",
        "error: score is not a number in rows 2, 4",
    ),
    "missing score": ("candidate,interviewer,competency,score\na,x,k,3\nb,x,k,\n", "error: score is missing in row 2"),
    "nan score": ("candidate,interviewer,competency,score\na,x,k,NaN\n", "error: score is missing in row 1"),
    "no rows": ("candidate,interviewer,competency,score\n", "error: no ratings: the table is empty"),
    "empty file": ("", "error: no ratings: r.csv is empty"),
    "huge score": ("candidate,interviewer,competency,score\na,x,k,3\nb,x,k,1e308\n",
                   "error: score is not a plausible rating (beyond ±1e+06) in row 2"),
    "infinite score": ("candidate,interviewer,competency,score\na,x,k,inf\nb,x,k,2\n",
                       "error: score is not a number in row 1"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_cli_bad_input_exits_2_with_one_line(tmp_path: Path, case: str):
    text, message = BAD[case]
    (tmp_path / "r.csv").write_text(text)
    done = run(tmp_path / "r.csv", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [message]
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()


def test_cli_refuses_scores_outside_the_scale_naming_the_rows(tmp_path: Path):
    (tmp_path / "r.csv").write_text("candidate,interviewer,competency,score\na,x,k,3\nb,x,k,99\nc,y,k,-5\nd,y,k,4\n")
    done = run(tmp_path / "r.csv", tmp_path / "out", "--scale", "1,4")
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["error: score is outside the scale 1–4 in rows 2, 3"]
    assert not (tmp_path / "out").exists()


def test_cli_refuses_a_malformed_scale(tmp_path: Path):
    (tmp_path / "r.csv").write_text(GOOD)
    done = run(tmp_path / "r.csv", tmp_path / "out", "--scale", "4,1")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].endswith("argument --scale: expected MIN,MAX with MIN < MAX, got '4,1'")


def test_cli_warns_on_stderr_when_the_fit_does_not_converge(tmp_path: Path):
    (tmp_path / "r.csv").write_text(GOOD)
    done = run(tmp_path / "r.csv", tmp_path / "out", "--scale", "1,4", "--max-iter", "2")
    assert done.returncode == 0
    message = ("The fit did not converge in 2 iterations: estimates and intervals may be off; "
               "refit with a higher iteration limit.")
    assert done.stderr.splitlines() == [f"warning: {message}"]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert (summary["converged"], summary["warnings"]) == (False, [message])


def test_cli_reports_a_dropped_term(tmp_path: Path):
    one = "candidate,interviewer,competency,score\n" + "".join(
        f"c{c},i{(c + k) % 4},sql,{1 + (c + 2 * k) % 4}\n" for c in range(10) for k in range(3))
    (tmp_path / "r.csv").write_text(one)
    done = run(tmp_path / "r.csv", tmp_path / "out", "--scale", "1,4")
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["dropped"] == {"candidate_competency": "one competency: the same as the candidate term (merged into it)"}
    assert set(summary["components"]) == {"candidate", "interviewer", "residual"}
    assert summary["converged"] is True


def test_rating_columns_are_the_documented_ones():
    assert RATING_COLUMNS == ("candidate", "interviewer", "competency", "score")


def test_cli_output_does_not_hand_spreadsheet_formulas_through(tmp_path: Path):
    text = GOOD.replace("cand0,", "=cmd|' /C calc'!A0,").replace("int1,", "@SUM(A1),").replace("comp2", "-2")
    (tmp_path / "r.csv").write_text(text)
    done = run(tmp_path / "r.csv", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    estimates = pd.read_csv(tmp_path / "out" / "estimates.csv", dtype=str)
    interviewers = pd.read_csv(tmp_path / "out" / "interviewers.csv", dtype=str)
    assert sorted(set(estimates["candidate"]))[:1] == ["'=cmd|' /C calc'!A0"]
    assert "'@SUM(A1)" in set(interviewers["interviewer"])
    assert "-2" in set(estimates["competency"])  # a number stays a number
    cells = [*estimates[["candidate", "competency"]].stack(), *interviewers["interviewer"]]
    assert [cell for cell in cells if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and cell != "-2"
                                                                      and not cell[1:2].isdigit())] == []
