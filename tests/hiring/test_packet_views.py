import pytest
from django.urls import reverse

from accounts.access import HIRING_MANAGER
from interviews.models import AuditEntry
from tests.hiring.loop import make_application, make_loop, rate


@pytest.fixture
def application(loop, interviewer):
    app = make_application(loop, "Grace Hopper")
    rate(loop, app, interviewer, [3.0, 3.5, 2.5])
    return app


@pytest.fixture
def other_manager(make_user, recruiter):
    manager = make_user("otto", HIRING_MANAGER)
    make_loop(hiring_manager=manager, recruiter=recruiter, title="Other role")
    return manager


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", [
    ("hiring_manager", 200), ("recruiter", 200), ("superuser", 200),
    ("other_manager", 404), ("interviewer", 404), ("outsider", 404),
])
def test_packet_page_is_for_the_requisitions_manager_recruiter_and_superusers(
        request, client, application, who, status, django_user_model):
    user = (django_user_model.objects.create_superuser("root", password="pw") if who == "superuser"
            else request.getfixturevalue(who))
    response = _as(client, user).get(reverse("hiring:packet", args=[application.pk]))
    assert response.status_code == status
    viewed = AuditEntry.objects.filter(action="packet.viewed", target_id=application.pk)
    assert list(viewed.values_list("actor__username", "data")) == (
        [(user.username, {"format": "html"})] if status == 200 else [])


@pytest.mark.django_db
def test_packet_page_redirects_anonymous_to_log_in(client, application):
    response = client.get(reverse("hiring:packet", args=[application.pk]))
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next=/decisions/applications/{application.pk}/packet/"


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", [
    ("hiring_manager", 200), ("recruiter", 200), ("other_manager", 404), ("interviewer", 404), ("anonymous", 302),
])
def test_packet_pdf_download_permissions(request, client, application, media, who, status):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = _as(client, user).get(reverse("hiring:packet-pdf", args=[application.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content)[:5] == b"%PDF-"
        assert AuditEntry.objects.filter(action="packet.viewed", data={"format": "pdf"}).count() == 1


@pytest.mark.django_db
def test_pdf_is_served_from_the_stored_packet_when_fresh(client, application, hiring_manager, media):
    from hiring.models import Packet

    client.force_login(hiring_manager)
    for _ in range(2):
        response = client.get(reverse("hiring:packet-pdf", args=[application.pk]))
        b"".join(response.streaming_content)
    assert Packet.objects.filter(application=application).count() == 1


@pytest.mark.django_db
def test_hiring_manager_sees_the_decision_form_recruiter_does_not(client, application, hiring_manager, recruiter):
    url = reverse("hiring:packet", args=[application.pk])
    client.force_login(hiring_manager)
    assert "Record the decision" in client.get(url).content.decode()
    client.force_login(recruiter)
    assert "Record the decision" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_slash_or_quote_in_the_candidates_name_does_not_cut_the_pdf_file_name(client, loop, interviewer,
                                                                                 hiring_manager, media):
    app = make_application(loop, 'Ana "AJ" Silva/Costa; rm')
    rate(loop, app, interviewer, [3.0, 3.5, 2.5])
    client.force_login(hiring_manager)
    response = client.get(reverse("hiring:packet-pdf", args=[app.pk]))
    b"".join(response.streaming_content)
    response.close()
    assert response["Content-Disposition"] == f'attachment; filename="packet-{app.pk}-Ana-AJ-Silva-Costa-rm.pdf"'


def test_file_name_parts_keep_letters_of_any_script_and_have_a_length_bound():
    from hiring.decision_views import file_name_part
    assert file_name_part("Zoë Ångström-Nakamura") == "Zoë-Ångström-Nakamura"
    assert file_name_part("../../etc/passwd") == "etc-passwd"
    assert file_name_part("/") == "candidate"
    assert len(file_name_part("x" * 500)) == 60
