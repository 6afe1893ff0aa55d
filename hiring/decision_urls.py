from django.urls import path

from hiring import decision_views as views

app_name = "hiring"
urlpatterns = [
    path("applications/<int:pk>/packet/", views.packet, name="packet"),
    path("applications/<int:pk>/packet.pdf", views.packet_pdf, name="packet-pdf"),
    path("applications/<int:pk>/decision/", views.decide, name="decide"),
    path("applications/<int:pk>/more-signal/<int:round_pk>/", views.request_signal, name="request-signal"),
    path("calibration/", views.calibration, name="calibration"),
    path("calibration/recalibrate/", views.recalibrate, name="recalibrate"),
    path("calibration/progress/", views.calibration_progress, name="calibration-progress"),
    path("requisitions/<int:pk>/packets/", views.requisition_packets, name="requisition-packets"),
    path("packet-batches/<int:pk>/", views.packet_batch, name="packet-batch"),
]
