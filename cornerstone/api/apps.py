from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cornerstone.api"
    label = "api"
    verbose_name = "Partner API"
