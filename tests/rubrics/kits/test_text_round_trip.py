import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rubrics.kits import export_kit, import_kit
from rubrics.models import Role

# Any printable text a recruiter might type, with newlines, indentation, quotes and YAML look-alikes.
characters = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff")
fragments = st.one_of(
    st.text(alphabet=characters, max_size=8),
    st.sampled_from(["\n", " ", "  ", ": ", "#", "- ", "'", '"', "|", ">", "yes", "null", "1.0", "~", "\t"]),
)
texts = st.lists(fragments, min_size=1, max_size=10).map("".join).filter(lambda t: t.strip())


def small_kit(prompt: str, behaviour: str) -> dict:
    return {
        "format": "hiring-kit/1", "role": {"key": "analyst", "title": "Analyst"},
        "levels": [{"key": "one", "name": "One"}], "disciplines": [{"key": "d", "name": "D"}],
        "competencies": [{"key": "c", "name": "C", "discipline": "d",
                          "expectations": {"one": {"proficiency": 3, "behaviour": behaviour}}}],
        "questions": [{"key": "q", "kind": "competency", "title": "Q", "prompt": prompt}],
    }


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prompt=texts, behaviour=texts)
def test_any_text_survives_export_and_import_unchanged(prompt, behaviour):
    Role.objects.all().delete()
    first = export_kit(role=import_kit(text=yaml.safe_dump(small_kit(prompt, behaviour), allow_unicode=True)).role)
    data = yaml.safe_load(first)
    assert (data["questions"][0]["prompt"], data["competencies"][0]["expectations"]["one"]["behaviour"]) == (
        prompt, behaviour)
    Role.objects.all().delete()
    assert export_kit(role=import_kit(text=first).role) == first
