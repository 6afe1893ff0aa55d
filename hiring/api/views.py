"""The decision side's API: packets (JSON and PDF), decisions, calibration, webhooks.

Same rules as the pages: a packet is for the requisition's recruiter, its hiring manager and
admins (404 for anyone else); only the hiring manager decides (403 for the other readers);
calibration is for recruiters and hiring managers; webhooks are for admins.
"""

import math
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import may_decide, may_see_calibration
from hiring.forms import DecisionForm
from hiring.models import CalibrationRun, Decision, InterviewerSeverity, WebhookDelivery, WebhookSubscription
from hiring.packets import context
from hiring.services.calibration import serve_pending_recalibration
from hiring.services.decisions import record_decision
from hiring.services.packets import render_packet
from hiring.services.webhooks import subscribe
from interviews.api.audit import IsAdmin
from interviews.api.base import FlagFilter, IdFilter, StrictChoiceFilter
from interviews.models import Application, AuditEntry
from rubrics.errors import field_errors


def _application(request: Request, pk: int) -> Application:
    return get_object_or_404(Application.objects.managed_by(request.user).select_related("requisition", "candidate"),
                             pk=pk)


def _plain(value):
    """The packet's context as strict JSON: non-finite floats become null."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class PacketView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="applications_packet")
    def get(self, request: Request, pk: int) -> Response:
        """The packet's content, as the page shows it: verdict and probability per level, estimates with
        intervals, ratings with their interviewers' severities, gaps, disagreements, screen results."""
        application = _application(request, pk)
        AuditEntry.record(application, "packet.viewed", actor=request.user, format="json")
        serve_pending_recalibration(packet=True)
        data = context.build(application.pk)
        data.pop("chart", None)  # the page's SVG; the numbers it draws are in "competencies"
        return Response(_plain(data))


class PacketPdfView(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF.")},
                   operation_id="applications_packet_pdf")
    def get(self, request: Request, pk: int) -> FileResponse:
        application = _application(request, pk)
        AuditEntry.record(application, "packet.viewed", actor=request.user, format="pdf")
        serve_pending_recalibration(packet=True)
        stored = render_packet(application_id=application.pk)
        return FileResponse(stored.file.open("rb"), as_attachment=True, filename=f"packet-{application.pk}.pdf",
                            content_type="application/pdf")


class DecisionSerializer(serializers.ModelSerializer):
    level = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)

    class Meta:
        model = Decision
        fields = ["id", "application", "decided_by", "outcome", "level", "rationale", "at"]
        read_only_fields = fields


class DecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    level = serializers.IntegerField(required=False, allow_null=True, help_text="The level's id (a hire only).")
    rationale = serializers.CharField(max_length=10000)


class DecisionView(APIView):
    @extend_schema(request=DecisionInput, responses={201: DecisionSerializer}, operation_id="applications_decide")
    def post(self, request: Request, pk: int) -> Response:
        """Record the hiring manager's decision (the page's form and service)."""
        application = _application(request, pk)
        if not may_decide(request.user, application):
            raise PermissionDenied("Only the requisition's hiring manager records its decision.")
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        form = DecisionForm({k: v for k, v in request.data.items() if v is not None},
                            requisition=application.requisition)
        if not form.is_valid():
            raise ValidationError(field_errors(form.errors))
        decision = record_decision(application=application, by=request.user, **form.cleaned_data)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class DecisionFilter(filters.FilterSet):
    application = IdFilter()
    requisition = IdFilter(field_name="application__requisition")
    outcome = StrictChoiceFilter(choices=Decision.Outcome.choices)

    class Meta:
        model = Decision
        fields = ["application", "requisition", "outcome"]


