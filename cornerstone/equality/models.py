"""Equality monitoring data, kept apart from every case screen.

``EqualityRecord`` holds the protected characteristics given for one referral. It lives in this
app only: no other app's model points at it, its reverse accessor on the referral is switched off
(``related_name="+"``), and nothing but this app's pages and the statistics read it (see
``permissions`` for who may, and ``tests/test_apart.py`` for the checks that keep it so).

``PopulationBaseline`` is one CSV an analyst loaded (counts of people by area and group, for
example census tables); its rows are ``PopulationCount``. They are the denominators of the
disproportionality page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cornerstone.equality.categories import ConditionRecorded, Religion, Sex


class EqualityRecord(models.Model):
    referral = models.OneToOneField("referrals.Referral", on_delete=models.CASCADE, related_name="+")
    # Blank means the question was not answered (not known); "prefer_not_to_say" is an answer.
    ethnicity = models.CharField(max_length=40, blank=True)
    religion = models.CharField(max_length=30, choices=Religion.choices, blank=True)
    sex = models.CharField(max_length=30, choices=Sex.choices, blank=True)
    condition_recorded = models.CharField(max_length=30, choices=ConditionRecorded.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(religion__in=[*Religion.values, ""]), name="equality_religion_known"
            ),
            models.CheckConstraint(condition=Q(sex__in=[*Sex.values, ""]), name="equality_sex_known"),
            models.CheckConstraint(
                condition=Q(condition_recorded__in=[*ConditionRecorded.values, ""]),
                name="equality_condition_known",
            ),
        ]

    def __str__(self) -> str:
        # Shown in audit and access logs: never the answers themselves.
        return f"Equality monitoring record {self.pk}"


class Characteristic(models.TextChoices):
    ETHNICITY = "ethnicity", "Ethnicity"
    RELIGION = "religion", "Religion"
    SEX = "sex", "Sex"
    AGE_BAND = "age_band", "Age band"


class PopulationBaseline(models.Model):
    """One loaded CSV file of population counts."""

    file_name = models.CharField(max_length=200)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    loaded_by_label = models.CharField(max_length=300)
    loaded_at = models.DateTimeField(default=timezone.now)
    row_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-loaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Population baseline {self.file_name} ({self.row_count} rows)"


class PopulationCount(models.Model):
    baseline = models.ForeignKey(PopulationBaseline, on_delete=models.CASCADE, related_name="counts")
    # A local authority register code (WRT), a Prevent region code (north-west) or "national".
    area_code = models.CharField(max_length=60)
    characteristic = models.CharField(max_length=20, choices=Characteristic.choices)
    group = models.CharField(max_length=40)
    count = models.PositiveIntegerField()
    source = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["baseline", "area_code", "characteristic", "group", "year"],
                name="population_count_once_per_file",
            ),
            models.CheckConstraint(
                condition=Q(characteristic__in=Characteristic.values), name="population_characteristic_known"
            ),
        ]
        indexes = [models.Index(fields=["area_code", "characteristic"], name="population_area_kind")]

    def __str__(self) -> str:
        return f"{self.area_code} {self.characteristic} {self.group}: {self.count}"
