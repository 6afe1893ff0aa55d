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


def run(path: Path, out: Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "hiring.calibration", str(path), "--out", str(out)]
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
    assert set(summary) == {"components", "reliability", "iterations", "converged", "seconds", "n_ratings", "groups"}
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
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_cli_bad_input_exits_2_with_one_line(tmp_path: Path, case: str):
    text, message = BAD[case]
    (tmp_path / "r.csv").write_text(text)
    done = run(tmp_path / "r.csv", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [message]
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()


def test_rating_columns_are_the_documented_ones():
    assert RATING_COLUMNS == ("candidate", "interviewer", "competency", "score")
