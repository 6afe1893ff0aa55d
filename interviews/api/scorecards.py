"""Scorecards: read per the pages' rule (``Scorecard.objects.visible_to``: your own, peers' only once
yours for that application is submitted, everything of the requisitions you manage); write your
own draft with optimistic concurrency, submit it, amend it with a reason.

A draft is written with the scorecard form's own field names (``q12``, ``q12-strengths``,
``q12-indicators``, ``q12-p3-skip``, ``c4``, ``a2``, ``recommendation``, ``summary``), validated by the
same form as the page, and saved by the same services. The version the client read goes in
``If-Match`` (an ETag, ``"7"``; 412 when stale) or in the body's ``version`` (409 when stale); 0 before
the first save.
"""

from collections.abc import Callable

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interviews.api.base import FlagFilter, IdFilter
from interviews.forms.scorecards import ScorecardForm
from interviews.models import AttitudeRating, CompetencyRating, Interview, QuestionAnswer, Scorecard
from interviews.services.kits import load_round_kit
from interviews.services.scorecards import (
    ScorecardConflict,
    SubmissionRefused,
    amend_scorecard,
    autosave_scorecard,
    latest_scorecard,
    submit_scorecard_draft,
)
from rubrics.errors import field_errors


class Stale(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The scorecard changed since you read it: nothing was written. Read it again."
    default_code = "stale"


class StalePrecondition(Stale):
    status_code = status.HTTP_412_PRECONDITION_FAILED


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = ("Say which version you are writing over: an If-Match header with the scorecard's ETag, "
                      "or a `version` field (0 before the first save).")
    default_code = "precondition_required"


class AnswerSerializer(serializers.ModelSerializer):
    indicators = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = QuestionAnswer
        fields = ["question", "part", "choice", "score", "skipped", "strengths", "gaps", "indicators"]
        read_only_fields = fields


class CompetencyRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompetencyRating
        fields = ["competency", "score"]
        read_only_fields = fields


class AttitudeRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = AttitudeRating
        fields = ["attitude", "score"]
        read_only_fields = fields


class ScorecardSerializer(serializers.ModelSerializer):
    application = serializers.IntegerField(source="interview.application_id", read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    competency_ratings = CompetencyRatingSerializer(many=True, read_only=True)
    attitude_ratings = AttitudeRatingSerializer(many=True, read_only=True)

    class Meta:
        model = Scorecard
        fields = ["id", "interview", "application", "interviewer", "revision", "version", "is_current",
                  "amend_reason", "recommendation", "summary", "created_at", "updated_at", "submitted_at",
                  "answers", "competency_ratings", "attitude_ratings"]
        read_only_fields = fields


class SubmittedSerializer(serializers.ModelSerializer):
    """What a submission answers: the scorecard's state; its content is one GET away."""

    class Meta:
        model = Scorecard
        fields = ["id", "interview", "interviewer", "revision", "version", "is_current", "recommendation",
                  "submitted_at"]
        read_only_fields = fields


class AmendInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


DETAIL = (
    Prefetch("answers", queryset=QuestionAnswer.objects.prefetch_related("indicators").order_by("pk")),
    "competency_ratings", "attitude_ratings",
)


class ScorecardFilter(filters.FilterSet):
    application = IdFilter(field_name="interview__application")
    interview = IdFilter()
    interviewer = IdFilter()
    submitted = FlagFilter(field_name="submitted_at", lookup_expr="isnull", exclude=True)
    current = FlagFilter(field_name="is_current")

    class Meta:
        model = Scorecard
        fields = ["application", "interview", "interviewer", "submitted", "current"]


def _tagged(response: Response, scorecard: Scorecard) -> Response:
    response["ETag"] = f'"{scorecard.version}"'
    return response


def _respond(scorecard: Scorecard, code: int = status.HTTP_200_OK) -> Response:
    fresh = Scorecard.objects.select_related("interview").prefetch_related(*DETAIL).get(pk=scorecard.pk)
    return _tagged(Response(ScorecardSerializer(fresh).data, status=code), fresh)


class ScorecardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ScorecardSerializer
    filterset_class = ScorecardFilter
    ordering_fields = ["submitted_at", "updated_at", "revision", "id"]
    ordering = ["pk"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (Scorecard.objects.visible_to(self.request.user).select_related("interview")
                .prefetch_related(*DETAIL).order_by("pk"))

    def retrieve(self, request: Request, pk=None) -> Response:
        return _respond(self.get_object())

    @extend_schema(request=AmendInput, responses={201: ScorecardSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request: Request, pk=None) -> Response:
        """Open the next revision of your submitted scorecard as a draft, with the reason."""
        scorecard = get_object_or_404(Scorecard.objects.filter(interviewer=request.user), pk=pk)
        data = AmendInput(data=request.data)
        data.is_valid(raise_exception=True)
        return _respond(amend_scorecard(scorecard=scorecard, by=request.user, reason=data.validated_data["reason"]),
                        status.HTTP_201_CREATED)


def _expected_version(request: Request) -> tuple[int, type[Stale]]:
    header = request.headers.get("If-Match", "").strip()
    if header:
        try:
            return int(header.removeprefix("W/").strip('"')), StalePrecondition
        except ValueError:
            raise ValidationError({"If-Match": ["Give the ETag the scorecard was read with, e.g. \"3\"."]}) from None
    body = request.data.get("version") if isinstance(request.data, dict) else None
    if body is None:
        raise PreconditionRequired()
    if isinstance(body, bool) or not isinstance(body, int | str) or not str(body).isdigit():
        raise ValidationError({"version": ["A whole number: the version you read (0 before the first save)."]})
    return int(body), Stale


def _draft_from(request: Request, interview: Interview):
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": ["Send a JSON object of the scorecard's fields."]})
    kit = load_round_kit(interview)
    form = ScorecardForm({k: v for k, v in request.data.items() if k != "version"}, kit=kit)
    if not form.is_valid():
        raise ValidationError(field_errors(form.errors))
    return form.to_draft(), kit


DRAFT_BODY = {"application/json": OpenApiTypes.OBJECT}
IF_MATCH = OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                            description="The scorecard's ETag as read (\"0\" before the first save).")
VERSION_ERRORS = {409: OpenApiResponse(description="Stale version."),
                  412: OpenApiResponse(description="Stale If-Match."),
                  428: OpenApiResponse(description="No version given.")}


class _OwnInterview(APIView):
    """Your own scorecard of an interview you are assigned to (404 for anyone else)."""

    def _interview(self, request: Request, pk: int) -> Interview:
        return get_object_or_404(Interview.objects.assigned_to(request.user).select_related("application"), pk=pk)

    def _write(self, request: Request, pk: int, service: Callable[..., Scorecard]) -> Scorecard:
        """The draft sent, written by ``service`` over the version the client read (see the module)."""
        interview = self._interview(request, pk)
        expected, stale = _expected_version(request)
        draft, kit = _draft_from(request, interview)
        try:
            return service(interview=interview, interviewer=request.user, draft=draft, expected_version=expected,
                           kit=kit)
        except ScorecardConflict as conflict:
            raise stale(conflict.message) from None


class DraftView(_OwnInterview):

    @extend_schema(responses={200: ScorecardSerializer}, operation_id="interviews_scorecard_read")
    def get(self, request: Request, pk: int) -> Response:
        scorecard = latest_scorecard(interview=self._interview(request, pk), interviewer=request.user)
        if scorecard is None:
            raise NotFound("No scorecard yet: save a draft (version 0) first.")
        return _respond(scorecard)

    @extend_schema(request=DRAFT_BODY, parameters=[IF_MATCH], operation_id="interviews_scorecard_save_draft",
                   responses={200: ScorecardSerializer, **VERSION_ERRORS})
    def put(self, request: Request, pk: int) -> Response:
        return _respond(self._write(request, pk, autosave_scorecard))


class SubmitView(_OwnInterview):
    @extend_schema(request=DRAFT_BODY, parameters=[IF_MATCH], operation_id="interviews_scorecard_submit",
                   responses={200: SubmittedSerializer, **VERSION_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        """Submit the draft sent (the rules of the page); refused, the draft is kept and the 400 names the fields."""
        try:
            scorecard = self._write(request, pk, submit_scorecard_draft)
        except SubmissionRefused as refused:
            return _tagged(Response(field_errors(refused), status=status.HTTP_400_BAD_REQUEST), refused.scorecard)
        return _tagged(Response(SubmittedSerializer(scorecard).data), scorecard)
