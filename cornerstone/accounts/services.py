"""Every write to users, organisations, memberships and second factors. Each service checks its
permission, changes the data and records one audit event, all in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cornerstone.accounts import permissions
from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation, User, new_session_token
from cornerstone.accounts.roles import ROLES_FOR_ORGANISATION_TYPE, role_label
from cornerstone.audit.services import audit_event_record
from cornerstone.geography.models import LocalAuthority, PoliceForceArea, PreventRegion

BACKUP_CODE_COUNT = 10


# Organisations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationDetails:
    name: str
    type: str
    police_force_areas: Iterable[PoliceForceArea] = ()
    local_authorities: Iterable[LocalAuthority] = ()
    prevent_regions: Iterable[PreventRegion] = ()


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def organisation_create(*, actor: Actor, details: OrganisationDetails) -> Organisation:
    _require(
        permissions.can_manage_organisations(actor), "Only a system administrator can add organisations."
    )
    with transaction.atomic():
        if Organisation.objects.filter(name__iexact=details.name.strip()).exists():
            raise ValidationError({"name": "An organisation with this name already exists"})
        organisation = Organisation.objects.create(name=details.name.strip(), type=details.type)
        _set_areas(organisation, details)
        audit_event_record(
            actor=actor,
            action="organisation.create",
            target=organisation,
            changes={"name": organisation.name, "type": organisation.type, **_area_codes(organisation)},
        )
    return organisation


def organisation_update(
    *, actor: Actor, organisation: Organisation, details: OrganisationDetails
) -> Organisation:
    _require(
        permissions.can_manage_organisations(actor), "Only a system administrator can change organisations."
    )
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if (
            Organisation.objects.filter(name__iexact=details.name.strip())
            .exclude(pk=organisation.pk)
            .exists()
        ):
            raise ValidationError({"name": "An organisation with this name already exists"})
        if details.type != organisation.type:
            allowed = ROLES_FOR_ORGANISATION_TYPE[details.type]
            held = set(organisation.memberships.filter(is_active=True).values_list("role", flat=True))
            if not held <= allowed:
                raise ValidationError(
                    {"type": "People in this organisation hold roles that this type cannot have"}
                )
        before = {"name": organisation.name, "type": organisation.type, **_area_codes(organisation)}
        organisation.name = details.name.strip()
        organisation.type = details.type
        organisation.save(update_fields=["name", "type"])
        _set_areas(organisation, details)
        after = {"name": organisation.name, "type": organisation.type, **_area_codes(organisation)}
        audit_event_record(
            actor=actor,
            action="organisation.update",
            target=organisation,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return organisation


def _set_areas(organisation: Organisation, details: OrganisationDetails) -> None:
    organisation.police_force_areas.set(list(details.police_force_areas))
    organisation.local_authorities.set(list(details.local_authorities))
    organisation.prevent_regions.set(list(details.prevent_regions))


def _area_codes(organisation: Organisation) -> dict[str, list[str]]:
    return {
        "police_force_areas": sorted(organisation.police_force_areas.values_list("code", flat=True)),
        "local_authorities": sorted(organisation.local_authorities.values_list("gss_code", flat=True)),
        "prevent_regions": sorted(organisation.prevent_regions.values_list("code", flat=True)),
    }


# Users and memberships ---------------------------------------------------------------------


def user_invite(
    *,
    actor: Actor,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str,
    job_title: str = "",
) -> Membership:
    """Give someone a role in an organisation. A new person gets an account with no password and
    an email inviting them to set one; someone who already has an account gets the new role."""
    _require(
        permissions.can_grant_role(actor, organisation, role),
        "You cannot give this role in this organisation.",
    )
    email = User.objects.normalize_email(email.strip()).lower()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(
                email=email, full_name=full_name.strip(), job_title=job_title.strip()
            )
        elif Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
            raise ValidationError({"email": "This person already has that role in this organisation"})
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=role, granted_by=actor.user
        )
        audit_event_record(
            actor=actor,
            action="user.invite" if created else "membership.grant",
            target=membership,
            changes={"email": user.email, "organisation": organisation.name, "role": role},
        )
        if created:
            transaction.on_commit(lambda: _send_invitation(user=user, membership=membership))
    return membership


def _send_invitation(*, user: User, membership: Membership) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    context = {
        "user": user,
        "membership": membership,
        "role": role_label(membership.role),
        "path": reverse("accounts:set-password", kwargs={"uidb64": uid, "token": token}),
        "service_name": settings.CORNERSTONE_SERVICE_NAME,
        "base_url": settings.CORNERSTONE_BASE_URL,
    }
    send_mail(
        subject=f"You have been invited to {settings.CORNERSTONE_SERVICE_NAME}",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def membership_change_role(*, actor: Actor, membership: Membership, role: str) -> Membership:
    _require(permissions.can_change_membership(actor, membership), "You cannot change this person's role.")
    _require(
        permissions.can_grant_role(actor, membership.organisation, role),
        "You cannot give this role in this organisation.",
    )
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == role:
            raise ValidationError({"role": "This person already has that role"})
        if Membership.objects.filter(
            user_id=membership.user_id, organisation_id=membership.organisation_id, role=role
        ).exists():
            raise ValidationError({"role": "This person already has that role in this organisation"})
        old_role = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit_event_record(
            actor=actor,
            action="membership.change_role",
            target=membership,
            changes={"role": [old_role, role]},
        )
    return membership


def membership_end(*, actor: Actor, membership: Membership, reason: str) -> Membership:
    _require(permissions.can_change_membership(actor, membership), "You cannot remove this person's role.")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if not membership.is_active:
            raise ValidationError("This role has already been removed")
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        audit_event_record(
            actor=actor,
            action="membership.end",
            target=membership,
            reason=reason,
            changes={"is_active": [True, False]},
        )
    return membership


def user_deactivate(*, actor: Actor, user: User, reason: str) -> User:
    """Close an account: it can no longer sign in, and any signed-in session ends now."""
    _require(permissions.can_deactivate_user(actor, user), "You cannot deactivate this account.")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise ValidationError("This account is already deactivated")
        user.is_active = False
        user.session_token = new_session_token()
        user.save(update_fields=["is_active", "session_token"])
        user.memberships.filter(is_active=True).update(is_active=False)
        audit_event_record(
            actor=actor,
            action="user.deactivate",
            target=user,
            reason=reason,
            changes={"is_active": [True, False]},
        )
    return user


def user_sign_out_everywhere(*, actor: Actor, user: User) -> User:
    """End every session of this user, on every device (including the current one)."""
    _require(actor.user is not None and actor.user.pk == user.pk, "You can only sign yourself out.")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.session_token = new_session_token()
        user.save(update_fields=["session_token"])
        audit_event_record(actor=actor, action="user.sign_out_everywhere", target=user)
    return user


def user_set_password(*, actor: Actor, user: User, password: str, action: str) -> User:
    """Set a password after an invitation or a reset link. The caller has validated it."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.session_token = new_session_token()
        user.save(update_fields=["password", "session_token"])
        audit_event_record(actor=actor, action=action, target=user)
    return user


