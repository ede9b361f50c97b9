from django.urls import path

from . import feeds, views, workflow

app_name = "governance"

urlpatterns = [
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<slug:slug>/", views.body_detail, name="body_detail"),
    path("bodies/<slug:slug>/calendar.ics", feeds.body_calendar_feed, name="body_calendar_feed"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/calendar.ics", feeds.calendar_feed, name="calendar_feed"),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("papers/<uuid:paper_id>/", views.paper_download, name="paper_download"),
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path(
        "recommendations/<str:reference>/",
        views.recommendation_detail,
        name="recommendation_detail",
    ),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/<str:reference>/", views.decision_detail, name="decision_detail"),
    path("actions/", views.action_list, name="action_list"),
    path("escalations/", views.escalation_list, name="escalation_list"),
    path("escalations/<uuid:escalation_id>/", views.escalation_detail, name="escalation_detail"),
    path(
        "oversight-recommendations/",
        views.oversight_recommendation_list,
        name="oversight_recommendation_list",
    ),
    path("members/<uuid:person_id>/interests/", views.interest_list, name="interest_list"),
    path("feeds/decisions.atom", feeds.decisions_feed, name="decisions_feed"),
]

# The secretary's workflow, a partner's response, the answer to an escalation, the work plan, a
# member's interests and actions, and a member's own business.
urlpatterns += [
    path("meetings/new/", workflow.meeting_create, name="meeting_create"),
    path("meetings/<uuid:meeting_id>/manage/", workflow.meeting_manage, name="meeting_manage"),
    path("meetings/<uuid:meeting_id>/status/", workflow.meeting_move, name="meeting_move"),
    path("meetings/<uuid:meeting_id>/items/", workflow.item_create, name="item_create"),
    path("meetings/<uuid:meeting_id>/papers/", workflow.paper_create, name="paper_create"),
    path(
        "meetings/<uuid:meeting_id>/attendance/",
        workflow.attendance_record,
        name="attendance_record",
    ),
    path(
        "meetings/<uuid:meeting_id>/declarations/",
        workflow.declaration_create,
        name="declaration_create",
    ),
    path(
        "meetings/<uuid:meeting_id>/recommendations/",
        workflow.recommendation_create,
        name="recommendation_create",
    ),
    path("meetings/<uuid:meeting_id>/decisions/", workflow.decision_create, name="decision_create"),
    path("meetings/<uuid:meeting_id>/actions/", workflow.action_create, name="action_create"),
    path("meetings/<uuid:meeting_id>/minutes/", workflow.minutes_save, name="minutes_save"),
    path(
        "meetings/<uuid:meeting_id>/minutes/approve/",
        workflow.minutes_approve,
        name="minutes_approve",
    ),
    path(
        "meetings/<uuid:meeting_id>/escalations/",
        workflow.escalation_create,
        name="escalation_create",
    ),
    path(
        "meetings/<uuid:meeting_id>/papers/re-exempt/",
        workflow.paper_re_exempt,
        name="paper_re_exempt",
    ),
    path("meetings/<uuid:meeting_id>/terms/approve/", workflow.terms_approve, name="terms_approve"),
    path(
        "escalations/<uuid:escalation_id>/respond/",
        workflow.escalation_respond,
        name="escalation_respond",
    ),
    path(
        "bodies/<slug:slug>/forward-plan/new/", workflow.plan_item_create, name="plan_item_create"
    ),
    path(
        "members/<uuid:person_id>/interests/new/",
        workflow.interest_create,
        name="interest_create",
    ),
    path("actions/<uuid:action_id>/complete/", workflow.action_complete, name="action_complete"),
    path(
        "recommendations/<str:reference>/respond/",
        workflow.recommendation_respond,
        name="recommendation_respond",
    ),
    path("my/", workflow.my_business, name="my_business"),
]
