from django.urls import path

from interviews.views import interviewer

app_name = "interviews"
urlpatterns: list = [
    # interviewer
    path("interviews/mine/", interviewer.my_interviews, name="mine"),
    path("interviews/<int:pk>/kit/", interviewer.kit, name="kit"),
    path("interviews/<int:pk>/scorecard/", interviewer.scorecard, name="scorecard"),
    path("interviews/<int:pk>/scorecard/draft/", interviewer.autosave, name="scorecard-draft"),
    path("interviews/<int:pk>/scorecard/amend/", interviewer.amend, name="scorecard-amend"),
]
