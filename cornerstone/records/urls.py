from django.urls import path

from cornerstone.records import views

app_name = "records"

urlpatterns = [
    path("", views.reviews, name="reviews"),
    path("reviews/<int:review_id>/", views.review, name="review"),
    path("rules/", views.rules, name="rules"),
    path("rules/<int:rule_id>/", views.rule_edit, name="rule-edit"),
    path("certificates/<str:number>/", views.certificate, name="certificate"),
]
