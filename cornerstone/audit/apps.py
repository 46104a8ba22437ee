from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cornerstone.audit"
    verbose_name = "Audit"
