from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cornerstone.accounts.roles import role_label
from cornerstone.api.demo import seed_demo_api_client
from cornerstone.audit.demo import seed_demo_disclosures
from cornerstone.demo.generator import (
    DEMO_PASSWORD,
    DEMO_ROLE_ORGANISATION,
    DEMO_SEED,
    MULTI_ROLE_EMAIL,
    build_demo_world,
    demo_email,
    demo_totp_secret,
)
from cornerstone.demo.journeys import seed_demo_journeys
from cornerstone.engagement.demo import seed_demo_engagement
from cornerstone.exercises.demo import seed_demo_exercises
from cornerstone.guidance.demo import seed_demo_guidance
from cornerstone.partners.demo import seed_demo_directory
from cornerstone.referrals.demo import seed_demo_referrals


class Command(BaseCommand):
    help = "Load the deterministic, entirely synthetic demo data and print the demo sign-ins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=DEMO_SEED)
        parser.add_argument("--quiet", action="store_true", help="Do not print the sign-ins.")

    def handle(self, *args: Any, seed: int, quiet: bool, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo only runs with CORNERSTONE_DEMO_MODE=1: demo users have published passwords."
            )
        world = build_demo_world(seed=seed)
        # Each part of the service adds its own demo records to the same world.
        referrals = seed_demo_referrals(world, seed=seed)
        services = seed_demo_directory(world, seed=seed)
        seed_demo_guidance(world, seed=seed)
        cases = seed_demo_journeys(world, seed=seed)
        seed_demo_disclosures(world, seed=seed)
        seed_demo_engagement(world, seed=seed)
        seed_demo_exercises(world, seed=seed)
        api_client = seed_demo_api_client(world, seed=seed)
        if quiet:
            return
        write = self.stdout.write
        write(
            self.style.SUCCESS(
                f"Demo data ready: {len(world.organisations)} organisations, {len(referrals)} new referrals, "
                f"{len(cases)} cases through screening and Channel, {len(services)} directory services."
            )
        )
        write("")
        write(f"Every demo user's password: {DEMO_PASSWORD}")
        write("Second factor: add the TOTP secret below to an authenticator app, or print today's code with")
        write("    make demo-code EMAIL=<email>")
        write("")
        width = max(len(demo_email(role)) for role in DEMO_ROLE_ORGANISATION)
        write(f"{'Email':<{width}}  {'TOTP secret':<32}  Role, organisation")
        for role, membership in world.memberships_by_role.items():
            email = demo_email(role)
            write(
                f"{email:<{width}}  {demo_totp_secret(email):<32}  {role_label(role)}, {membership.organisation.name}"
            )
        write(
            f"{MULTI_ROLE_EMAIL:<{width}}  {demo_totp_secret(MULTI_ROLE_EMAIL):<32}  "
            "two roles: chooses which one to work in"
        )
        write("")
        write(f"Partner API credential ({api_client.client.organisation.name}, every scope):")
        write(f"    {api_client.token}")
        write("Documentation at /api/v1/docs/; worked examples in docs/api.md.")
