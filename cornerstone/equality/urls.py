from django.urls import path

from cornerstone.equality import views

app_name = "equality"

urlpatterns = [
    path("referrals/<int:referral_id>/", views.record, name="record"),
    path("disproportionality/", views.disproportionality_page, name="disproportionality"),
    path("population-baseline/", views.baseline_upload, name="baseline"),
]
