from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "cornerstone.engagement"
    verbose_name = "Engagement log"
