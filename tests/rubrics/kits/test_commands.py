import io

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


def test_import_of_an_invalid_kit_lists_the_problems_and_fails(tmp_path):
    source = tmp_path / "kit.yaml"
    source.write_text("format: hiring-kit/1\nrole: {key: x, title: X}\nlevels: []\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("import_kit", str(source))
    assert str(caught.value) == (
        f"{source} was not imported:\n"
        "  file: 'competencies' is a required property.\n"
        "  file: 'disciplines' is a required property.\n"
        "  levels: Give at least 1 item."
    )
    assert Role.objects.count() == 0


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
