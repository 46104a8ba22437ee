"""The engagement log: community events that police and Prevent teams hold or attend, what was
raised, the actions agreed and what was done about each ("you said, we did").

Nothing here refers to a person in the case system, and nobody who takes part is recorded as a
person: only how many came and, if the organiser chose to count them, anonymous totals by age
band and sex. Those counts are for describing reach; nothing searches, ranks or filters by them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from cornerstone.accounts.models import Organisation
from cornerstone.geography.models import LocalAuthority


class EngagementType(models.TextChoices):
    COMMUNITY_MEETING = "community_meeting", "Community meeting"
    PREVENT_ADVISORY_GROUP = "prevent_advisory_group", "Prevent advisory group"
    FAITH_FORUM = "faith_forum", "Faith forum"
    SCHOOL_OR_COLLEGE = "school_or_college", "School or college session"
    TRAINING = "training", "Training"
    TABLETOP_EXERCISE = "tabletop_exercise", "Tabletop exercise"
    OTHER = "other", "Other"


class Theme(models.Model):
    """A theme raised at engagements, in one version of the taxonomy (see ``themes.py``)."""

    version = models.CharField(max_length=20)
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="engagement_theme_code_per_version")
        ]

    def __str__(self) -> str:
        return self.name


# The anonymous counts an organiser may record, as (field, label). Each is optional.
AGE_BANDS: tuple[tuple[str, str], ...] = (
    ("age_under_18", "Under 18"),
    ("age_18_to_34", "18 to 34"),
    ("age_35_to_64", "35 to 64"),
    ("age_65_and_over", "65 and over"),
)
SEX_COUNTS: tuple[tuple[str, str], ...] = (("count_women", "Women and girls"), ("count_men", "Men and boys"))
DEMOGRAPHIC_FIELDS: tuple[str, ...] = tuple(name for name, _ in AGE_BANDS + SEX_COUNTS)


def _total(names: tuple[str, ...]) -> models.Expression:
    total: models.Expression = Coalesce(models.F(names[0]), 0)
    for name in names[1:]:
        total = total + Coalesce(models.F(name), 0)  # type: ignore[assignment]
    return total


def _count_field(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True)


class Engagement(models.Model):
    title = models.CharField(max_length=200)
    type = models.CharField(max_length=30, choices=EngagementType.choices)
    date = models.DateField()
    venue = models.CharField(max_length=200)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="engagements")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="engagements_attended")
    # Community groups and others not in the system, one a line.
    other_organisations = models.TextField(blank=True)
    headcount = models.PositiveIntegerField()
    age_under_18 = _count_field("Under 18")
    age_18_to_34 = _count_field("18 to 34")
    age_35_to_64 = _count_field("35 to 64")
    age_65_and_over = _count_field("65 and over")
    count_women = _count_field("Women and girls")
    count_men = _count_field("Men and boys")
    themes = models.ManyToManyField(Theme, related_name="engagements")
    concerns = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    public_summary = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=EngagementType.values), name="engagement_type_known"
            ),
            models.CheckConstraint(
                condition=models.Q(headcount__gte=0), name="engagement_headcount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(headcount__gte=_total(tuple(name for name, _ in AGE_BANDS))),
                name="engagement_age_bands_within_headcount",
            ),
            models.CheckConstraint(
                condition=models.Q(headcount__gte=_total(tuple(name for name, _ in SEX_COUNTS))),
                name="engagement_sex_counts_within_headcount",
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | ~models.Q(public_summary=""),
                name="engagement_published_has_summary",
            ),
        ]
        indexes = [
            models.Index(fields=["local_authority", "date"], name="engagement_area_date"),
            models.Index(fields=["date"], name="engagement_date"),
            models.Index(fields=["published_at"], name="engagement_published"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d %B %Y})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def other_organisation_list(self) -> list[str]:
        return [line.strip() for line in self.other_organisations.splitlines() if line.strip()]

    @property
    def age_counts(self) -> list[tuple[str, int | None]]:
        return [(label, getattr(self, name)) for name, label in AGE_BANDS]

    @property
    def sex_counts(self) -> list[tuple[str, int | None]]:
        return [(label, getattr(self, name)) for name, label in SEX_COUNTS]

    @property
    def has_demographics(self) -> bool:
        return any(getattr(self, name) is not None for name in DEMOGRAPHIC_FIELDS)


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class Action(models.Model):
    """Something agreed at an engagement: what people said, what we agreed to do, who owns it
    and by when, and, once done, what was done ("we did")."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="actions")
    you_said = models.TextField()
    agreed_action = models.TextField()
    # The owner is a member of staff who uses the system, or a role or organisation named in words.
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    we_did = models.TextField(blank=True)
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ActionStatus.values), name="action_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(owner_user__isnull=False) | ~models.Q(owner_name=""),
                name="action_has_owner",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ActionStatus.OPEN, done_on__isnull=True)
                | (models.Q(status=ActionStatus.DONE, done_on__isnull=False) & ~models.Q(we_did="")),
                name="action_done_has_response_and_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="engagement_action_due")]

    def __str__(self) -> str:
        return self.agreed_action[:80]

    @property
    def is_done(self) -> bool:
        return self.status == ActionStatus.DONE

    @property
    def owner(self) -> str:
        if self.owner_user is not None:
            return self.owner_user.full_name
        return self.owner_name