# Sessions and second factors -----------------------------------------------------------------


def session_record_sign_in(*, actor: Actor, second_factor: str) -> None:
    with transaction.atomic():
        audit_event_record(
            actor=actor,
            action="session.sign_in",
            target=actor.user,
            changes={"second_factor": second_factor},
        )


def session_record_sign_out(*, actor: Actor) -> None:
    with transaction.atomic():
        audit_event_record(actor=actor, action="session.sign_out", target=actor.user)


def totp_device_confirm(*, actor: Actor, device: TOTPDevice) -> list[str]:
    """Confirm a TOTP device the user has proved they hold, replace any older one and issue
    fresh backup codes. Returns the backup codes, shown to the user once."""
    _require(actor.user is not None and device.user_id == actor.user.pk, "This is not your device.")
    assert actor.user is not None  # noqa: S101 - narrows the type after the check above
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_backup_codes(actor.user)
        audit_event_record(actor=actor, action="mfa.totp_confirm", target=actor.user)
    return codes


def backup_codes_regenerate(*, actor: Actor) -> list[str]:
    if actor.user is None:
        raise PermissionDenied("Only a signed-in person has backup codes.")
    with transaction.atomic():
        codes = _replace_backup_codes(actor.user)
        audit_event_record(actor=actor, action="mfa.backup_codes_regenerate", target=actor.user)
    return codes


def _replace_backup_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="backup", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
