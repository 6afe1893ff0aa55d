from django.urls import include, path

from rubrics import views
from rubrics.builder import views as builder

app_name = "rubrics"
urlpatterns = [
    path("", views.index, name="index"),
    path("roles/<int:pk>/matrix/", views.matrix, name="matrix"),
    path("loops/<int:pk>/", views.loop, name="loop"),
    path("kits/", include("rubrics.kits.urls")),
    path("build/", builder.role, name="build-role"),
    path("build/<int:pk>/competencies/", builder.framework, name="build-framework"),
    path("build/<int:pk>/question/", builder.question, name="build-question"),
    path("build/<int:pk>/loop/", builder.loop, name="build-loop"),
]
