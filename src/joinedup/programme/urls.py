from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("programmes/<slug:slug>/returns/", views.return_tracker, name="return_tracker"),
    path("programmes/<slug:slug>/returns/remind/", views.return_remind, name="return_remind"),
    path("programmes/<slug:slug>/exceptions/", views.exception_list, name="exception_list"),
    path("programmes/<slug:slug>/risks/", views.risk_list, name="risk_list"),
    path("programmes/<slug:slug>/reports/new/", views.report_create, name="report_create"),
    path("programmes/<slug:slug>/raid/", views.raid_log, name="raid_log"),
    path(
        "dependencies/<uuid:dependency_id>/confirm/",
        views.dependency_confirm,
        name="dependency_confirm",
    ),
    path("asks/<uuid:ask_id>/answer/", views.ask_answer, name="ask_answer"),
    path("challenges/<uuid:challenge_id>/reply/", views.challenge_reply, name="challenge_reply"),
    path("projects/<slug:slug>/", views.project_detail, name="project_detail"),
    path("projects/<slug:slug>/returns/<str:month>/", views.return_edit, name="return_edit"),
    path("returns/<uuid:return_id>/", views.return_detail, name="return_detail"),
    path("returns/<uuid:return_id>/attest/", views.return_attest, name="return_attest"),
    path("risks/<str:reference>/", views.risk_detail, name="risk_detail"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<uuid:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:report_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path("reports/<uuid:report_id>/status/", views.report_move, name="report_move"),
]
