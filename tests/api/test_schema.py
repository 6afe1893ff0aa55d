"""The OpenAPI schema builds without a warning and validates: every view says what it takes and answers."""

from django.core.management import call_command


def test_the_schema_builds_without_warnings_and_validates(tmp_path):
    # --fail-on-warn turns any of drf-spectacular's warnings (a view it cannot describe) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.")
