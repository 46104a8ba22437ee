from django.urls import include, path

urlpatterns = [
    path("", include("cornerstone.accounts.urls")),
    path("", include("cornerstone.govuk.urls")),
    path("audit/", include("cornerstone.audit.urls")),
    path("disclosures/", include("cornerstone.audit.disclosures.urls")),
    path("people/", include("cornerstone.people.urls")),
    path("referrals/", include("cornerstone.referrals.urls")),
    path("screening/", include("cornerstone.screening.urls")),
    path("assessments/", include("cornerstone.assessments.urls")),
    path("channel/", include("cornerstone.channel.urls")),
    path("panels/", include("cornerstone.panels.urls")),
    path("support/", include("cornerstone.support.urls")),
    path("notifications/", include("cornerstone.notifications.urls")),
    path("partners/", include("cornerstone.partners.urls")),
    path("guidance/", include("cornerstone.guidance.urls")),
    path("about-prevent/", include("cornerstone.guidance.public_urls")),
    path("engagement/", include("cornerstone.engagement.urls")),
    path("exercises/", include("cornerstone.exercises.urls")),
    path("statistics/", include("cornerstone.statistics.urls")),
    path("equality/", include("cornerstone.equality.urls")),
    path("records/", include("cornerstone.records.urls")),
    path("subject-access/", include("cornerstone.subject_access.urls")),
    path("api/v1/", include("cornerstone.api.urls")),
    path("api-clients/", include("cornerstone.api.client_urls")),
]

handler400 = "cornerstone.govuk.views.bad_request"
handler403 = "cornerstone.govuk.views.permission_denied"
handler404 = "cornerstone.govuk.views.page_not_found"
handler500 = "cornerstone.govuk.views.server_error"
