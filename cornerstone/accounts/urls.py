from django.urls import path

from cornerstone.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("second-factor/", views.second_factor, name="second-factor"),
    path("second-factor/backup-codes/", views.backup_codes, name="backup-codes"),
    path("choose-role/", views.choose_role, name="choose-role"),
    path("account/", views.account, name="account"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("account/backup-codes/", views.regenerate_backup_codes, name="regenerate-backup-codes"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "set-password/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="set-password",
    ),
    path("set-password/done/", views.password_set, name="password-set"),
    path("users/", views.users, name="users"),
    path("users/invite/", views.invite_user, name="invite-user"),
    path("users/<int:user_id>/", views.user_detail, name="user-detail"),
    path("users/<int:user_id>/deactivate/", views.deactivate_user, name="deactivate-user"),
    path("memberships/<int:membership_id>/change/", views.change_membership, name="change-membership"),
    path("memberships/<int:membership_id>/remove/", views.end_membership, name="end-membership"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/new/", views.organisation_form, name="organisation-new"),
    path("organisations/<int:organisation_id>/", views.organisation_form, name="organisation-edit"),
]
