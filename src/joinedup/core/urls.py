from django.contrib.auth import views as auth_views
from django.urls import path

from . import ops, views
from .forms import SignInForm

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
    path("metrics", ops.metrics, name="metrics"),
    path("partners/", views.organisation_list, name="organisation_list"),
    path("partners/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="core/sign_in.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="sign_in",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign_out"),
    path("account/", views.account, name="account"),
    path("account/tokens/", views.api_token_create, name="api_token_create"),
    path("account/tokens/<uuid:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("account/sessions/<uuid:sign_in_id>/sign-out/", views.sign_in_end, name="sign_in_end"),
    path(
        "account/sessions/sign-out-others/",
        views.sign_ins_end_others,
        name="sign_ins_end_others",
    ),
]
