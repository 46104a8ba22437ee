"""Every read of the engagement log goes through these, so that scoping by area is decided in
one place: the list, the detail pages, the exports and the dashboard all start from
``engagements_visible_to``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation, User
from cornerstone.engagement.models import Action, Engagement, EngagementType, Theme
from cornerstone.engagement.permissions import can_view_engagements
from cornerstone.geography.models import LocalAuthority
from cornerstone.geography.selectors import local_authorities_covered


def engagement_areas_of(actor: Actor) -> QuerySet[LocalAuthority]:
    """The local authorities the actor's organisation covers, however its area is recorded
    (local authorities, police force areas or Prevent regions)."""
    organisation = actor.organisation
    if organisation is None:
        return LocalAuthority.objects.none()
    return local_authorities_covered(
        prevent_regions=organisation.prevent_regions.all(),
        police_force_areas=organisation.police_force_areas.all(),
        local_authorities=organisation.local_authorities.all(),
    ).order_by("name")


def engagements_visible_to(actor: Actor) -> QuerySet[Engagement]:
    """Engagements in the actor's area, for the roles that use the log; nothing for anyone else."""
    engagements = Engagement.objects.select_related("local_authority")
    if not can_view_engagements(actor):
        return engagements.none()
    return engagements.filter(local_authority__in=engagement_areas_of(actor).values("pk"))


def actions_visible_to(actor: Actor) -> QuerySet[Action]:
    return Action.objects.select_related("engagement", "owner_user").filter(
        engagement__in=engagements_visible_to(actor).values("pk")
    )


def with_details(engagements: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """Everything the list, detail and export show, in a fixed number of queries."""
    return engagements.select_related(
        "local_authority", "recorded_by", "recorded_by_organisation", "published_by"
    ).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
        Prefetch("actions", queryset=Action.objects.select_related("owner_user").order_by("due_on", "pk")),
    )


@dataclass(frozen=True)
class EngagementFilter:
    local_authority: LocalAuthority | None = None
    type: str = ""
    theme: Theme | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def engagements_matching(engagements: QuerySet[Engagement], search: EngagementFilter) -> QuerySet[Engagement]:
    if search.local_authority is not None:
        engagements = engagements.filter(local_authority=search.local_authority)
    if search.type:
        engagements = engagements.filter(type=search.type)
    if search.theme is not None:
        engagements = engagements.filter(pk__in=Engagement.objects.filter(themes=search.theme).values("pk"))
    if search.date_from is not None:
        engagements = engagements.filter(date__gte=search.date_from)
    if search.date_to is not None:
        engagements = engagements.filter(date__lte=search.date_to)
    return engagements


def themes_for_choice(*, also: QuerySet[Theme] | None = None) -> QuerySet[Theme]:
    """The current themes, and any older ones a record being changed already has."""
    condition = Q(is_current=True)
    if also is not None:
        condition |= Q(pk__in=also.values("pk"))
    return Theme.objects.filter(condition).order_by("order", "name")


def organisations_for_choice(
    actor: Actor, *, also: QuerySet[Organisation] | None = None
) -> QuerySet[Organisation]:
    """Active organisations working anywhere in the actor's area (and any a record already names)."""
    areas = engagement_areas_of(actor)
    condition = (
        Q(local_authorities__in=areas.values("pk"))
        | Q(police_force_areas__in=areas.values("police_force_area"))
        | Q(prevent_regions__in=areas.values("prevent_region"))
    )
    ids = Organisation.objects.filter(condition, is_active=True).values("pk")
    wanted = Q(pk__in=ids)
    if also is not None:
        wanted |= Q(pk__in=also.values("pk"))
    return Organisation.objects.filter(wanted).order_by("name")


def action_owners_for(actor: Actor) -> QuerySet[User]:
    """Staff an action can be given to: active members of the actor's own organisation."""
    if actor.organisation is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=actor.organisation,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


# The public "you said, we did" page ---------------------------------------------------------


def published_engagements() -> QuerySet[Engagement]:
    """Published summaries, for anyone: only what the public page shows is fetched with them."""
    return (
        Engagement.objects.filter(published_at__isnull=False)
        .select_related("local_authority")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("due_on", "pk")))
        .order_by("local_authority__name", "-date", "-pk")
    )


def published_areas() -> QuerySet[LocalAuthority]:
    return LocalAuthority.objects.filter(
        pk__in=Engagement.objects.filter(published_at__isnull=False).values("local_authority")
    ).order_by("name")


# The dashboard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True)
class DashboardNumbers:
    total: int
    by_area: tuple[Tally, ...]
    by_type: tuple[Tally, ...]
    by_theme: tuple[Tally, ...]
    over_time: tuple[Tally, ...]
    period_label: str
    theme_versions: tuple[str, ...]


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the calendar quarter a date falls in."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(start: dt.date) -> str:
    end = dt.date(start.year, start.month + 2, 1)
    return f"{start:%B} to {end:%B} {start.year}"


def dashboard_numbers(
    engagements: QuerySet[Engagement], *, date_from: dt.date, date_to: dt.date, by: str = "month"
) -> DashboardNumbers:
    """Counts of engagements in a period by area, type, theme and month (or quarter). An
    engagement with several themes counts once under each of them."""
    period = engagements.filter(date__gte=date_from, date__lte=date_to)
    by_area = tuple(
        Tally(row["local_authority__name"], row["n"])
        for row in period.order_by()
        .values("local_authority__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "local_authority__name")
    )
    type_counts = Counter(dict(period.order_by().values_list("type").annotate(n=Count("pk"))))
    by_type = tuple(Tally(str(label), type_counts.get(value, 0)) for value, label in EngagementType.choices)
    theme_rows = (
        Theme.objects.filter(engagements__in=period.values("pk"))
        .values("name", "version", "order")
        .annotate(n=Count("engagements"))
        .order_by("order", "name")
    )
    by_theme = tuple(Tally(row["name"], row["n"]) for row in theme_rows)
    versions = tuple(sorted({row["version"] for row in theme_rows}))
    month_counts = Counter(
        {
            (month.date() if isinstance(month, dt.datetime) else month): n
            for month, n in period.order_by()
            .annotate(month=TruncMonth("date"))
            .values_list("month")
            .annotate(n=Count("pk"))
        }
    )
    months = _months(date_from, date_to)
    if by == "quarter":
        quarters: dict[dt.date, int] = {}
        for month in months:
            start = quarter_start(month)
            quarters[start] = quarters.get(start, 0) + month_counts.get(month, 0)
        over_time = tuple(Tally(quarter_label(start), n) for start, n in quarters.items())
    else:
        over_time = tuple(Tally(f"{month:%B %Y}", month_counts.get(month, 0)) for month in months)
    return DashboardNumbers(
        total=period.count(),
        by_area=by_area,
        by_type=by_type,
        by_theme=by_theme,
        over_time=over_time,
        period_label=f"{date_from.day} {date_from:%B %Y} to {date_to.day} {date_to:%B %Y}",
        theme_versions=versions,
    )
