from django.urls import path

from cornerstone.assessments import views

app_name = "assessments"

urlpatterns = [
    path("start/<int:referral_id>/<str:kind>/", views.start, name="start"),
    path("<int:assessment_id>/", views.assessment, name="assessment"),
    path("<int:assessment_id>/edit/", views.edit, name="edit"),
    path("frameworks/", views.frameworks, name="frameworks"),
    path("frameworks/<int:framework_id>/new-version/", views.version_start, name="version-start"),
    path("frameworks/versions/<int:version_id>/", views.version, name="version"),
    path("frameworks/versions/<int:version_id>/edit/", views.version_edit, name="version-edit"),
    path("frameworks/versions/<int:version_id>/publish/", views.version_publish, name="version-publish"),
]
