"""The public information pages: no sign-in needed."""

from django.urls import path

from cornerstone.guidance import views

app_name = "about"

urlpatterns = [
    path("", views.public_page, {"page": "index"}, name="index"),
    path("what-prevent-is/", views.public_page, {"page": "what-prevent-is"}, name="what-prevent-is"),
    path("after-a-referral/", views.public_page, {"page": "after-a-referral"}, name="after-a-referral"),
    path(
        "support-is-voluntary/",
        views.public_page,
        {"page": "support-is-voluntary"},
        name="support-is-voluntary",
    ),
    path("your-data/", views.public_page, {"page": "your-data"}, name="your-data"),
]