class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    ordering_fields = ["at", "id"]
    ordering = ["-at", "-pk"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        managed = Application.objects.managed_by(self.request.user)
        return Decision.objects.filter(application__in=managed).select_related("level").order_by("-at", "-pk")


class MaySeeCalibration(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return may_see_calibration(request.user)


class CalibrationRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalibrationRun
        fields = ["id", "status", "started_at", "finished_at", "error", "n_ratings", "iterations", "converged",
                  "seconds", "components", "reliability"]
        read_only_fields = fields


class CalibrationRunFilter(filters.FilterSet):
    status = StrictChoiceFilter(choices=CalibrationRun.Status.choices)

    class Meta:
        model = CalibrationRun
        fields = ["status"]


class CalibrationRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CalibrationRunSerializer
    permission_classes = [permissions.IsAuthenticated, MaySeeCalibration]
    filterset_class = CalibrationRunFilter
    ordering_fields = ["started_at", "id"]
    ordering = ["-started_at", "-pk"]
    lookup_value_regex = "[0-9]+"
    queryset = CalibrationRun.objects.defer("warm_state").order_by("-started_at", "-pk")


class SeveritySerializer(serializers.ModelSerializer):
    interviewer_username = serializers.CharField(source="interviewer.username", read_only=True)

    class Meta:
        model = InterviewerSeverity
        fields = ["id", "run", "interviewer", "interviewer_username", "severity", "se", "n_ratings", "peer_mad",
                  "peer_correlation", "peer_pairs"]
        read_only_fields = fields


class SeverityFilter(filters.FilterSet):
    run = IdFilter(method="of_run", label="Run id (default: the latest finished run)")
    interviewer = IdFilter()

    class Meta:
        model = InterviewerSeverity
        fields = ["run", "interviewer"]

    def of_run(self, queryset, name: str, value):
        return queryset.filter(run_id=value)

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("run"):
            latest = CalibrationRun.objects.latest_finished()
            queryset = queryset.filter(run=latest) if latest else queryset.none()
        return super().filter_queryset(queryset)


class SeverityViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Interviewer severities of a calibration run: points below the average interviewer, with SE."""

    serializer_class = SeveritySerializer
    permission_classes = [permissions.IsAuthenticated, MaySeeCalibration]
    filterset_class = SeverityFilter
    ordering_fields = ["severity", "n_ratings", "id"]
    ordering = ["-severity", "pk"]
    queryset = InterviewerSeverity.objects.select_related("interviewer").order_by("-severity", "pk")


class WebhookSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookSubscription.Event.choices),
                                   allow_empty=False)
    secret = serializers.CharField(write_only=True, min_length=16, max_length=200)

    class Meta:
        model = WebhookSubscription
        fields = ["id", "url", "secret", "events", "active", "created_at"]
        read_only_fields = ["id", "created_at"]


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = ["id", "subscription", "event", "payload", "created_at", "attempts", "status_code", "error",
                  "delivered_at"]
        read_only_fields = fields


class WebhookViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Subscriptions (admins): the URL, the shared secret (write-only) and the events."""

    serializer_class = WebhookSerializer
    permission_classes = [permissions.IsAuthenticated, IsAdmin]
    ordering_fields = ["id", "created_at"]
    ordering = ["pk"]
    lookup_value_regex = "[0-9]+"
    queryset = WebhookSubscription.objects.order_by("pk")
    http_method_names = ["get", "post", "patch", "delete"]

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        serializer.instance = subscribe(owner=self.request.user, url=data["url"], secret=data["secret"],
                                        events=data["events"])


class DeliveryFilter(filters.FilterSet):
    subscription = IdFilter()
    event = StrictChoiceFilter(choices=WebhookSubscription.Event.choices)
    delivered = FlagFilter(field_name="delivered_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = WebhookDelivery
        fields = ["subscription", "event", "delivered"]


class DeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The delivery log: every event sent, its attempts and the last status code."""

    serializer_class = DeliverySerializer
    permission_classes = [permissions.IsAuthenticated, IsAdmin]
    filterset_class = DeliveryFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-pk"]
    lookup_value_regex = "[0-9]+"
    queryset = WebhookDelivery.objects.order_by("-created_at", "-pk")

