from django.urls import path

app_name = "subject_access"

urlpatterns: list = []
