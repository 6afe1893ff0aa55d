import pytest
from django.core.exceptions import ValidationError

from rubrics.kits import export_kit, import_kit, publish_role
from rubrics.models import (
    CodingVariant,
    Competency,
    Expectation,
    Indicator,
    Level,
    PublishedVersionError,
    Question,
    Role,
    Round,
    RoundQuestion,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(full_kit_text) -> Role:
    return import_kit(text=full_kit_text).role


def test_a_version_is_a_frozen_copy_that_exports_like_its_draft(draft, recruiter):
    version = publish_role(role=draft, by=recruiter)
    assert (version.key, version.version, version.published_from, version.published_by) == (
        draft.key, 1, draft, recruiter)
    assert version.published_at is not None
    assert export_kit(role=version) == export_kit(role=draft)
    frozen_rows = [Level, Competency, Expectation, Question, CodingVariant, Indicator, Round, RoundQuestion]
    for model in frozen_rows:
        assert model.objects.published().count() == model.objects.drafts().count(), model


def test_every_row_of_a_version_points_only_into_that_version(draft):
    version = publish_role(role=draft)
    assert set(RoundQuestion.objects.published().values_list("question__role", flat=True)) == {version.pk}
    assert set(Expectation.objects.published().values_list("level__role", flat=True)) == {version.pk}
    assert set(Round.covers.through.objects.filter(round__frozen=True)
               .values_list("competency__role", flat=True)) == {version.pk}


def test_a_published_version_cannot_be_edited_or_deleted(draft):
    version = publish_role(role=draft)
    question = version.questions.get(key="design-a-test")
    question.title = "Changed"
    with pytest.raises(PublishedVersionError):
        question.save()
    with pytest.raises(PublishedVersionError):
        version.levels.all().delete()
    with pytest.raises(PublishedVersionError):
        question.competencies.clear()


def test_editing_the_draft_after_publishing_leaves_the_version_unchanged(draft):
    version = publish_role(role=draft)
    before = export_kit(role=version)
    question = draft.questions.get(key="design-a-test")
    question.title = "Design a better test"
    question.save()
    assert export_kit(role=version) == before
    assert publish_role(role=draft).version == 2


def test_publishing_an_unchanged_draft_again_is_refused(draft):
    publish_role(role=draft)
    with pytest.raises(ValidationError) as caught:
        publish_role(role=draft)
    assert caught.value.messages == ["Nothing changed since version 1."]
    assert draft.versions.count() == 1


def test_a_version_cannot_be_published(draft):
    version = publish_role(role=draft)
    with pytest.raises(ValidationError) as caught:
        publish_role(role=version)
    assert caught.value.messages == ["Only a draft can be published; this is already a published version."]


def test_a_draft_that_is_no_longer_a_valid_kit_is_not_published(draft):
    Level.objects.create(role=draft, key="principal", name="Principal", rank=4)
    with pytest.raises(ValidationError) as caught:
        publish_role(role=draft)
    assert caught.value.messages == [
        "The draft cannot be published yet:",
        'competencies[0].expectations: missing the expectation at level "principal"',
        'competencies[1].expectations: missing the expectation at level "principal"',
        'competencies[2].expectations: missing the expectation at level "principal"',
    ]
    assert draft.versions.count() == 0
