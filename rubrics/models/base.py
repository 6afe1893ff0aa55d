"""What every configuration row shares: a frozen flag that makes a published copy immutable.

Publishing clones a role's configuration with ``frozen=True`` through ``bulk_create``
(which sends no ``pre_save``); from then on any save, update or delete of those rows
is refused, so candidates in flight never see their loop change under them.
"""

from django.core.exceptions import ValidationError
from django.db import models


class PublishedVersionError(ValidationError):
    """Raised on any attempt to edit or delete a row of a published version."""


class RubricQuerySet(models.QuerySet):
    def drafts(self):
        return self.filter(frozen=False)

    def published(self):
        return self.filter(frozen=True)

    def update(self, **kwargs):
        if self.filter(frozen=True).exists():
            raise PublishedVersionError("A published version cannot be edited.")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(frozen=True).exists():
            raise PublishedVersionError("A published version cannot be deleted.")
        return super().delete()


class RubricModel(models.Model):
    frozen = models.BooleanField(
        default=False, editable=False, help_text="Part of a published, immutable version."
    )

    objects = RubricQuerySet.as_manager()

    class Meta:
        abstract = True
