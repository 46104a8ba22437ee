from django.urls import path

from cornerstone.engagement import views

app_name = "engagement"

urlpatterns = [
    path("", views.engagement_list, name="list"),
    path("export.csv", views.engagement_export, {"file_format": "csv"}, name="export-csv"),
    path("export.ods", views.engagement_export, {"file_format": "ods"}, name="export-ods"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("new/", views.engagement_form, name="new"),
    path("<int:engagement_id>/", views.engagement_detail, name="detail"),
    path("<int:engagement_id>/change/", views.engagement_form, name="edit"),
    path("<int:engagement_id>/actions/new/", views.action_new, name="action-new"),
    path("<int:engagement_id>/actions/<int:action_id>/done/", views.action_complete, name="action-complete"),
    path("<int:engagement_id>/publish/", views.engagement_publish, name="publish"),
    path("<int:engagement_id>/unpublish/", views.engagement_unpublish, name="unpublish"),
    # The public page: no sign-in (see _OPEN_BEFORE_SECOND_FACTOR in accounts/middleware.py).
    path("you-said-we-did/", views.public_summaries, name="public"),
]
