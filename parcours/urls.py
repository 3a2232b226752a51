from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from parcours.api.api import api

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", include("parcours.accounts.urls")),
    path("", include("parcours.clients.urls")),
    path("", include("parcours.linkage.urls")),
    path("", include("parcours.casework.urls")),
    path("", include("parcours.households.urls")),
    path("", include("parcours.beds.urls")),
    path("", include("parcours.coordination.urls")),
    path("", include("parcours.housing.urls")),
    path("", include("parcours.community.urls")),
    path("", include("parcours.reports.urls")),
    path("", include("parcours.interop.urls")),
    path("", include("parcours.timeline.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
