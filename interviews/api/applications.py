"""Applications: list with filters, a careers site posting one (the apply page's own form and
service), and the stage moves, each with a reason (the pipeline's services)."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from interviews.api.base import IdFilter, StrictChoiceFilter, check_may_change, id_field
from interviews.models import Application, Requisition, VideoResponse
from interviews.services.pipeline import (
    advance_application,
    archive_application,
    hire_application,
    make_offer,
    reject_application,
    unarchive_application,
)
from interviews.throttle import Refusal
from interviews.views.candidate import apply_form, submit_form
from rubrics.errors import field_errors
from rubrics.models import Level


class VideoAnswerSerializer(serializers.ModelSerializer):
    question_title = serializers.CharField(source="question.title", read_only=True)

    class Meta:
        model = VideoResponse
        fields = ["id", "question", "question_title", "duration_seconds", "submitted_at"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    candidate_name = serializers.CharField(source="candidate.name", read_only=True)
    candidate_email = serializers.EmailField(source="candidate.email", read_only=True)
    stage_name = serializers.CharField(source="stage.name", read_only=True)
    stage_kind = serializers.CharField(source="stage.kind", read_only=True)
    hired_level = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    has_resume = serializers.SerializerMethodField()
    video_answers = VideoAnswerSerializer(source="video_responses", many=True, read_only=True, help_text=(
        "The video questions answered: `question` is the id a video review names."))

    class Meta:
        model = Application
        fields = ["id", "requisition", "candidate_name", "candidate_email", "stage", "stage_name", "stage_kind",
                  "status", "hired_level", "has_resume", "video_answers", "created_at", "updated_at"]
        read_only_fields = fields

    def get_has_resume(self, application: Application) -> bool:
        return bool(application.resume)


class ApplyInput(serializers.Serializer):
    """Documents the posting; the fields are those of the requisition's apply page."""

    requisition = serializers.IntegerField()
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    phone = serializers.CharField(max_length=40, required=False)
    resume = serializers.FileField(help_text="PDF or DOCX.")
    knockout_QUESTIONID = serializers.IntegerField(required=False, help_text=(
        "One field per knockout question of the screen, `knockout_<question id>`, holding the chosen option's id."))
    video_QUESTIONID = serializers.FileField(required=False, help_text=(
        "One file per video question, `video_<question id>` (WebM, MP4 or QuickTime)."))


class MoveInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Kept in the application's history.")


class HireInput(MoveInput):
    level = serializers.SlugRelatedField(slug_field="key", queryset=Level.objects.all(),
                                         help_text="One of the requisition's target levels, by key.")


class ApplicationFilter(filters.FilterSet):
    requisition = IdFilter()
    stage = IdFilter()
    stage_kind = filters.CharFilter(field_name="stage__kind")
    status = StrictChoiceFilter(choices=Application.Status.choices)
    level = filters.CharFilter(method="by_level", label="Target level (key) of the requisition, or level hired at")
    search = filters.CharFilter(method="by_search", label="Candidate name or e-mail contains")

    class Meta:
        model = Application
        fields = ["requisition", "stage", "stage_kind", "status", "level", "search"]

    def by_level(self, queryset, name: str, value: str):
        return queryset.filter(Q(requisition__target_levels__key=value) | Q(hired_level__key=value)).distinct()

    def by_search(self, queryset, name: str, value: str):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(candidate__name__icontains=value) | Q(candidate__email__icontains=value))


MOVES = {"advance": advance_application, "archive": archive_application, "unarchive": unarchive_application,
         "offer": make_offer, "reject": reject_application}


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    ordering_fields = ["created_at", "updated_at", "candidate__name", "status"]
    ordering = ["-created_at", "-pk"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (Application.objects.managed_by(self.request.user)
                .select_related("candidate", "stage", "hired_level", "requisition__loop")
                .prefetch_related(Prefetch("video_responses",
                                           queryset=VideoResponse.objects.select_related("question").order_by("pk")))
                .order_by("-created_at", "-pk"))

    def _moved(self, application: Application) -> Response:
        return Response(ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data)

    @extend_schema(request={"multipart/form-data": ApplyInput}, responses={
        201: ApplicationSerializer,
        429: OpenApiResponse(OpenApiTypes.OBJECT, description="This e-mail address already sent the day's "
                             "allowance of applications (`detail`); retry after the Retry-After seconds.")})
    def create(self, request: Request) -> Response:
        """Post an application as a careers site would: the requisition's recruiter or an admin. The
        apply page's allowance per e-mail address holds (not its limits per client address: a
        careers site posts for everyone)."""
        requisition = get_object_or_404(Requisition.objects.managed_by(request.user).select_related("loop"),
                                        pk=id_field(request, "requisition"))
        check_may_change(request.user, requisition)
        form = apply_form(requisition, request.data, request.FILES)
        application = submit_form(requisition, form) if form.is_valid() else None
        if isinstance(application, Refusal):
            return Response({"detail": application.message}, status=status.HTTP_429_TOO_MANY_REQUESTS,
                            headers={"Retry-After": str(application.retry_after)})
        if application is None:
            raise ValidationError(field_errors(form.errors))
        return Response(ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data,
                        status=status.HTTP_201_CREATED)

    def _move(self, request: Request, move: str) -> Response:
        application = self.get_object()
        check_may_change(request.user, application.requisition)
        data = MoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        MOVES[move](application=application, by=request.user, reason=data.validated_data["reason"])
        return self._moved(application)

    @extend_schema(request=MoveInput, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk=None) -> Response:
        return self._move(request, "advance")

    @extend_schema(request=MoveInput, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk=None) -> Response:
        return self._move(request, "archive")

    @extend_schema(request=MoveInput, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def unarchive(self, request: Request, pk=None) -> Response:
        return self._move(request, "unarchive")

    @extend_schema(request=MoveInput, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def offer(self, request: Request, pk=None) -> Response:
        return self._move(request, "offer")

    @extend_schema(request=MoveInput, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk=None) -> Response:
        return self._move(request, "reject")

    @extend_schema(request=HireInput, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def hire(self, request: Request, pk=None) -> Response:
        application = self.get_object()
        check_may_change(request.user, application.requisition)
        data = HireInput(data=request.data)
        data.is_valid(raise_exception=True)
        hire_application(application=application, level=data.validated_data["level"], by=request.user,
                         reason=data.validated_data["reason"])
        return self._moved(application)
