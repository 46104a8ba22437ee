from django.contrib.auth.decorators import login_not_required
from django.urls import path

from cornerstone.api import endpoints, views

app_name = "api"

urlpatterns = [
    # The API itself: credentials, not sign-in, decide access.
    path("referrals/", login_not_required(endpoints.ReferralsView.as_view()), name="referrals"),
    path(
        "referrals/<str:reference>/",
        login_not_required(endpoints.ReferralStatusView.as_view()),
        name="referral",
    ),
    path("directory/services/", login_not_required(endpoints.ServicesView.as_view()), name="services"),
    path("directory/providers/", login_not_required(endpoints.ProvidersView.as_view()), name="providers"),
    path(
        "statistics/national-return/",
        login_not_required(endpoints.NationalReturnView.as_view()),
        name="national-return",
    ),
    # Its schema and documentation, public so that a partner's developer can read them first.
    path("schema/", login_not_required(views.SchemaView.as_view()), name="schema"),
    path("docs/", views.documentation, name="docs"),
]
