from django.urls import path

from cornerstone.subject_access import views

app_name = "subject_access"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.request_new, name="request-new"),
    path("<int:request_id>/", views.request_detail, name="request"),
    path("<int:request_id>/start/", views.request_start, name="request-start"),
    path("<int:request_id>/extend/", views.request_extend, name="request-extend"),
    path("<int:request_id>/refuse/", views.request_refuse, name="request-refuse"),
    path("<int:request_id>/gather/", views.request_gather, name="request-gather"),
    path("<int:request_id>/redaction/", views.redaction, name="redaction"),
    path("<int:request_id>/redaction/redact/", views.redact, name="redact"),
    path(
        "<int:request_id>/redaction/<int:redaction_id>/remove/",
        views.redaction_remove,
        name="redaction-remove",
    ),
    path("<int:request_id>/redaction/confirm/", views.redaction_confirm, name="redaction-confirm"),
    path("<int:request_id>/sent/", views.request_sent, name="request-sent"),
    path("<int:request_id>/response.json", views.response_json, name="response-json"),
    path("<int:request_id>/response.pdf", views.response_pdf, name="response-pdf"),
]
