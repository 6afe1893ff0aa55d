"""Requisitions: list, read, open, change, close (its recruiter and admins; its hiring manager reads)."""

from django.contrib.auth import get_user_model
from django.db.models import Count
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import may_open_requisitions
from interviews.api.base import IdFilter, StrictChoiceFilter, check_may_change
from interviews.models import Requisition
from interviews.services.pipeline import close_requisition
from interviews.services.requisitions import open_requisition, reopen_requisition, update_requisition
from rubrics.models import Level, LoopTemplate

User = get_user_model()


class RequisitionSerializer(serializers.ModelSerializer):
    target_levels = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True)
    applications_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Requisition
        fields = ["id", "title", "status", "role", "loop", "target_levels", "hiring_manager", "recruiter",
                  "openings", "job_description", "resume_advance_at", "resume_reviews_required", "opened_at",
                  "closed_at", "applications_count"]
        read_only_fields = fields


class RequisitionInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    loop = serializers.PrimaryKeyRelatedField(queryset=LoopTemplate.objects.filter(frozen=True),
                                              help_text="A published loop version.")
    target_levels = serializers.PrimaryKeyRelatedField(queryset=Level.objects.all(), many=True, allow_empty=False)
    hiring_manager = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    recruiter = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False,
                                                   help_text="Defaults to the caller.")
    openings = serializers.IntegerField(min_value=1, max_value=500, default=1)
    job_description = serializers.CharField(allow_blank=True, default="", max_length=20000)
    resume_advance_at = serializers.DecimalField(max_digits=3, decimal_places=2, min_value=1, max_value=4,
                                                 default="2.50")
    resume_reviews_required = serializers.IntegerField(min_value=1, max_value=10, default=1)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Kept in the history.")


class RequisitionFilter(filters.FilterSet):
    status = StrictChoiceFilter(choices=Requisition.Status.choices)
    q = filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title contains")
    role = IdFilter()

    class Meta:
        model = Requisition
        fields = ["status", "q", "role"]


def _fields(requisition: Requisition) -> dict:
    return {"title": requisition.title, "loop": requisition.loop, "target_levels": list(requisition.target_levels.all()),
            "hiring_manager": requisition.hiring_manager, "recruiter": requisition.recruiter,
            "openings": requisition.openings, "job_description": requisition.job_description,
            "resume_advance_at": requisition.resume_advance_at,
            "resume_reviews_required": requisition.resume_reviews_required}


class RequisitionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = RequisitionSerializer
    filterset_class = RequisitionFilter
    ordering_fields = ["opened_at", "title", "status"]
    ordering = ["-opened_at", "-pk"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (Requisition.objects.managed_by(self.request.user)
                .select_related("role", "loop", "recruiter", "hiring_manager").prefetch_related("target_levels")
                .annotate(applications_count=Count("applications")).order_by("-opened_at", "-pk"))

    def _out(self, requisition: Requisition, code: int = status.HTTP_200_OK) -> Response:
        return Response(RequisitionSerializer(self.get_queryset().get(pk=requisition.pk)).data, status=code)

    @extend_schema(request=RequisitionInput, responses={201: RequisitionSerializer})
    def create(self, request: Request) -> Response:
        if not may_open_requisitions(request.user):
            raise PermissionDenied("Only recruiters open requisitions.")
        data = RequisitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = {"recruiter": request.user, **data.validated_data}
        requisition = open_requisition(**values, by=request.user)
        return self._out(requisition, status.HTTP_201_CREATED)

    @extend_schema(request=RequisitionInput(partial=True), responses={200: RequisitionSerializer})
    def partial_update(self, request: Request, pk=None) -> Response:
        requisition = self.get_object()
        check_may_change(request.user, requisition)
        data = RequisitionInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        update_requisition(requisition=requisition, **{**_fields(requisition), **data.validated_data},
                           by=request.user)
        return self._out(requisition)

    @extend_schema(request=ReasonInput, responses={200: RequisitionSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk=None) -> Response:
        requisition = self.get_object()
        check_may_change(request.user, requisition)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        close_requisition(requisition=requisition, by=request.user, reason=data.validated_data["reason"])
        return self._out(requisition)

    @extend_schema(request=ReasonInput, responses={200: RequisitionSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk=None) -> Response:
        requisition = self.get_object()
        check_may_change(request.user, requisition)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        reopen_requisition(requisition=requisition, by=request.user, reason=data.validated_data["reason"])
        return self._out(requisition)
