from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "cornerstone.guidance"
    verbose_name = "Contacts and guidance"
