"""Synthetic directory entries for the demo: a dozen services across Warrington and Halton (one
of them not confirmed for over six months, so it shows as needing checking) and the two demo
intervention providers, approved. Every name, address and number here is made up: phone
numbers are from Ofcom's drama range and email addresses use the reserved .test domain."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.audit.services import audit_event_record
from cornerstone.geography.models import LocalAuthority
from cornerstone.partners.models import (
    ApprovalStatus,
    Capacity,
    InterventionProvider,
    PartnerService,
    ServiceType,
)
from cornerstone.partners.service_types import ensure_service_types

# name, organisation, type code, areas, min age, max age, capacity, description, how to refer
DEMO_SERVICES: tuple[tuple[str, str, str, tuple[str, ...], int | None, int | None, str, str, str], ...] = (
    (
        "Back on Track tutoring",
        "Mersey Vale College (demo)",
        "education",
        ("WRT", "HAL"),
        14,
        19,
        Capacity.OPEN,
        "One-to-one and small group tutoring in English and maths for young people who have missed school.",
        "Email the learner support team with the young person's age and school. A tutor calls back within a week.",
    ),
    (
        "Next Steps careers advice",
        "Warrington Careers Hub (demo)",
        "careers",
        ("WRT",),
        15,
        24,
        Capacity.OPEN,
        "Careers advice, CV help and college application support from qualified careers advisers.",
        "Phone or email to book a first appointment. Self-referral is welcome.",
    ),
    (
        "Halton Works",
        "Halton Employment Partnership (demo)",
        "employment",
        ("HAL",),
        18,
        None,
        Capacity.WAITING_LIST,
        "Help to find and keep a job: training, work placements and a named work coach.",
        "Complete the referral form on the website, or email the team.",
    ),
    (
        "Safe Harbour housing support",
        "Riverside Homes Trust (demo)",
        "housing",
        ("WRT", "HAL"),
        16,
        None,
        Capacity.OPEN,
        "Advice for people who are homeless or at risk of losing their home, and supported lodgings for 16 to 25 year olds.",
        "Phone the housing options line. In an emergency out of hours, phone the council.",
    ),
    (
        "Open Door wellbeing service",
        "Mid Mersey Health NHS Trust (demo)",
        "mental-health",
        ("WRT", "HAL"),
        18,
        None,
        Capacity.WAITING_LIST,
        "Talking therapies for anxiety, low mood and stress, in person or online.",
        "Any professional can refer with the person's agreement. People can also refer themselves online.",
    ),
    (
        "Young Minds Matter",
        "Mid Mersey Health NHS Trust (demo)",
        "mental-health",
        ("WRT", "HAL"),
        11,
        17,
        Capacity.FULL,
        "Early help for children and young people with emotional wellbeing needs.",
        "Referral through the child's GP or school. Not taking new referrals until the spring.",
    ),
    (
        "Clear Path substance misuse service",
        "Clear Path Recovery (demo)",
        "substance-misuse",
        ("WRT",),
        12,
        None,
        Capacity.OPEN,
        "Confidential help with drugs and alcohol, including a young people's team.",
        "Phone the duty worker. Professionals can refer by secure email.",
    ),
    (
        "Families Together",
        "Halton Borough Council (demo)",
        "family-support",
        ("HAL",),
        None,
        18,
        Capacity.OPEN,
        "Family support workers who help parents and carers with routines, relationships and keeping children safe.",
        "Refer through the early help front door. Families must agree to the referral.",
    ),
    (
        "Stepping Stones mentoring",
        "Halton Youth Partnership (demo)",
        "mentoring",
        ("HAL",),
        10,
        18,
        Capacity.OPEN,
        "A trained volunteer mentor who meets the young person once a week for six months.",
        "Email the mentoring coordinator. The young person and, for under 16s, a parent must agree.",
    ),
    (
        "Kick Off football nights",
        "Warrington Community Forum (demo)",
        "diversionary-activity",
        ("WRT",),
        11,
        19,
        Capacity.OPEN,
        "Free football sessions on Friday evenings, with youth workers on hand to talk.",
        "Young people can just turn up. Professionals can phone ahead to introduce someone.",
    ),
    (
        "Riverside youth club",
        "Halton Youth Partnership (demo)",
        "diversionary-activity",
        ("HAL",),
        11,
        17,
        Capacity.OPEN,
        "Open youth club three evenings a week: music, games, trips and a quiet room.",
        "Drop in, or phone the senior youth worker to arrange a first visit.",
    ),
    (
        "Community Connect",
        "Warrington Community Forum (demo)",
        "other",
        ("WRT",),
        18,
        None,
        Capacity.OPEN,
        "Volunteering, language cafes and help to get involved in local groups.",
        "Email or phone the forum office.",
    ),
)
STALE_SERVICE = "Community Connect"

PROVIDERS: dict[str, dict[str, Any]] = {
    "mentoring": {
        "specialisms": [
            "Ideological mentoring",
            "Theological mentoring",
            "Online radicalisation",
            "Young adults",
        ],
        "areas": ("WRT", "HAL", "CHE", "CHW"),
        "contact_name": "Mentoring team",
        "contact_email": "referrals@bridgeway-mentoring.test",
        "contact_phone": "0161 496 0101",
    },
    "education-support": {
        "specialisms": ["Education and careers", "Children and young people", "Special educational needs"],
        "areas": ("WRT", "HAL"),
        "contact_name": "Programme manager",
        "contact_email": "hello@new-horizons.test",
        "contact_phone": "0151 496 0202",
    },
}


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def seed_demo_directory(world: Any, *, seed: int, now: dt.datetime | None = None) -> list[PartnerService]:
    """Create the demo directory (again and again without duplicates). ``world`` is the
    ``DemoWorld`` from ``cornerstone.demo.generator.build_demo_world``."""
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, not a secret
    now = now or timezone.now()
    actor = Actor.system("demo data")
    ensure_service_types()
    types = {t.code: t for t in ServiceType.objects.all()}
    areas = {la.code: la for la in LocalAuthority.objects.filter(code__in=["WRT", "HAL", "CHE", "CHW"])}
    created: list[PartnerService] = []
    with transaction.atomic():
        for index, (name, org, type_code, codes, min_age, max_age, capacity, description, how) in enumerate(
            DEMO_SERVICES
        ):
            confirmed = now - dt.timedelta(days=400 if name == STALE_SERVICE else rng.randint(3, 120))
            slug = _slug(org.replace(" (demo)", ""))
            service, made = PartnerService.objects.get_or_create(
                name=name,
                organisation_name=org,
                defaults={
                    "service_type": types[type_code],
                    "description": description,
                    "eligibility": ""
                    if min_age is None and max_age is None
                    else "People living in the areas covered.",
                    "min_age": min_age,
                    "max_age": max_age,
                    "how_to_refer": how,
                    "capacity": capacity,
                    "contact_name": f"{name} team",
                    "contact_email": f"referrals@{slug}.test",
                    "contact_phone": f"01925 960 {100 + index:03d}",
                    "website": f"https://www.{slug}.test/",
                    "last_confirmed_at": confirmed,
                    "created_at": confirmed,
                    "updated_at": confirmed,
                },
            )
            if made:
                service.local_authorities.set([areas[code] for code in codes if code in areas])
                audit_event_record(actor=actor, action="partner_service.create", target=service)
            created.append(service)
        for key, spec in PROVIDERS.items():
            organisation = world.organisations.get(key)
            if (
                organisation is None
                or InterventionProvider.objects.filter(organisation=organisation).exists()
            ):
                continue
            approved = (now - dt.timedelta(days=rng.randint(200, 500))).date()
            provider = InterventionProvider.objects.create(
                organisation=organisation,
                approval_status=ApprovalStatus.APPROVED,
                approved_on=approved,
                review_due_on=approved + dt.timedelta(days=3 * 365),
                specialisms="\n".join(spec["specialisms"]),
                contact_name=spec["contact_name"],
                contact_email=spec["contact_email"],
                contact_phone=spec["contact_phone"],
                updated_at=now,
            )
            provider.local_authorities.set([areas[code] for code in spec["areas"] if code in areas])
            audit_event_record(actor=actor, action="intervention_provider.create", target=provider)
    return created
