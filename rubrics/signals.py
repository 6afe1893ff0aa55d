"""Published versions are immutable: refuse saves, deletes and relation changes of frozen rows."""

from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.dispatch import receiver

from rubrics.models import PublishedVersionError, Question, Round, RubricModel


@receiver(pre_save)
def refuse_editing_published(sender, instance, raw=False, **kwargs):
    if isinstance(instance, RubricModel) and instance.frozen and not raw:
        raise PublishedVersionError("A published version cannot be edited.")


@receiver(pre_delete)
def refuse_deleting_published(sender, instance, **kwargs):
    if isinstance(instance, RubricModel) and instance.frozen:
        raise PublishedVersionError("A published version cannot be deleted.")


@receiver(m2m_changed, sender=Question.competencies.through)
@receiver(m2m_changed, sender=Question.attitudes.through)
@receiver(m2m_changed, sender=Round.covers.through)
def refuse_relinking_published(sender, instance, action, **kwargs):
    if action.startswith("pre_") and isinstance(instance, RubricModel) and instance.frozen:
        raise PublishedVersionError("A published version cannot be edited.")
