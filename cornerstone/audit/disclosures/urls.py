from django.urls import path

from cornerstone.audit.disclosures import views

app_name = "disclosures"

urlpatterns = [
    path("", views.register, name="register"),
    path("export.csv", views.register_export, name="register-export"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/new/", views.agreement_form, name="agreement-new"),
    path("agreements/<int:agreement_id>/", views.agreement_form, name="agreement-edit"),
    path("record/<int:referral_id>/", views.record, name="record"),
]
