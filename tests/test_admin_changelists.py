"""Every model registered in the admin, of every app, lists without error for a superuser."""

import pytest
from django.contrib import admin
from django.urls import reverse

from hiring.models import Decision
from tests.hiring.loop import make_application, make_loop, rate

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def evidence(hiring_manager, recruiter, interviewer):
    loop = make_loop(hiring_manager=hiring_manager, recruiter=recruiter)
    application = make_application(loop, "Ada Applicant")
    rate(loop, application, interviewer, [3.0, 3.5, 2.5], notes=True)
    return application


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_changelist_renders_with_rows(admin_client, model, evidence):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200


@pytest.mark.django_db
def test_decisions_cannot_be_deleted_in_the_admin(admin_client, evidence, hiring_manager):
    decision = Decision.objects.create(application=evidence, decided_by=hiring_manager, outcome="no_hire",
                                       rationale="Not enough depth in experiment design.")
    url = reverse("admin:hiring_decision_delete", args=[decision.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Decision.objects.count() == 1
