from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "cornerstone.records"
    label = "records"
    verbose_name = "Retention and erasure"
