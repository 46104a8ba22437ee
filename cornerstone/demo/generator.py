"""The deterministic synthetic-data generator shared by the demo, the tests and the benchmarks.

Everything it makes is fictional: organisation names carry "(demo)", people come from Faker's
en_GB locale with a fixed seed. Only the geography is real (reference data). Running it twice
changes nothing: organisations and users are found by name and email.
"""

from __future__ import annotations

import hashlib
from base64 import b32encode
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation, User
from cornerstone.accounts.roles import OrganisationType, Role
from cornerstone.audit.services import audit_event_record
from cornerstone.geography.models import LocalAuthority, PoliceForceArea

DEMO_PASSWORD = "demo-password-cornerstone"  # noqa: S105 - printed for the demo; demo mode only
DEMO_EMAIL_DOMAIN = "demo.cornerstone.test"
DEMO_SEED = 2026
DEMO_FORCE_CODE = "cheshire"
OTHER_STAFF_PER_ORGANISATION = 3


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    type: str
    local_authority_codes: tuple[str, ...] = ()
    covers_force: bool = False
    covers_region: bool = False


DEMO_ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        "force", "Cheshire Constabulary (demo)", OrganisationType.POLICE_FORCE, covers_force=True
    ),
    DemoOrganisation(
        "ctp",
        "Counter Terrorism Policing North West (demo)",
        OrganisationType.CT_POLICING_UNIT,
        covers_force=True,
        covers_region=True,
    ),
    DemoOrganisation(
        "warrington", "Warrington Borough Council (demo)", OrganisationType.LOCAL_AUTHORITY, ("WRT",)
    ),
    DemoOrganisation("halton", "Halton Borough Council (demo)", OrganisationType.LOCAL_AUTHORITY, ("HAL",)),
    DemoOrganisation("secondary", "Riverside Academy (demo)", OrganisationType.SCHOOL_OR_COLLEGE, ("WRT",)),
    DemoOrganisation(
        "primary", "St Anne's Primary School (demo)", OrganisationType.SCHOOL_OR_COLLEGE, ("HAL",)
    ),
    DemoOrganisation(
        "college", "Mersey Vale College (demo)", OrganisationType.SCHOOL_OR_COLLEGE, ("WRT", "HAL")
    ),
    DemoOrganisation("health", "Mid Mersey Health NHS Trust (demo)", OrganisationType.HEALTH, ("WRT", "HAL")),
    DemoOrganisation(
        "probation", "Probation Service Cheshire (demo)", OrganisationType.PROBATION, covers_force=True
    ),
    DemoOrganisation(
        "community", "Warrington Community Forum (demo)", OrganisationType.COMMUNITY_ORGANISATION, ("WRT",)
    ),
    DemoOrganisation(
        "youth", "Halton Youth Partnership (demo)", OrganisationType.COMMUNITY_ORGANISATION, ("HAL",)
    ),
    DemoOrganisation(
        "mentoring", "Bridgeway Mentoring (demo)", OrganisationType.INTERVENTION_PROVIDER, covers_force=True
    ),
    DemoOrganisation(
        "education-support",
        "New Horizons Education Support (demo)",
        OrganisationType.INTERVENTION_PROVIDER,
        ("WRT", "HAL"),
    ),
    DemoOrganisation("operator", "Cornerstone Service Team (demo)", OrganisationType.OTHER),
)

# One demo sign-in per role, and the organisation it belongs to.
DEMO_ROLE_ORGANISATION: dict[str, str] = {
    Role.REFERRER: "secondary",
    Role.SAFEGUARDING_LEAD: "secondary",
    Role.POLICE_PREVENT_OFFICER: "ctp",
    Role.POLICE_PREVENT_SUPERVISOR: "ctp",
    Role.CHANNEL_COORDINATOR: "warrington",
    Role.PANEL_CHAIR: "warrington",
    Role.PANEL_MEMBER: "health",
    Role.INTERVENTION_PROVIDER: "mentoring",
    Role.FORCE_PREVENT_LEAD: "force",
    Role.REGIONAL_PREVENT_COORDINATOR: "ctp",
    Role.COMMUNITY_ENGAGEMENT_OFFICER: "force",
    Role.DATA_PROTECTION_OFFICER: "force",
    Role.ANALYST: "force",
    Role.ORGANISATION_ADMINISTRATOR: "warrington",
    Role.SYSTEM_ADMINISTRATOR: "operator",
}

