"""Interviews: who, when, at which level, which coding variant (``assign_interviewers``)."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from interviews.api.base import FlagFilter, IdFilter, check_may_change, id_field
from interviews.models import Application, Interview
from interviews.services.pipeline import assign_interviewers
from rubrics.models import CodingVariant, Level, Round

User = get_user_model()


class InterviewSerializer(serializers.ModelSerializer):
    round_name = serializers.CharField(source="round.name", read_only=True)
    target_level = serializers.SlugRelatedField(slug_field="key", read_only=True)
    interviewers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Interview
        fields = ["id", "application", "round", "round_name", "interviewers", "target_level", "variant",
                  "scheduled_at"]
        read_only_fields = fields


class AssignInput(serializers.Serializer):
    application = serializers.IntegerField()
    round = serializers.PrimaryKeyRelatedField(queryset=Round.objects.all())
    interviewers = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True)
    target_level = serializers.SlugRelatedField(slug_field="key", queryset=Level.objects.all(),
                                                help_text="One of the requisition's target levels, by key.")
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True)
    variant = serializers.PrimaryKeyRelatedField(queryset=CodingVariant.objects.all(), required=False,
                                                 allow_null=True, help_text="The coding test's variant, if any.")


class ChangeInput(serializers.Serializer):
    interviewers = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)
    target_level = serializers.SlugRelatedField(slug_field="key", queryset=Level.objects.all(), required=False)
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True)
    variant = serializers.PrimaryKeyRelatedField(queryset=CodingVariant.objects.all(), required=False,
                                                 allow_null=True)


class InterviewFilter(filters.FilterSet):
    application = IdFilter()
    round = IdFilter()
    mine = FlagFilter(method="assigned_to_me", label="Only the interviews assigned to me")

    class Meta:
        model = Interview
        fields = ["application", "round", "mine"]

    def assigned_to_me(self, queryset, name: str, value: bool | None):
        return queryset.filter(interviewers=self.request.user) if value else queryset


class InterviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = InterviewSerializer
    filterset_class = InterviewFilter
    ordering_fields = ["scheduled_at", "id"]
    ordering = ["scheduled_at", "pk"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (Interview.objects.visible_to(self.request.user)
                .select_related("round", "target_level", "application__requisition")
                .prefetch_related("interviewers").order_by("scheduled_at", "pk"))

    def _out(self, interview: Interview, code: int = status.HTTP_200_OK) -> Response:
        return Response(InterviewSerializer(self.get_queryset().get(pk=interview.pk)).data, status=code)

    @extend_schema(request=AssignInput, responses={201: InterviewSerializer})
    def create(self, request: Request) -> Response:
        """Create (or re-assign) the interview of one round of an application."""
        application = get_object_or_404(Application.objects.managed_by(request.user)
                                        .select_related("requisition", "stage"), pk=id_field(request, "application"))
        check_may_change(request.user, application.requisition)
        data = AssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("application")
        interview = assign_interviewers(application=application, by=request.user, **values)
        return self._out(interview, status.HTTP_201_CREATED)

    @extend_schema(request=ChangeInput, responses={200: InterviewSerializer})
    def partial_update(self, request: Request, pk=None) -> Response:
        interview = self.get_object()
        check_may_change(request.user, interview.application.requisition)
        data = ChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = {"interviewers": list(interview.interviewers.all()), "target_level": interview.target_level,
                  "scheduled_at": interview.scheduled_at, "variant": interview.variant, **data.validated_data}
        assign_interviewers(application=interview.application, round=interview.round, by=request.user, **values)
        return self._out(interview)
