from django.urls import path

from interviews.views import candidate, interviewer, recruiter, requisitions

app_name = "interviews"
urlpatterns: list = [
    # candidate and recruiter
    path("apply/<int:pk>/", candidate.apply, name="apply"),
    path("apply/<int:pk>/submitted/", candidate.applied, name="applied"),
    path("requisitions/", recruiter.requisitions, name="requisitions"),
    path("requisitions/new/", requisitions.create, name="requisition-create"),
    path("requisitions/<int:pk>/", recruiter.pipeline, name="pipeline"),
    path("requisitions/<int:pk>/edit/", requisitions.edit, name="requisition-edit"),
    path("requisitions/<int:pk>/close/", requisitions.close, name="requisition-close"),
    path("applications/<int:pk>/", recruiter.application_detail, name="application"),
    path("applications/<int:pk>/resume/", recruiter.resume_file, name="resume-file"),
    path("applications/<int:pk>/move/", recruiter.move, name="move"),
    path("applications/<int:pk>/resume-review/", recruiter.resume_review, name="resume-review"),
    path("applications/<int:pk>/rounds/<int:round_pk>/assign/", recruiter.assign, name="assign"),
    path("videos/<int:pk>/", recruiter.video_file, name="video-file"),
    path("videos/<int:pk>/review/", recruiter.video_review, name="video-review"),
    # interviewer
    path("interviews/mine/", interviewer.my_interviews, name="mine"),
    path("interviews/<int:pk>/kit/", interviewer.kit, name="kit"),
    path("interviews/<int:pk>/scorecard/", interviewer.scorecard, name="scorecard"),
    path("interviews/<int:pk>/scorecard/draft/", interviewer.autosave, name="scorecard-draft"),
    path("interviews/<int:pk>/scorecard/amend/", interviewer.amend, name="scorecard-amend"),
]
