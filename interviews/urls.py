from django.urls import path

from interviews.views import candidate, recruiter

app_name = "interviews"
urlpatterns: list = [
    # candidate and recruiter
    path("apply/<int:pk>/", candidate.apply, name="apply"),
    path("apply/<int:pk>/submitted/", candidate.applied, name="applied"),
    path("requisitions/", recruiter.requisitions, name="requisitions"),
    path("requisitions/<int:pk>/", recruiter.pipeline, name="pipeline"),
    path("applications/<int:pk>/", recruiter.application_detail, name="application"),
    path("applications/<int:pk>/resume/", recruiter.resume_file, name="resume-file"),
    path("applications/<int:pk>/move/", recruiter.move, name="move"),
    path("applications/<int:pk>/resume-review/", recruiter.resume_review, name="resume-review"),
    path("applications/<int:pk>/rounds/<int:round_pk>/assign/", recruiter.assign, name="assign"),
    path("videos/<int:pk>/", recruiter.video_file, name="video-file"),
    path("videos/<int:pk>/review/", recruiter.video_review, name="video-review"),
]
