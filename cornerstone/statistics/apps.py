from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "cornerstone.statistics"
    label = "statistics"
    verbose_name = "Statistics and oversight"
