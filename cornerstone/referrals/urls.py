from django.urls import path

from cornerstone.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("drafts/", views.drafts, name="drafts"),
    path("yours/", views.mine, name="mine"),
    path("organisation/", views.organisation_referrals, name="organisation"),
    path("screening/", views.queue, name="queue"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:referral_id>/", views.detail, name="detail"),
    path("<int:referral_id>/receipt/", views.record_receipt, name="receipt"),
    path("<int:referral_id>/check/", views.check, name="check"),
    path("<int:referral_id>/confirmation/", views.confirmation, name="confirmation"),
    path("<int:referral_id>/delete/", views.delete_draft, name="delete-draft"),
    path("<int:referral_id>/<slug:slug>/", views.step, name="step"),
]
