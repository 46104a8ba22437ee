from django.urls import path

from cornerstone.guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.library, name="library"),
    path("documents/new/", views.document_new, name="document-new"),
    path("documents/<int:document_id>/", views.document_detail, name="document"),
    path("documents/<int:document_id>/new-version/", views.version_new, name="version-new"),
    path("versions/<int:version_id>/download/", views.download, name="download"),
    path("advice/", views.advice, name="advice"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/new/", views.contact_form, name="contact-new"),
    path("contacts/<int:contact_id>/change/", views.contact_form, name="contact-edit"),
    path("contacts/<int:contact_id>/remove/", views.contact_remove, name="contact-remove"),
]
