from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm

from cornerstone.accounts.models import Membership, Organisation
from cornerstone.accounts.roles import OrganisationType, role_label
from cornerstone.geography.models import LocalAuthority, PoliceForceArea, PreventRegion


class SignInForm(forms.Form):
    username = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app, or one of your backup codes",
        max_length=16,
        error_messages={"required": "Enter the security code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "numeric"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class SetUpSecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Security code from your app",
        help_text="Enter the 6-digit code your authenticator app shows for Cornerstone",
        max_length=10,
        error_messages={"required": "Enter the security code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "numeric"}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("The security code must be 6 digits")
        return code


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class SetPasswordForm(DjangoSetPasswordForm):
    """Django's form, with GOV.UK wording. Saving goes through ``user_set_password``."""

    error_messages = {"password_mismatch": "The passwords do not match"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters. A few unrelated words together make a strong password."
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"

    def clean_new_password2(self) -> str:
        password1 = self.cleaned_data.get("new_password1")
        password2 = self.cleaned_data.get("new_password2", "")
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError(self.error_messages["password_mismatch"])
        password_validation.validate_password(password2, self.user)
        return password2


class InviteUserForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the person's full name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Use their work email address. We will send them a link to set a password.",
        max_length=254,
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select one of the roles listed"},
    )

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, role_label(role)) for role in roles]  # type: ignore[attr-defined]


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(
        label="New role",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select one of the roles listed"},
    )

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, role_label(role)) for role in roles]  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        help_text="This is kept in the audit trail.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a reason"},
    )


class ChooseRoleForm(forms.Form):
    membership = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        label="Which role are you working in?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the role you are working in"},
    )

    def __init__(self, *args: Any, memberships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        field.queryset = memberships  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: f"{role_label(m.role)}, {m.organisation.name}"  # type: ignore[attr-defined]


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the organisation's name"}
    )
    type = forms.ChoiceField(
        label="Type of organisation",
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of organisation"},
    )
    prevent_regions = forms.ModelMultipleChoiceField(
        queryset=PreventRegion.objects.all(),
        label="Prevent regions covered",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    police_force_areas = forms.ModelMultipleChoiceField(
        queryset=PoliceForceArea.objects.all(),
        label="Police force areas covered",
        help_text="Hold Ctrl (or Cmd) to choose more than one",
        required=False,
    )
    local_authorities = forms.ModelMultipleChoiceField(
        queryset=LocalAuthority.objects.all(),
        label="Local authorities covered",
        help_text="Hold Ctrl (or Cmd) to choose more than one",
        required=False,
    )

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict[str, Any]:
        return {
            "name": organisation.name,
            "type": organisation.type,
            "prevent_regions": list(organisation.prevent_regions.all()),
            "police_force_areas": list(organisation.police_force_areas.all()),
            "local_authorities": list(organisation.local_authorities.all()),
        }
