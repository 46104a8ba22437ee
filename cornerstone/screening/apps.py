from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "cornerstone.screening"
    verbose_name = "Police screening"
