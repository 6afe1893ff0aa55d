import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rubrics.kits import import_kit, publish_role
from rubrics.models import Role

pytestmark = pytest.mark.django_db


def test_only_recruiters_reach_the_kit_pages(client, interviewer):
    assert client.get(reverse("rubrics:kits:list")).status_code == 302  # to the log-in page
    client.force_login(interviewer)
    assert client.get(reverse("rubrics:kits:list")).status_code == 403
    assert client.get(reverse("rubrics:kits:import")).status_code == 403


def test_importing_an_uploaded_file_creates_the_role(client, recruiter, full_kit_text):
    client.force_login(recruiter)
    upload = SimpleUploadedFile("kit.yaml", full_kit_text.encode(), content_type="application/yaml")
    response = client.post(reverse("rubrics:kits:import"), {"file": upload, "publish": "on"}, follow=True)
    assert response.redirect_chain == [(reverse("rubrics:kits:list"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Imported Data Scientist and published it as version 1."]
    role = Role.objects.drafts().get()
    assert (role.key, role.versions.get().published_by) == ("data-scientist", recruiter)


def test_an_invalid_pasted_kit_is_shown_again_with_its_problems(client, recruiter):
    client.force_login(recruiter)
    text = "format: hiring-kit/1\nrole: {key: Bad Key, title: X}\n"
    response = client.post(reverse("rubrics:kits:import"), {"text": text})
    assert response.status_code == 400
    assert response.context["problems"] == [
        'file: missing required field "competencies" (line 1)',
        'file: missing required field "disciplines" (line 1)',
        'file: missing required field "levels" (line 1)',
        'role.key: "Bad Key" is not a key: use lowercase letters, digits and single dashes (line 2)',
    ]
    assert response.context["form"]["text"].value() == text
    assert Role.objects.count() == 0


def test_the_import_form_needs_exactly_one_source(client, recruiter, full_kit_text):
    client.force_login(recruiter)
    response = client.post(reverse("rubrics:kits:import"), {})
    assert response.context["form"].non_field_errors() == ["Choose a kit file or paste a kit."]
    upload = SimpleUploadedFile("kit.yaml", full_kit_text.encode())
    response = client.post(reverse("rubrics:kits:import"), {"file": upload, "text": full_kit_text})
    assert response.context["form"].non_field_errors() == ["Choose a file or paste a kit, not both."]


def test_a_file_that_is_not_utf8_is_refused(client, recruiter):
    client.force_login(recruiter)
    upload = SimpleUploadedFile("kit.yaml", "title: Café".encode("latin-1"))
    response = client.post(reverse("rubrics:kits:import"), {"file": upload})
    assert response.context["form"].errors == {"file": ["This file is not UTF-8 text; save it as UTF-8 YAML."]}


def test_download_gives_the_draft_or_a_version_as_a_yaml_attachment(client, recruiter, full_kit_text):
    draft = import_kit(text=full_kit_text).role
    version = publish_role(role=draft)
    client.force_login(recruiter)
    response = client.get(reverse("rubrics:kits:download", args=[draft.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="data-scientist.yaml"'
    assert response.content.decode() == full_kit_text
    response = client.get(reverse("rubrics:kits:download", args=[version.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="data-scientist-v1.yaml"'


def test_publish_button_publishes_and_reports_an_unchanged_draft(client, recruiter, full_kit_text):
    draft = import_kit(text=full_kit_text).role
    client.force_login(recruiter)
    url = reverse("rubrics:kits:publish", args=[draft.pk])
    response = client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Published Data Scientist as version 1."]
    response = client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Nothing changed since version 1."]
    assert client.get(url).status_code == 405


def test_list_shows_drafts_with_their_versions_and_filters_by_title_or_key(client, recruiter, full_kit_text):
    draft = import_kit(text=full_kit_text).role
    publish_role(role=draft, by=recruiter)
    import_kit(text=full_kit_text.replace("key: data-scientist", "key: analyst", 1)
               .replace("title: Data Scientist\n", "title: Analyst\n", 1))
    client.force_login(recruiter)
    response = client.get(reverse("rubrics:kits:list"))
    assert [(role.key, [v.version for v in versions]) for role, versions in response.context["rows"]] == [
        ("analyst", []), ("data-scientist", [1])]
    assert "Publish<span class=\"visually-hidden\"> Data Scientist</span> as v2" in response.content.decode()
    response = client.get(reverse("rubrics:kits:list"), {"q": "scien"})
    assert [role.key for role, _ in response.context["rows"]] == ["data-scientist"]


def test_list_paginates(client, recruiter):
    for n in range(27):
        Role.objects.create(key=f"role-{n:02}", title=f"Role {n:02}")
    client.force_login(recruiter)
    response = client.get(reverse("rubrics:kits:list"), {"page": 2})
    assert [role.key for role, _ in response.context["rows"]] == ["role-25", "role-26"]
