import pytest
from django.core.exceptions import ValidationError

from interviews.models import Application, Candidate
from interviews.privacy import PRIVACY_NOTICE_VERSION
from interviews.services.people import find_or_create_candidate
from interviews.services.pipeline import submit_application
from tests.factories import CandidateFactory, RequisitionFactory
from tests.interviews.conftest import pdf, webm


def apply(requisition, loop, *, name, email, phone=""):
    return submit_application(
        requisition=requisition, name=name, email=email, phone=phone, resume=pdf(),
        knockout_answers={loop.authorisation: loop.auth_yes, loop.experience: loop.exp_long},
        videos={loop.videos[0]: webm()}, consent_notice=PRIVACY_NOTICE_VERSION,
    )


@pytest.mark.django_db
def test_a_second_application_with_the_same_address_is_the_same_person(requisition, loop):
    other = RequisitionFactory(loop=loop.loop, recruiter=requisition.recruiter,
                               hiring_manager=requisition.hiring_manager, title="Data Scientist, Lisbon")
    first = apply(requisition, loop, name="Ada Lovelace", email="ada@example.org", phone="+44 1")
    second = apply(other, loop, name="A. Lovelace", email=" ADA@Example.ORG ", phone="+44 2")
    assert second.candidate_id == first.candidate_id
    assert Candidate.objects.count() == 1
    # The public form proves nobody's identity: a returning address does not rewrite the details on record.
    assert Candidate.objects.values_list("name", "email", "phone").get() == ("Ada Lovelace", "ada@example.org", "+44 1")
    assert list(first.candidate.applications.order_by("pk").values_list("requisition__title", flat=True)) == [
        "Data Scientist, Berlin", "Data Scientist, Lisbon"]


@pytest.mark.django_db
def test_the_same_person_still_applies_once_per_requisition(requisition, loop):
    apply(requisition, loop, name="Ada Lovelace", email="ada@example.org")
    with pytest.raises(ValidationError) as error:
        apply(requisition, loop, name="Ada Lovelace", email="Ada@example.org")
    assert error.value.message_dict == {"email": ["An application with this e-mail address was already received."]}
    assert (Candidate.objects.count(), Application.objects.count()) == (1, 1)


@pytest.mark.django_db
def test_find_or_create_candidate_matches_case_insensitively_and_creates_otherwise():
    ada = CandidateFactory(name="Ada Lovelace", email="Ada@example.org")
    assert find_or_create_candidate(name="Someone", email="ada@EXAMPLE.org") == ada
    grace = find_or_create_candidate(name=" Grace Hopper ", email="grace@example.org ")
    assert (grace.name, grace.email, Candidate.objects.count()) == ("Grace Hopper", "grace@example.org", 2)


@pytest.mark.django_db
def test_the_database_refuses_a_second_row_for_one_address():
    CandidateFactory(email="ada@example.org")
    with pytest.raises(ValidationError) as error:
        Candidate(name="Ada", email="ADA@example.org").full_clean()
    assert error.value.messages == ["A candidate with this e-mail address exists already."]
    # Erased rows have no address, and there may be any number of them.
    CandidateFactory(email="")
    CandidateFactory(email="")
    assert Candidate.objects.filter(email="").count() == 2
