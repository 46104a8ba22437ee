from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "cornerstone.support"
    verbose_name = "Support plans"
