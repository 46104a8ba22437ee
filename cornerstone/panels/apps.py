from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "cornerstone.panels"
    verbose_name = "Channel panels"