# A demo user who holds two roles, to show choosing the role you work in.
MULTI_ROLE_EMAIL = f"two-roles@{DEMO_EMAIL_DOMAIN}"
MULTI_ROLE_MEMBERSHIPS: tuple[tuple[str, str], ...] = (
    ("halton", Role.PANEL_MEMBER),
    ("college", Role.SAFEGUARDING_LEAD),
)


def demo_email(role: str) -> str:
    return f"{role.replace('_', '-')}@{DEMO_EMAIL_DOMAIN}"


def demo_totp_key(email: str) -> str:
    """A fixed TOTP key per demo user (hex, as django-otp stores it), so the demo can print it."""
    return hashlib.sha256(f"cornerstone-demo-totp:{email}".encode()).hexdigest()[:40]


def demo_totp_secret(email: str) -> str:
    """The same key in base32, as an authenticator app asks for it."""
    return b32encode(bytes.fromhex(demo_totp_key(email))).decode()


@dataclass
class DemoWorld:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users_by_role: dict[str, User] = field(default_factory=dict)
    memberships_by_role: dict[str, Membership] = field(default_factory=dict)
    multi_role_user: User | None = None


def build_demo_world(*, seed: int = DEMO_SEED, other_staff: int = OTHER_STAFF_PER_ORGANISATION) -> DemoWorld:
    """Create (or find) the demo organisations and users. Needs the reference geography loaded."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    world = DemoWorld()
    force = PoliceForceArea.objects.get(code=DEMO_FORCE_CODE)
    # Every demo user shares the published demo password: hash it once, not once per user.
    password_hash = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        for spec in DEMO_ORGANISATIONS:
            world.organisations[spec.key] = _organisation(spec, force)
        for role, org_key in DEMO_ROLE_ORGANISATION.items():
            user = _user(demo_email(role), fake.name(), fake.job(), password_hash)
            membership, _ = Membership.objects.get_or_create(
                user=user, organisation=world.organisations[org_key], role=role
            )
            world.users_by_role[role] = user
            world.memberships_by_role[role] = membership
        multi = _user(MULTI_ROLE_EMAIL, fake.name(), fake.job(), password_hash)
        for org_key, role in MULTI_ROLE_MEMBERSHIPS:
            Membership.objects.get_or_create(user=multi, organisation=world.organisations[org_key], role=role)
        world.multi_role_user = multi
        for spec in DEMO_ORGANISATIONS:
            organisation = world.organisations[spec.key]
            for number in range(1, other_staff + 1):
                email = f"{spec.key}-staff-{number}@{DEMO_EMAIL_DOMAIN}"
                user = _user(email, fake.name(), fake.job(), password_hash, with_second_factor=False)
                Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.REFERRER)
        audit_event_record(
            actor=Actor.system("seed_demo"),
            action="demo.seed",
            changes={"organisations": len(world.organisations), "seed": seed},
        )
    return world


def _organisation(spec: DemoOrganisation, force: PoliceForceArea) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(name=spec.name, defaults={"type": spec.type})
    if spec.covers_force:
        organisation.police_force_areas.add(force)
    if spec.covers_region:
        organisation.prevent_regions.add(force.prevent_region)
    if spec.local_authority_codes:
        organisation.local_authorities.add(
            *LocalAuthority.objects.filter(code__in=spec.local_authority_codes)
        )
    return organisation


def _user(
    email: str, name: str, job_title: str, password_hash: str, *, with_second_factor: bool = True
) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(email=email, password=password_hash, full_name=name, job_title=job_title)
    if with_second_factor:
        TOTPDevice.objects.update_or_create(
            user=user,
            name="Demo authenticator",
            defaults={"key": demo_totp_key(email), "confirmed": True, "tolerance": 1},
        )
    return user
