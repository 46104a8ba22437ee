from django.urls import path

from cornerstone.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.service_list, name="services"),
    path("services/new/", views.service_form, name="service-new"),
    path("services/<int:service_id>/", views.service_detail, name="service"),
    path("services/<int:service_id>/change/", views.service_form, name="service-edit"),
    path("services/<int:service_id>/confirm/", views.service_confirm, name="service-confirm"),
    path("services/<int:service_id>/withdraw/", views.service_withdraw, name="service-withdraw"),
    path("intervention-providers/", views.provider_list, name="providers"),
    path("intervention-providers/new/", views.provider_form, name="provider-new"),
    path("intervention-providers/<int:provider_id>/", views.provider_detail, name="provider"),
    path("intervention-providers/<int:provider_id>/change/", views.provider_form, name="provider-edit"),
]
