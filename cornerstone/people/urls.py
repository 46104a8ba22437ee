from django.urls import path

from cornerstone.people import views

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("possible-matches/", views.reviews, name="reviews"),
    path("possible-matches/<int:proposal_id>/", views.review, name="review"),
    path("merges/<int:merge_id>/undo/", views.unmerge, name="unmerge"),
    path("<str:reference>/", views.person, name="person"),
]
