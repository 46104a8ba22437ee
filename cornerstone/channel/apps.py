from django.apps import AppConfig


class ChannelConfig(AppConfig):
    name = "cornerstone.channel"
    verbose_name = "Channel cases"
