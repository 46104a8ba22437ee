from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cornerstone.notifications"
    verbose_name = "Notifications"
