from django.urls import path

from cornerstone.api import views

app_name = "api_clients"

# Managing partner API credentials: organisation administrators, signed in.
urlpatterns = [
    path("", views.clients, name="clients"),
    path("new/", views.client_new, name="client-new"),
    path("<int:client_id>/", views.client_detail, name="client"),
    path("<int:client_id>/revoke/", views.client_revoke, name="client-revoke"),
]
