"""Synthetic engagement records for the demo: thirty engagements across the four Cheshire areas
over the last fifteen months, with themes, anonymous counts, actions (some done, some overdue)
and a few published "you said, we did" summaries. Every venue and group here is made up, and no
person is named.

Running it again changes nothing: engagements are found by their title.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.services import audit_event_record
from cornerstone.engagement.models import Action, ActionStatus, Engagement, EngagementType, Theme
from cornerstone.engagement.themes import THEME_VERSION, ensure_themes
from cornerstone.geography.models import LocalAuthority

AREA_CODES = ("WRT", "HAL", "CHE", "CHW")
DEMO_COUNT = 30

NEIGHBOURHOODS: dict[str, tuple[str, ...]] = {
    "WRT": ("Orford", "Bewsey", "Great Sankey", "Latchford"),
    "HAL": ("Widnes", "Runcorn Old Town", "Halton Brook", "Ditton"),
    "CHE": ("Crewe", "Macclesfield", "Nantwich", "Congleton"),
    "CHW": ("Ellesmere Port", "Northwich", "Winsford", "Blacon"),
}
TITLES: dict[str, str] = {
    EngagementType.COMMUNITY_MEETING: "{place} residents' meeting",
    EngagementType.PREVENT_ADVISORY_GROUP: "{area} Prevent advisory group",
    EngagementType.FAITH_FORUM: "{place} faith forum",
    EngagementType.SCHOOL_OR_COLLEGE: "{place} sixth form session on online harms",
    EngagementType.TRAINING: "Prevent awareness training for {place} youth workers",
    EngagementType.TABLETOP_EXERCISE: "{place} community tabletop exercise",
    EngagementType.OTHER: "{place} community safety stall",
}
VENUES = ("Community Centre", "Library", "Youth Club", "Town Hall", "Leisure Centre", "Methodist Hall")
GROUPS = (
    "Residents' association (demo)",
    "Interfaith network (demo)",
    "Youth voice panel (demo)",
    "Tenants' group (demo)",
    "Parents' forum (demo)",
)
# (theme code, what people said, what was agreed, what was done)
YOU_SAID: tuple[tuple[str, str, str, str], ...] = (
    (
        "local-extremist-activity",
        "Stickers with hateful slogans have appeared on lamp posts near the park.",
        "The council will remove them and the neighbourhood team will patrol the area.",
        "All the stickers were removed within a week and patrols were increased for a month.",
    ),
    (
        "understanding-prevent",
        "People do not understand what Prevent is and worry it is about spying.",
        "Hold an open question-and-answer session about Prevent.",
        "An open session was held at the library; 40 people came and the slides are online.",
    ),
    (
        "online-harms",
        "Parents want help to talk to their children about extreme content online.",
        "Run an online safety evening for parents with the schools.",
        "Two online safety evenings were run with local schools and a leaflet was shared.",
    ),
    (
        "places-of-worship",
        "Worshippers feel unsafe walking to evening prayers.",
        "Review street lighting and add the route to evening patrols.",
        "Two broken street lights were repaired and the route was added to patrols.",
    ),
    (
        "hate-crime",
        "People are not sure how to report hate incidents.",
        "Share how to report hate crime, including third-party reporting centres.",
        "Cards on how to report were given to every community centre and place of worship.",
    ),
    (
        "young-people",
        "There is nothing for young people to do in the evenings.",
        "Ask the youth service about extending opening hours.",
        "The youth club now opens on Friday evenings as well.",
    ),
    (
        "trust-in-police",
        "People want to know who their neighbourhood officers are.",
        "Publish the team's names, photos and surgery times.",
        "Details of the team and monthly surgeries are now in the newsletter.",
    ),
)


def _date(rng: random.Random, today: dt.date, index: int) -> dt.date:
    # Spread across the last fifteen months, roughly two a month.
    return today - dt.timedelta(days=5 + index * 14 + rng.randint(0, 6))


def seed_demo_engagement(world: Any, *, seed: int, now: dt.datetime | None = None) -> list[Engagement]:
    """Create the demo engagement log (again and again without duplicates). ``world`` is the
    ``DemoWorld`` from ``cornerstone.demo.generator.build_demo_world``."""
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, not a secret
    now = now or timezone.now()
    today = timezone.localdate(now)
    ensure_themes()
    themes = {t.code: t for t in Theme.objects.filter(version=THEME_VERSION)}
    areas = {la.code: la for la in LocalAuthority.objects.filter(code__in=AREA_CODES)}
    membership = world.memberships_by_role[Role.COMMUNITY_ENGAGEMENT_OFFICER]
    recorder, organisation = membership.user, membership.organisation
    partners = [
        world.organisations[key]
        for key in ("warrington", "halton", "community", "youth", "secondary", "college")
        if key in world.organisations
    ]
    actor = Actor.system("demo data")
    types = list(EngagementType.values)
    made: list[Engagement] = []
    with transaction.atomic():
        for index in range(DEMO_COUNT):
            code = AREA_CODES[index % len(AREA_CODES)]
            if code not in areas:
                continue
            area = areas[code]
            kind = types[(index * 3 + index // 4) % len(types)]
            place = NEIGHBOURHOODS[code][(index // len(AREA_CODES)) % len(NEIGHBOURHOODS[code])]
            title = f"{TITLES[kind].format(place=place, area=area.name)} ({index + 1:02d})"
            date = _date(rng, today, index)
            headcount = rng.randint(8, 90)
            chosen = rng.sample(YOU_SAID, k=rng.randint(1, 3))
            counted = index % 3 != 0
            under_18 = rng.randint(0, headcount // 3) if counted else None
            engagement, created = Engagement.objects.get_or_create(
                title=title,
                defaults={
                    "type": kind,
                    "date": date,
                    "venue": f"{place} {rng.choice(VENUES)}",
                    "local_authority": area,
                    "other_organisations": "\n".join(rng.sample(GROUPS, k=rng.randint(0, 2))),
                    "headcount": headcount,
                    "age_under_18": under_18,
                    "age_18_to_34": (headcount - (under_18 or 0)) // 3 if counted else None,
                    "count_women": headcount // 2 if counted else None,
                    "count_men": headcount - headcount // 2 - 1 if counted and headcount > 1 else None,
                    "concerns": " ".join(said for _, said, _, _ in chosen),
                    "recorded_by": recorder,
                    "recorded_by_organisation": organisation,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            made.append(engagement)
            if not created:
                continue
            codes = {theme_code for theme_code, _, _, _ in chosen}
            if rng.random() < 0.4:
                codes.add(rng.choice(list(themes)))
            engagement.themes.set([themes[c] for c in sorted(codes) if c in themes])
            engagement.organisations.set(rng.sample(partners, k=min(len(partners), rng.randint(0, 2))))
            for number, (_, said, agreed, did) in enumerate(chosen):
                due = date + dt.timedelta(days=rng.randint(14, 60))
                done = due < today - dt.timedelta(days=20) and (index + number) % 4 != 0
                Action.objects.create(
                    engagement=engagement,
                    you_said=said,
                    agreed_action=agreed,
                    owner_user=recorder if number == 0 else None,
                    owner_name="" if number == 0 else f"{area.name} neighbourhood policing team",
                    due_on=due,
                    status=ActionStatus.DONE if done else ActionStatus.OPEN,
                    we_did=did if done else "",
                    done_on=min(due, today) if done else None,
                    created_by=recorder,
                    created_at=now,
                    updated_at=now,
                )
            if index % 3 == 1 and date < today - dt.timedelta(days=30):
                engagement.public_summary = (
                    f"We met people from {place} to talk about safety in their area and how to raise "
                    "concerns. Here is what they told us and what has happened since."
                )
                engagement.published_at = now
                engagement.published_by = recorder
                engagement.save(update_fields=["public_summary", "published_at", "published_by"])
            audit_event_record(actor=actor, action="engagement.record", target=engagement)
    return made
