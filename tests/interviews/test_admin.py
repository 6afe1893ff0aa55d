import pytest
from django.urls import reverse

from interviews.models import AuditEntry, Requisition
from tests.factories import LoopTemplateFactory


@pytest.mark.django_db
def test_requisition_admin_offers_published_loops_only(client, recruiter, loop):
    LoopTemplateFactory()  # a draft
    client.force_login(recruiter)
    response = client.get(reverse("admin:interviews_requisition_add"))
    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields["loop"].queryset) == [loop.loop]


@pytest.mark.django_db
def test_recruiter_opens_a_requisition_in_the_admin(client, recruiter, hiring_manager, loop):
    client.force_login(recruiter)
    response = client.post(reverse("admin:interviews_requisition_add"), {
        "title": "Data Scientist, Lisbon", "loop": loop.loop.pk, "target_levels": [loop.levels[1].pk],
        "hiring_manager": hiring_manager.pk, "recruiter": recruiter.pk, "status": "open", "resume_advance_at": "2.5",
        "openings": 1, "resume_reviews_required": 1,
    })
    assert response.status_code == 302
    requisition = Requisition.objects.get()
    assert (requisition.role, list(requisition.target_levels.all())) == (loop.role, [loop.levels[1]])


@pytest.mark.django_db
def test_audit_log_is_read_only_in_the_admin(client, recruiter, requisition):
    entry = AuditEntry.record(requisition, "requisition.opened", actor=recruiter)
    client.force_login(recruiter)
    assert client.get(reverse("admin:interviews_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:interviews_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:interviews_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.count() == 1
