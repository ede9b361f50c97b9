from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("places/", views.subject_list, name="subject_list"),
    path("places/<str:code>/", views.subject_dashboard, name="subject_dashboard"),
    path("places/<str:code>/rating/", views.subject_rating, name="subject_rating"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_create, name="import_create"),
    path("rating-schemes/", views.scheme_list, name="scheme_list"),
    path("rating-schemes/new/", views.scheme_create, name="scheme_create"),
    path("rating-schemes/<slug:slug>/edit/", views.scheme_edit, name="scheme_edit"),
]
