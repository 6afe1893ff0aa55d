"""Screen reviews of an application: its resume's, and its video answers'.

Read as the application page shows them (the requisition's recruiter, its hiring manager, admins;
404 for anyone else); written by its recruiter and admins (403 for the hiring manager), with the
page's forms and services: ``record_resume_review`` (whose rule may advance or archive the
application) and ``record_video_review`` (reviewing an answer again replaces your score).
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from interviews.api.base import MAX_ID, IdFilter, check_may_change
from interviews.forms.pipeline import ResumeReviewForm, VideoReviewForm
from interviews.models import Application, ResumeReview, ResumeScore, VideoResponse, VideoReview
from interviews.services.pipeline import record_resume_review, record_video_review, screen_questions
from rubrics.errors import field_errors
from rubrics.models import QuestionKind, Stage


class ResumeScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResumeScore
        fields = ["criterion", "score"]
        read_only_fields = fields


class ResumeReviewSerializer(serializers.ModelSerializer):
    scores = ResumeScoreSerializer(many=True, read_only=True)

    class Meta:
        model = ResumeReview
        fields = ["id", "application", "reviewer", "scores", "notes", "reviewed_at"]
        read_only_fields = fields


class VideoReviewSerializer(serializers.ModelSerializer):
    application = serializers.IntegerField(source="response.application_id", read_only=True)
    question = serializers.IntegerField(source="response.question_id", read_only=True)

    class Meta:
        model = VideoReview
        fields = ["id", "application", "response", "question", "reviewer", "score", "notes", "reviewed_at"]
        read_only_fields = fields


class ResumeReviewInput(serializers.Serializer):
    """Documents the review; the fields are those of the resume review page."""

    criterion_QUESTIONID = serializers.IntegerField(min_value=1, max_value=4, help_text=(
        "One field per resume criterion of the loop, `criterion_<question id>`: 1–4, or for a yes/no "
        "criterion 4 (yes) or 1 (no). A review without them answers 400 naming each one."))
    notes = serializers.CharField(required=False, allow_blank=True)


class VideoReviewInput(serializers.Serializer):
    question = serializers.IntegerField(help_text="The video question answered (`video_<question id>` when posted).")
    score = serializers.IntegerField(min_value=1, max_value=4, help_text="1 Strong No … 4 Strong Yes.")
    notes = serializers.CharField(required=False, allow_blank=True)


class ResumeReviewFilter(filters.FilterSet):
    reviewer = IdFilter()

    class Meta:
        model = ResumeReview
        fields = ["reviewer"]


class VideoReviewFilter(filters.FilterSet):
    reviewer = IdFilter()
    question = IdFilter(field_name="response__question")

    class Meta:
        model = VideoReview
        fields = ["reviewer", "question"]


def _body(request: Request) -> dict:
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": ["Send a JSON object of the review's fields."]})
    return dict(request.data.items())


class _OfApplication(generics.ListAPIView):
    """The reviews of the application in the URL, if the user may read it."""

    ordering_fields = ["reviewed_at", "id"]
    ordering = ["reviewed_at", "pk"]

    def application(self, *, write: bool = False) -> Application:
        application = get_object_or_404(
            Application.objects.managed_by(self.request.user).select_related("stage", "requisition__loop"),
            pk=self.kwargs["pk"])
        if write:
            check_may_change(self.request.user, application.requisition)
        return application


class ResumeReviewsView(_OfApplication):
    serializer_class = ResumeReviewSerializer
    filterset_class = ResumeReviewFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema: no application in the URL
            return ResumeReview.objects.none()
        return (ResumeReview.objects.filter(application=self.application())
                .prefetch_related(Prefetch("scores", queryset=ResumeScore.objects.order_by("pk")))
                .order_by("reviewed_at", "pk"))

    @extend_schema(operation_id="applications_resume_reviews_list")
    def get(self, request: Request, *args, **kwargs) -> Response:
        """The resume reviews of the application: each reviewer's score per criterion, and notes."""
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ResumeReviewInput, responses={201: ResumeReviewSerializer},
                   operation_id="applications_resume_reviews_create")
    def post(self, request: Request, pk: int) -> Response:
        """Review the resume as on the page: every criterion scored, once per reviewer, while the application
        is active at the resume screen. Enough reviews in, the requisition's rule advances or archives it."""
        application = self.application(write=True)
        criteria = list(screen_questions(application.requisition, QuestionKind.RESUME, Stage.Kind.RESUME))
        form = ResumeReviewForm(_body(request), criteria=criteria)
        if not form.is_valid():
            raise ValidationError(field_errors(form.errors))
        review = record_resume_review(application=application, reviewer=request.user, scores=form.scores(),
                                      notes=form.cleaned_data["notes"])
        return Response(ResumeReviewSerializer(self.get_queryset().get(pk=review.pk)).data,
                        status=status.HTTP_201_CREATED)


class VideoReviewsView(_OfApplication):
    serializer_class = VideoReviewSerializer
    filterset_class = VideoReviewFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return VideoReview.objects.none()
        return (VideoReview.objects.filter(response__application=self.application()).select_related("response")
                .order_by("reviewed_at", "pk"))

    @extend_schema(operation_id="applications_video_reviews_list")
    def get(self, request: Request, *args, **kwargs) -> Response:
        """The reviews of the application's video answers: each reviewer's score per answer, and notes."""
        return super().get(request, *args, **kwargs)

    @extend_schema(request=VideoReviewInput, responses={201: VideoReviewSerializer, 200: VideoReviewSerializer},
                   operation_id="applications_video_reviews_create")
    def post(self, request: Request, pk: int) -> Response:
        """Score one video answer 1–4 as on the page: 201 for your first review of it; reviewing it again
        replaces your score and notes (200)."""
        application = self.application(write=True)
        body = _body(request)
        form = VideoReviewForm(body)
        answer, errors = self._answer(application, body.get("question")), {}
        if not form.is_valid():
            errors = field_errors(form.errors)
        if answer is None:
            errors["question"] = ["Give the id of a video question this application answered."]
        if errors:
            raise ValidationError(errors)
        existed = VideoReview.objects.filter(response=answer, reviewer=request.user).exists()
        review = record_video_review(response=answer, reviewer=request.user, score=form.cleaned_data["score"],
                                     notes=form.cleaned_data["notes"])
        return Response(VideoReviewSerializer(self.get_queryset().get(pk=review.pk)).data,
                        status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def _answer(self, application: Application, question: object) -> VideoResponse | None:
        """The application's answer to the video question of that id, if the id is one."""
        text = str(question or "")
        if isinstance(question, bool) or not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
            return None
        return application.video_responses.filter(question_id=int(text)).first()
