from django.urls import path

from cornerstone.support import views

app_name = "support"

urlpatterns = [
    path("", views.provider_cases, name="cases"),
    path("overdue/", views.overdue, name="overdue"),
    path("case/<int:referral_id>/interventions/new/", views.intervention_new, name="intervention-new"),
    path("interventions/<int:intervention_id>/", views.intervention_detail, name="intervention"),
    path(
        "interventions/<int:intervention_id>/change/", views.intervention_change, name="intervention-change"
    ),
    path("interventions/<int:intervention_id>/end/", views.intervention_end, name="intervention-end"),
]
