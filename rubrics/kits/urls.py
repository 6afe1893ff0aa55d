from django.urls import path

from rubrics.kits import views

app_name = "kits"
urlpatterns = [
    path("", views.kit_list, name="list"),
    path("import/", views.kit_import, name="import"),
    path("<int:pk>/kit.yaml", views.kit_download, name="download"),
    path("<int:pk>/publish/", views.kit_publish, name="publish"),
]
