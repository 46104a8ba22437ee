from django.urls import path

from cornerstone.channel import views

app_name = "channel"

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("<int:referral_id>/", views.case_detail, name="case"),
    path("<int:referral_id>/accept/", views.case_accept, name="accept"),
    path("<int:referral_id>/information-requests/new/", views.request_new, name="request-new"),
    path("<int:referral_id>/list-for-panel/", views.list_for_panel, name="list-for-panel"),
    path("<int:referral_id>/consent/", views.consent, name="consent"),
    path("information-requests/", views.inbox, name="inbox"),
    path("information-requests/<int:request_id>/", views.request_detail, name="request"),
    path("information-requests/<int:request_id>/withdraw/", views.request_withdraw, name="request-withdraw"),
]
