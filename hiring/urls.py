from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from hiring import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("rubrics/", include("rubrics.urls")),
    path("", include("interviews.urls")),
    path("decisions/", include("hiring.decision_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The docs are pages for people: signing in first; the schema answers a token or a session.
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/redoc/", login_required(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
    path("api/kits/", include("rubrics.kits.api_urls")),
    path("api/", include("hiring.api.urls")),
]

handler403 = "hiring.views.forbidden"
handler404 = "hiring.views.not_found"
handler500 = "hiring.views.server_error"
