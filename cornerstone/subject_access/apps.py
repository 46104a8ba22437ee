from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "cornerstone.subject_access"
    label = "subject_access"
    verbose_name = "Subject access requests"
