import pytest
from django.contrib.auth.models import Group

from accounts.access import HIRING_MANAGER, INTERVIEWER, RECRUITER


@pytest.fixture(autouse=True)
def fresh_cache():
    # Throttle counters (and other cached values) must not leak from one test into the next.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fresh_kit_cache():
    # Published rounds' kits are cached per process; rolled-back test rows can reuse primary keys.
    from interviews.services.kits import clear_kit_cache

    clear_kit_cache()
    yield
    clear_kit_cache()


@pytest.fixture
def make_user(db, django_user_model):
    """make_user("name", RECRUITER, is_staff=True) -> a user in those groups, password "pw"."""

    def make(username: str, *groups: str, **fields):
        user = django_user_model.objects.create_user(username=username, password="pw", **fields)
        user.groups.add(*Group.objects.filter(name__in=groups))
        return user

    return make


@pytest.fixture
def recruiter(make_user):
    return make_user("rita", RECRUITER, is_staff=True, first_name="Rita", last_name="Recruiter")


@pytest.fixture
def interviewer(make_user):
    return make_user("ian", INTERVIEWER, first_name="Ian", last_name="Interviewer")


@pytest.fixture
def hiring_manager(make_user):
    return make_user("hana", HIRING_MANAGER, first_name="Hana", last_name="Manager")


@pytest.fixture
def outsider(make_user):
    return make_user("olga")


def pytest_configure(config):
    from django.conf import settings

    # Hashing test passwords with the production hasher costs ~0.3 s per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
