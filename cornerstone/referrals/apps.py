from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "cornerstone.referrals"
    verbose_name = "Referrals"
