from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "cornerstone.geography"
    verbose_name = "Reference geography"
