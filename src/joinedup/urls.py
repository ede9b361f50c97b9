from django.contrib import admin
from django.urls import include, path

from joinedup.api import api

admin.site.site_header = "Joined Up administration"
admin.site.site_title = "Joined Up"

urlpatterns = [
    path("", include("joinedup.core.urls")),
    path("", include("joinedup.governance.urls")),
    path("", include("joinedup.programme.urls")),
    path("", include("joinedup.outcomes.urls")),
    path("", include("joinedup.commissioning.urls")),
    path("", include("joinedup.engagement.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
