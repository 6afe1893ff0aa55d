import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import UserFactory, published_loop

BEFORE = [("interviews", "0005_mail_templates_and_invitation_sequence")]
AFTER = [("interviews", "0006_candidate_is_one_person_with_consent")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_schema():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migration_merges_candidates_sharing_an_address_into_the_oldest():
    old = migrate(BEFORE)
    Candidate, Application = old.get_model("interviews", "Candidate"), old.get_model("interviews", "Application")
    Requisition = old.get_model("interviews", "Requisition")

    loop = published_loop()
    user = UserFactory()
    requisitions = [Requisition.objects.create(title=f"Opening {i}", loop_id=loop.loop.pk, role_id=loop.role.pk,
                                               hiring_manager_id=user.pk, recruiter_id=user.pk) for i in range(2)]
    ada = Candidate.objects.create(name="Ada Lovelace", email="ada@example.org")
    again = Candidate.objects.create(name="A. Lovelace", email="ADA@example.org ", phone="+44 1")
    grace = Candidate.objects.create(name="Grace Hopper", email="grace@example.org")
    for candidate, requisition in [(ada, requisitions[0]), (again, requisitions[1]), (grace, requisitions[0])]:
        Application.objects.create(candidate_id=candidate.pk, requisition_id=requisition.pk,
                                   stage_id=loop.application_stage.pk)

    new = migrate(AFTER)
    Candidate, Application = new.get_model("interviews", "Candidate"), new.get_model("interviews", "Application")
    assert list(Candidate.objects.order_by("pk").values_list("pk", "name", "email", "phone")) == [
        (ada.pk, "Ada Lovelace", "ada@example.org", "+44 1"), (grace.pk, "Grace Hopper", "grace@example.org", "")]
    assert sorted(Application.objects.values_list("candidate_id", "requisition__title")) == sorted([
        (ada.pk, "Opening 0"), (ada.pk, "Opening 1"), (grace.pk, "Opening 0")])


@pytest.mark.django_db(transaction=True)
def test_migration_stops_with_a_clear_message_when_one_address_applied_twice_to_one_opening():
    old = migrate(BEFORE)
    Candidate, Application = old.get_model("interviews", "Candidate"), old.get_model("interviews", "Application")
    Requisition = old.get_model("interviews", "Requisition")

    loop = published_loop()
    user = UserFactory()
    requisition = Requisition.objects.create(title="Opening", loop_id=loop.loop.pk, role_id=loop.role.pk,
                                             hiring_manager_id=user.pk, recruiter_id=user.pk)
    first = Candidate.objects.create(name="Ada", email="ada@example.org")
    second = Candidate.objects.create(name="Ada", email="Ada@example.org")
    for candidate in (first, second):
        Application.objects.create(candidate_id=candidate.pk, requisition_id=requisition.pk,
                                   stage_id=loop.application_stage.pk)
    with pytest.raises(RuntimeError) as error:
        migrate(AFTER)
    assert str(error.value) == (
        f"These candidates share an e-mail address and applied to the same requisition, so they cannot become one "
        f"person: candidates {first.pk} and {second.pk} (ada@example.org). Correct the e-mail address of one of each "
        "pair in the admin, then migrate again.")
    Application.objects.all().delete()
    Candidate.objects.all().delete()
    migrate(AFTER)
