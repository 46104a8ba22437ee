from django.urls import path

from cornerstone.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.national_return_page, name="index"),
    path("oversight/", views.oversight_page, name="oversight"),
    path("national-return.csv", views.national_return_download, {"file_format": "csv"}, name="download-csv"),
    path("national-return.ods", views.national_return_download, {"file_format": "ods"}, name="download-ods"),
    path(
        "national-return.json", views.national_return_download, {"file_format": "json"}, name="download-json"
    ),
]
