import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from rubrics.models import Role

pytestmark = pytest.mark.django_db


def run(*args, stdin: str | None = None) -> str:
    out = io.StringIO()
    extra = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command(*args, stdout=out, stderr=io.StringIO(), **extra)
    return out.getvalue()


def test_import_then_export_round_trips_through_files(tmp_path, full_kit_text):
    source = tmp_path / "kit.yaml"
    source.write_text(full_kit_text, encoding="utf-8")
    assert run("import_kit", str(source), "--publish") == (
        "Imported the draft of Data Scientist (data-scientist).\nPublished it as version 1.\n")
    target = tmp_path / "out.yaml"
    run("export_kit", "data-scientist", "-o", str(target))
    assert target.read_text(encoding="utf-8") == full_kit_text
    assert run("export_kit", "data-scientist", "--kit-version", "1") == full_kit_text


def test_import_reads_standard_input(full_kit_text):
    assert run("import_kit", "-", stdin=full_kit_text) == "Imported the draft of Data Scientist (data-scientist).\n"


def test_import_of_an_invalid_kit_prints_every_problem_and_fails(tmp_path):
    source = tmp_path / "kit.yaml"
    source.write_text("format: hiring-kit/1\nrole: {key: x, title: X, colour: red}\nlevels: []\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_kit", str(source), stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == (
        'file: missing required field "competencies" (line 1)\n'
        'file: missing required field "disciplines" (line 1)\n'
        "role.colour: unknown field (line 2)\n"
        "levels: a kit needs at least one level (line 3)\n"
    )
    assert str(caught.value) == f"{source} was not imported: 4 problems."
    assert Role.objects.count() == 0


def test_the_command_exits_with_status_1_and_no_traceback(tmp_path):
    source = tmp_path / "kit.yaml"
    source.write_text("format: hiring-kit/1\nrole: [unclosed\n", encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    done = subprocess.run([sys.executable, "manage.py", "import_kit", str(source)], capture_output=True, text=True,
                          env=env, cwd=Path(__file__).resolve().parents[3], check=False)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "file: not valid YAML: expected ',' or ']', but got '<stream end>' (while parsing a flow sequence) (line 3)\n"
        f"CommandError: {source} was not imported: 1 problem.\n"
    )


def test_import_of_a_missing_file_fails_with_a_message(tmp_path):
    with pytest.raises(CommandError) as caught:
        run("import_kit", str(tmp_path / "nope.yaml"))
    assert str(caught.value).startswith(f"Cannot read {tmp_path / 'nope.yaml'}: ")


def test_publish_role_publishes_and_then_refuses_an_unchanged_draft(full_kit_text):
    run("import_kit", "-", stdin=full_kit_text)
    assert run("publish_role", "data-scientist") == "Published Data Scientist as version 1.\n"
    with pytest.raises(CommandError) as caught:
        run("publish_role", "data-scientist")
    assert str(caught.value) == "data-scientist was not published:\n  Nothing changed since version 1."


def test_export_of_an_unknown_role_or_version_fails():
    with pytest.raises(CommandError) as caught:
        run("export_kit", "ghost")
    assert str(caught.value) == "There is no role 'ghost'."
    with pytest.raises(CommandError) as caught:
        run("export_kit", "ghost", "--kit-version", "2")
    assert str(caught.value) == "There is no role 'ghost' with a version 2."
