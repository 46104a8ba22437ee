"""Users, organisations and memberships. Invariants live here as constraints; every change
goes through ``services``."""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from cornerstone.accounts.roles import OrganisationType, Role


def new_session_token() -> str:
    return secrets.token_hex(16)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        # Cornerstone has no Django admin site and no superusers: system administrators are a
        # role held through a membership, granted by ``seed_demo`` or another administrator.
        raise NotImplementedError("Use a system administrator membership instead of a superuser.")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("Email address", unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Rotated by "sign out everywhere": it is part of the session hash, so every other session
    # of this user stops validating at its next request.
    session_token = models.CharField(max_length=32, default=new_session_token)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_session_auth_hash(self) -> str:
        return salted_hmac(
            "cornerstone.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_token}",
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_fallback_hash(self):  # type: ignore[no-untyped-def]
        from django.conf import settings

        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield salted_hmac(
                "cornerstone.accounts.User.get_session_auth_hash",
                f"{self.password}:{self.session_token}",
                secret=fallback_secret,
                algorithm="sha256",
            ).hexdigest()


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=40, choices=OrganisationType.choices)
    is_active = models.BooleanField(default=True)
    police_force_areas = models.ManyToManyField(
        "geography.PoliceForceArea", blank=True, related_name="organisations"
    )
    local_authorities = models.ManyToManyField(
        "geography.LocalAuthority", blank=True, related_name="organisations"
    )
    prevent_regions = models.ManyToManyField(
        "geography.PreventRegion", blank=True, related_name="organisations"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several; they act as one at a time."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=40, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role_per_org"
            ),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.organisation}"
