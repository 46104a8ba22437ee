from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cornerstone.accounts import permissions, selectors, services
from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import Actor, request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.accounts.forms import (
    ChangeRoleForm,
    ChooseRoleForm,
    InviteUserForm,
    OrganisationForm,
    PasswordResetRequestForm,
    ReasonForm,
    SecondFactorForm,
    SetPasswordForm,
    SetUpSecondFactorForm,
    SignInForm,
)
from cornerstone.accounts.home import home_for
from cornerstone.accounts.middleware import ACTING_MEMBERSHIP_SESSION_KEY
from cornerstone.accounts.models import User
from cornerstone.accounts.qr import totp_qr_svg
from cornerstone.accounts.roles import Role, role_label
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.govuk.form_errors import add_service_errors

ADMINISTRATORS = (Role.ORGANISATION_ADMINISTRATOR, Role.SYSTEM_ADMINISTRATOR)
BACKUP_CODES_SESSION_KEY = "cornerstone_new_backup_codes"


# Signing in and out ------------------------------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
class SignInView(View):
    template_name = "accounts/sign_in.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect("accounts:home")
        return render(request, self.template_name, {"form": SignInForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SignInForm(request.POST)
        if form.is_valid():
            user = authenticate(
                request,
                username=form.cleaned_data["username"].lower(),
                password=form.cleaned_data["password"],
            )
            if user is not None:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect("accounts:second-factor")
            form.add_error(None, "Enter a correct email address and password")
            form.add_error("username", "Enter a correct email address and password")
        return render(request, self.template_name, {"form": form}, status=200)


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes calls this when a sign-in is refused after repeated failures."""
    return render(request, "accounts/locked_out.html", status=429)


@require_POST
@login_not_required
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.session_record_sign_out(actor=request_actor(request))
    logout(request)
    return redirect("accounts:signed-out")


@login_not_required
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


def second_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return redirect("accounts:home")
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return _set_up_second_factor(request)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            kind = "backup code" if isinstance(device, StaticDevice) else "authenticator app"
            services.session_record_sign_in(actor=request_actor(request), second_factor=kind)
            return _after_sign_in(request)
        form.add_error("code", "The security code is not right, or it has expired. Try the newest code.")
    return render(request, "accounts/second_factor.html", {"form": form})


def _set_up_second_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = SetUpSecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            actor = request_actor(request)
            codes = services.totp_device_confirm(actor=actor, device=device)
            otp_login(request, device)
            services.session_record_sign_in(actor=actor, second_factor="authenticator app (new)")
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            return redirect("accounts:backup-codes")
        form.add_error(
            "code",
            "The security code is not right. Check the time on your phone is correct and try the newest code.",
        )
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr_svg": totp_qr_svg(device),
            "secret": _grouped_secret(device),
        },
    )


def _grouped_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def backup_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:home")
    return render(request, "accounts/backup_codes.html", {"codes": codes})


def _after_sign_in(request: HttpRequest) -> HttpResponse:
    memberships = selectors.active_memberships_of(request.user)  # type: ignore[arg-type]
    if memberships.count() > 1:
        return redirect("accounts:choose-role")
    return redirect("accounts:home")


def choose_role(request: HttpRequest) -> HttpResponse:
    memberships = selectors.active_memberships_of(request.user)  # type: ignore[arg-type]
    form = ChooseRoleForm(request.POST or None, memberships=memberships)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        request.session[ACTING_MEMBERSHIP_SESSION_KEY] = form.cleaned_data["membership"].pk
        return HttpResponseRedirect(next_url or reverse("accounts:home"))
    return render(request, "accounts/choose_role.html", {"form": form, "next": next_url})


# Home and your account ---------------------------------------------------------------------


@acting()
def home(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    role_home, waiting = home_for(actor)
    return render(
        request,
        "accounts/home.html",
        {"role_home": role_home, "waiting": waiting, "role": role_label(actor.role)},
    )


def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    remaining = sum(device.token_set.count() for device in StaticDevice.objects.filter(user=user))
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": selectors.active_memberships_of(user),  # type: ignore[arg-type]
            "backup_codes_remaining": remaining,
        },
    )


@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    services.user_sign_out_everywhere(actor=request_actor(request), user=request.user)  # type: ignore[arg-type]
    logout(request)
    return redirect("accounts:signed-out")


@require_POST
def regenerate_backup_codes(request: HttpRequest) -> HttpResponse:
    request.session[BACKUP_CODES_SESSION_KEY] = services.backup_codes_regenerate(actor=request_actor(request))
    return redirect("accounts:backup-codes")


# Password reset and invitations --------------------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm  # type: ignore[assignment]
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form: Any) -> HttpResponse:
        # Django's own form does the lookup and sending; it never reveals whether an account exists.
        from django.contrib.auth.forms import PasswordResetForm

        reset = PasswordResetForm({"email": form.cleaned_data["email"]})
        reset.is_valid()
        reset.save(
            request=self.request,
            use_https=self.request.is_secure(),
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            extra_email_context={"reset_path_name": "accounts:set-password"},
        )
        return HttpResponseRedirect(self.get_success_url())


@method_decorator(login_not_required, name="dispatch")
class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


@method_decorator(login_not_required, name="dispatch")
class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Both the invitation link and the reset link land here: set a password, then sign in."""

    template_name = "accounts/set_password.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password-set")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.user
        action = "user.password_reset" if user.has_usable_password() else "user.accept_invitation"
        services.user_set_password(
            actor=Actor(user=user), user=user, password=form.cleaned_data["new_password1"], action=action
        )
        del self.request.session["_password_reset_token"]
        return HttpResponseRedirect(self.get_success_url())


@login_not_required
def password_set(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_set.html")


# Managing users ----------------------------------------------------------------------------


@acting(roles=ADMINISTRATORS)
def users(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    people = (
        selectors.users_visible_to(actor)
        .annotate(active_roles=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("full_name")
    )
    return render(
        request,
        "accounts/users.html",
        {
            "people": people,
            "can_invite": bool(actor.organisation and permissions.grantable_roles(actor, actor.organisation)),
        },
    )


@acting(roles=ADMINISTRATORS)
def invite_user(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    organisation = actor.organisation
    if organisation is None:
        raise PermissionDenied
    roles = permissions.grantable_roles(actor, organisation)
    if not roles:
        raise PermissionDenied
    form = InviteUserForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.user_invite(actor=actor, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{membership.user.full_name} now has the role {role_label(membership.role)}."
            )
            return redirect("accounts:users")
    return render(request, "accounts/invite_user.html", {"form": form, "organisation": organisation})


def _visible_user(actor: Actor, user_id: int) -> User:
    return get_visible_or_403(selectors.users_visible_to(actor), pk=user_id)


@acting(roles=ADMINISTRATORS)
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_actor(request)
    person = _visible_user(actor, user_id)
    access_log_record(
        actor=actor,
        kind=AccessKind.VIEW,
        target=person,
        description="Viewed a user's account details",
        path=request.path,
    )
    memberships = selectors.memberships_visible_to(actor).filter(user=person)
    rows = [{"membership": m, "can_change": permissions.can_change_membership(actor, m)} for m in memberships]
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": person,
            "rows": rows,
            "can_deactivate": person.is_active and permissions.can_deactivate_user(actor, person),
        },
    )


@acting(roles=ADMINISTRATORS)
def change_membership(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = request_actor(request)
    membership = get_visible_or_403(selectors.memberships_visible_to(actor), pk=membership_id, is_active=True)
    if not permissions.can_change_membership(actor, membership):
        raise PermissionDenied
    roles = [r for r in permissions.grantable_roles(actor, membership.organisation) if r != membership.role]
    form = ChangeRoleForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(
                actor=actor, membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Role changed.")
            return redirect("accounts:user-detail", user_id=membership.user_id)
    return render(request, "accounts/change_membership.html", {"form": form, "membership": membership})


@acting(roles=ADMINISTRATORS)
def end_membership(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = request_actor(request)
    membership = get_visible_or_403(selectors.memberships_visible_to(actor), pk=membership_id, is_active=True)
    if not permissions.can_change_membership(actor, membership):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.membership_end(actor=actor, membership=membership, reason=form.cleaned_data["reason"])
        messages.success(request, "Role removed.")
        return redirect("accounts:user-detail", user_id=membership.user_id)
    return render(request, "accounts/end_membership.html", {"form": form, "membership": membership})


@acting(roles=ADMINISTRATORS)
def deactivate_user(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_actor(request)
    person = _visible_user(actor, user_id)
    if not person.is_active or not permissions.can_deactivate_user(actor, person):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_deactivate(actor=actor, user=person, reason=form.cleaned_data["reason"])
        messages.success(request, f"{person.full_name}'s account is deactivated.")
        return redirect("accounts:users")
    return render(request, "accounts/deactivate_user.html", {"form": form, "person": person})


# Organisations -----------------------------------------------------------------------------


@acting(roles=[Role.SYSTEM_ADMINISTRATOR])
def organisations(request: HttpRequest) -> HttpResponse:
    rows = (
        selectors.organisations_administered_by(request_actor(request))
        .annotate(people=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("name")
    )
    return render(request, "accounts/organisations.html", {"organisations": rows})


@acting(roles=[Role.SYSTEM_ADMINISTRATOR])
def organisation_form(request: HttpRequest, organisation_id: int | None = None) -> HttpResponse:
    actor = request_actor(request)
    visible = selectors.organisations_administered_by(actor)
    organisation = get_visible_or_403(visible, pk=organisation_id) if organisation_id else None
    initial = OrganisationForm.initial_for(organisation) if organisation else None
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        details = services.OrganisationDetails(**form.cleaned_data)
        try:
            if organisation is None:
                services.organisation_create(actor=actor, details=details)
            else:
                services.organisation_update(actor=actor, organisation=organisation, details=details)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{details.name} saved.")
            return redirect("accounts:organisations")
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": organisation})
