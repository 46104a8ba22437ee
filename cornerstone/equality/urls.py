from django.urls import path

app_name = "equality"

urlpatterns: list = []
