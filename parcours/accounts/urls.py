from django.urls import path

from parcours.accounts import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit_log"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<uuid:staff_id>/", views.staff_detail, name="staff_detail"),
    path("staff/<uuid:staff_id>/access/", views.staff_access, name="staff_access"),
    path(
        "first-sign-in/<uidb64>/<token>/",
        views.FirstSignInView.as_view(),
        name="first_sign_in",
    ),
    path(
        "staff/<uuid:staff_id>/deactivate/",
        views.staff_set_active,
        {"active": False},
        name="staff_deactivate",
    ),
    path(
        "staff/<uuid:staff_id>/reactivate/",
        views.staff_set_active,
        {"active": True},
        name="staff_reactivate",
    ),
    path("staff/<uuid:staff_id>/password/", views.staff_password, name="staff_password"),
    path(
        "staff/<uuid:staff_id>/two-factor/remove/",
        two_factor_views.staff_two_factor_remove,
        name="staff_two_factor_remove",
    ),
    path("two-factor/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor_views.two_factor_enrol, name="two_factor_enrol"),
    path("account/two-factor/", two_factor_views.two_factor_page, name="two_factor"),
    path(
        "account/two-factor/recovery-codes/",
        two_factor_views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(
        "account/two-factor/remove/",
        two_factor_views.two_factor_remove,
        name="two_factor_remove",
    ),
    path("account/api-tokens/", views.api_tokens, name="api_tokens"),
    path(
        "account/api-tokens/<uuid:token_id>/revoke/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
]
