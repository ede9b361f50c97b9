from django.urls import path

from . import views

app_name = "engagement"

urlpatterns = [
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/feed.atom", views.consultation_feed, name="consultation_feed"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/<slug:slug>/publish/", views.consultation_publish,
         name="consultation_publish"),
    path("consultations/<slug:slug>/", views.consultation_detail, name="consultation_detail"),
    path("consultations/<slug:slug>/thank-you/", views.consultation_done,
         name="consultation_done"),
    path("consultations/<slug:slug>/results/", views.consultation_results,
         name="consultation_results"),
    path("consultations/<slug:slug>/results.<str:fmt>", views.consultation_export,
         name="consultation_export"),
    path("consultations/<slug:slug>/results/questions/<uuid:question>/", views.question_answers,
         name="question_answers"),
    path("consultations/<slug:slug>/answers/<str:answer>/themes/", views.answer_themes,
         name="answer_themes"),
    path("consultations/<slug:slug>/themes/", views.theme_list, name="theme_list"),
    path("consultations/<slug:slug>/themes/<str:theme>/", views.theme_detail,
         name="theme_detail"),
    path("you-said-we-did/", views.you_said_we_did, name="you_said_we_did"),
    path("experience/", views.story_list, name="story_list"),
    path("experience/share/", views.story_create, name="story_create"),
    path("assurance/", views.assurance_list, name="assurance_list"),
    path("assurance/<slug:slug>/", views.assurance_project, name="assurance_project"),
    path("self-assessment/", views.self_assessment, name="self_assessment"),
    path("self-assessment/<str:pk>/answer/", views.self_assessment_answer,
         name="self_assessment_answer"),
]  # fmt: skip
