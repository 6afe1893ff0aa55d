"""Every API route of the loop, under /api/ (namespace "api"); the kits' API keeps its own module."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from hiring.api import views
from interviews.api import applications, audit, interviews, requisitions, reviews, scorecards

router = SimpleRouter()
router.register("requisitions", requisitions.RequisitionViewSet, basename="requisition")
router.register("applications", applications.ApplicationViewSet, basename="application")
router.register("interviews", interviews.InterviewViewSet, basename="interview")
router.register("scorecards", scorecards.ScorecardViewSet, basename="scorecard")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("calibration/runs", views.CalibrationRunViewSet, basename="calibration-run")
router.register("calibration/severities", views.SeverityViewSet, basename="severity")
router.register("audit", audit.AuditEntryViewSet, basename="audit")
router.register("webhooks", views.WebhookViewSet, basename="webhook")
router.register("webhook-deliveries", views.DeliveryViewSet, basename="webhook-delivery")

app_name = "api"
urlpatterns = [
    path("applications/<int:pk>/packet/", views.PacketView.as_view(), name="application-packet"),
    path("applications/<int:pk>/packet.pdf", views.PacketPdfView.as_view(), name="application-packet-pdf"),
    path("applications/<int:pk>/decision/", views.DecisionView.as_view(), name="application-decision"),
    path("applications/<int:pk>/resume-reviews/", reviews.ResumeReviewsView.as_view(),
         name="application-resume-reviews"),
    path("applications/<int:pk>/video-reviews/", reviews.VideoReviewsView.as_view(), name="application-video-reviews"),
    path("interviews/<int:pk>/scorecard/", scorecards.DraftView.as_view(), name="interview-scorecard"),
    path("interviews/<int:pk>/scorecard/submit/", scorecards.SubmitView.as_view(), name="interview-scorecard-submit"),
    *router.urls,
]
