from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cornerstone.demo"
    verbose_name = "Synthetic demo data"
