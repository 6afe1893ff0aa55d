import pytest
from django.contrib.auth.models import Group

from accounts.access import RECRUITER


@pytest.mark.django_db
def test_recruiter_group_gets_permissions_of_apps_migrated_after_accounts():
    # "interviews" and "rubrics" come after "accounts" in INSTALLED_APPS: their permissions must still be granted.
    labels = set(Group.objects.get(name=RECRUITER).permissions.values_list("content_type__app_label", flat=True))
    assert labels == {"interviews", "rubrics"}
