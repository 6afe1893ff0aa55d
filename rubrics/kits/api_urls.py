from django.urls import path

from rubrics.kits import api

urlpatterns = [
    path("", api.kit_import, name="api-kit-import"),
    path("<int:pk>/", api.kit_detail, name="api-kit-detail"),
    path("<int:pk>/publish/", api.kit_publish, name="api-kit-publish"),
]
