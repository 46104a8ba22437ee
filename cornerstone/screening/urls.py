from django.urls import path

from cornerstone.screening import views

app_name = "screening"

urlpatterns = [
    path("policy/", views.policy, name="policy"),
    path("<int:referral_id>/deconfliction/", views.deconfliction, name="deconfliction"),
    path("<int:referral_id>/decision/", views.decide, name="decide"),
    path("<int:referral_id>/approval/", views.approval, name="approval"),
    path("<int:referral_id>/close/", views.close, name="close"),
    path("<int:referral_id>/refer-to-channel/", views.refer, name="refer"),
]
