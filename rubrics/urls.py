from django.urls import include, path

from rubrics import views

app_name = "rubrics"
urlpatterns = [
    path("", views.index, name="index"),
    path("roles/<int:pk>/matrix/", views.matrix, name="matrix"),
    path("loops/<int:pk>/", views.loop, name="loop"),
    path("kits/", include("rubrics.kits.urls")),
]
