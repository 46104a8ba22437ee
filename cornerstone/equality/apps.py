from django.apps import AppConfig


class EqualityConfig(AppConfig):
    name = "cornerstone.equality"
    label = "equality"
    verbose_name = "Equality monitoring"
