from django.urls import include, path

app_name = "rubrics"
urlpatterns: list = [
    path("kits/", include("rubrics.kits.urls")),
]
