"""The forms of the referral question flow: one topic a page.

Each step form is bound to the raw input the referrer gave (kept per step on the referral), so
the same form validates the page when it is posted, shows the answer again when it is changed,
and checks the whole referral before it is submitted. Conditional questions are drawn inside
the radio that reveals them (``govuk_conditional``) and required in ``clean`` only when shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from cornerstone.govuk.fields import GovukDateField
from cornerstone.people.models import Gender, IdentifierKind
from cornerstone.people.validation import validate_identifier, validate_postcode
from cornerstone.referrals.models import ConcernType, ReceivedVia, Referral, ReferralSector

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_NOT_KNOWN = [("yes", "Yes"), ("no", "No"), ("not_known", "I do not know")]
NOT_SURE = "not_sure"


def _radios(label: str, choices: list[tuple[str, str]], required: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": required},
        **kwargs,
    )


def _text(label: str, *, required: str = "", max_length: int = 200, **kwargs: Any) -> forms.CharField:
    messages = {"max_length": f"{label} must be {max_length} characters or fewer"}
    if required:
        messages["required"] = required
    return forms.CharField(
        label=label, required=bool(required), max_length=max_length, error_messages=messages, **kwargs
    )


def _long_text(label: str, *, required: str = "", max_length: int = 5000, **kwargs: Any) -> forms.CharField:
    return _text(
        label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        **kwargs,
    )


class StepForm(forms.Form):
    """A page of the question flow. ``referral`` lets a page depend on earlier answers."""

    def __init__(self, *args: Any, referral: Referral | None = None, **kwargs: Any) -> None:
        self.referral = referral
        super().__init__(*args, **kwargs)

    def require_when(self, controller: str, value: str, field: str, message: str) -> None:
        """Make a revealed question required when the radio that reveals it is chosen."""
        chosen = self.cleaned_data.get(controller) == value
        if chosen and not self.cleaned_data.get(field) and field not in self.errors:
            self.add_error(field, message)

    def clear_unless(self, controller: str, value: str, *fields: str) -> None:
        """Forget answers to questions that are hidden by the answer now given."""
        if self.cleaned_data.get(controller) != value:
            for field in fields:
                if field in self.cleaned_data:
                    self.cleaned_data[field] = ""


# About the person ------------------------------------------------------------------------


class PersonNameForm(StepForm):
    given_names = _text(
        "Given names",
        required="Enter the person's given names",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    family_name = _text(
        "Family name",
        required="Enter the person's family name",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


OTHER_NAME_KINDS = [("alias", "Alias or nickname"), ("previous", "Previous name")]


class OtherNamesForm(StepForm):
    has_other_names = _radios(
        "Is the person known by any other names?",
        YES_NO_NOT_KNOWN,
        "Select yes if the person is known by any other names",
        help_text="For example, an alias, a nickname or a previous name",
    )
    other_1_kind = forms.ChoiceField(
        label="First other name: type", choices=OTHER_NAME_KINDS, required=False, widget=forms.RadioSelect
    )
    other_1_given_names = _text("First other name: given names", required="")
    other_1_family_name = _text("First other name: family name", required="")
    other_2_kind = forms.ChoiceField(
        label="Second other name: type", choices=OTHER_NAME_KINDS, required=False, widget=forms.RadioSelect
    )
    other_2_given_names = _text("Second other name: given names", required="")
    other_2_family_name = _text("Second other name: family name", required="")

    govuk_conditional = {
        "has_other_names": {
            "yes": [
                "other_1_kind",
                "other_1_given_names",
                "other_1_family_name",
                "other_2_kind",
                "other_2_given_names",
                "other_2_family_name",
            ]
        }
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_other_names") == "yes":
            for slot, word in (("1", "first"), ("2", "second")):
                named = data.get(f"other_{slot}_given_names") or data.get(f"other_{slot}_family_name")
                if named and not data.get(f"other_{slot}_kind"):
                    self.add_error(
                        f"other_{slot}_kind",
                        f"Select whether the {word} other name is an alias or a previous name",
                    )
            if not (data.get("other_1_given_names") or data.get("other_1_family_name")):
                self.add_error("other_1_given_names", "Enter at least one other name")
        else:
            for name in list(data):
                if name.startswith("other_"):
                    data[name] = ""
        return data

    def other_names(self) -> list[tuple[str, str, str]]:
        data = self.cleaned_data
        names = []
        for slot in ("1", "2"):
            given, family = data.get(f"other_{slot}_given_names"), data.get(f"other_{slot}_family_name")
            if given or family:
                names.append((data.get(f"other_{slot}_kind") or "alias", given or "", family or ""))
        return names


class DateOfBirthForm(StepForm):
    dob_known = _radios(
        "Do you know the person's date of birth?",
        YES_NO,
        "Select yes if you know the person's date of birth",
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        past_only=True,
        required=False,
        help_text="For example, 27 3 2010",
    )
    approximate_age = forms.IntegerField(
        label="Approximate age in years",
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Approximate age must be a number, like 15",
            "min_value": "Approximate age must be 0 or more",
            "max_value": "Approximate age must be 120 or less",
        },
    )
    govuk_conditional = {"dob_known": {"yes": ["date_of_birth"], "no": ["approximate_age"]}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].widget.attrs["autocomplete"] = "off"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born = data.get("date_of_birth")
        if data.get("dob_known") == "yes" and isinstance(born, dt.date) and born.year < 1900:
            self.add_error("date_of_birth", "Date of birth must be after 1900")
        self.require_when("dob_known", "yes", "date_of_birth", "Enter the person's date of birth")
        self.require_when("dob_known", "no", "approximate_age", "Enter the person's approximate age")
        if data.get("dob_known") == "yes":
            data["approximate_age"] = None
        elif data.get("dob_known") == "no":
            data["date_of_birth"] = None
        return data


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class GenderForm(StepForm):
    gender = _radios("What is the person's gender?", list(Gender.choices), "Select the person's gender")


class AddressForm(StepForm):
    address_lines = _long_text(
        "Address",
        max_length=500,
        help_text="Leave this blank if you do not know it",
    )
    postcode = _text(
        "Postcode",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    address_from = GovukDateField(
        label="When did they start living there?",
        past_only=True,
        required=False,
        help_text="If you know it. For example, 1 9 2024",
    )
    local_authority: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Which local authority area does the person live in?",
        queryset=None,
        empty_label="Choose a local authority",
        help_text="This decides which counter-terrorism policing team receives the referral",
        error_messages={
            "required": "Select the local authority area the person lives in",
            "invalid_choice": "Select the local authority area the person lives in",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from cornerstone.geography.models import LocalAuthority

        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = LocalAuthority.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["address_from"].label = "When did they start living there?"

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        return validate_postcode(value) if value else ""


class SchoolOrEmployerForm(StepForm):
    school_or_employer = _text(
        "Which school, college or employer is the person at?",
        help_text="Leave this blank if they have none, or you do not know",
    )


class FamilyContactsForm(StepForm):
    family_contacts = _long_text(
        "Family or carer contacts",
        help_text="Names, how they are related to the person, and how to contact them, if you know",
    )


class FirstLanguageForm(StepForm):
    first_language = _text(
        "What is the person's first language?",
        max_length=100,
        help_text="Leave this blank if you do not know",
    )


NEEDS = [
    ("sen", "Special educational needs (SEN)"),
    ("disability", "Disability"),
    ("neurodiversity", "Neurodiversity, for example autism or ADHD"),
    ("mental_health", "Mental health"),
]


class AdditionalNeedsForm(StepForm):
    needs = forms.MultipleChoiceField(
        label="Does the person have any known additional needs?",
        choices=NEEDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Leave them all unticked if none are known.",
    )
    needs_details = _long_text(
        "Details of the additional needs",
        max_length=2000,
        help_text="What you know, and anything that would help someone work with the person",
    )


class IdentifiersForm(StepForm):
    upn = _text(
        "Unique pupil number (UPN)",
        max_length=20,
        help_text="A letter then 12 characters, like H801200001001. Leave this blank if you do not have it",
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}),
    )
    nhs = _text(
        "NHS number",
        max_length=20,
        help_text="10 digits, for example 485 777 3456. Leave this blank if you do not have it",
        widget=forms.TextInput(attrs={"spellcheck": "false", "inputmode": "numeric"}),
    )
    pnc = _text(
        "Police National Computer (PNC) ID",
        max_length=20,
        help_text="The year, a slash, up to 7 digits and a letter, like 12/1234567A. Leave this blank if you do not have it",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )

    def _identifier(self, kind: str, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        return validate_identifier(kind, value) if value else ""

    def clean_upn(self) -> str:
        return self._identifier(IdentifierKind.UPN, "upn")

    def clean_nhs(self) -> str:
        return self._identifier(IdentifierKind.NHS, "nhs")

    def clean_pnc(self) -> str:
        return self._identifier(IdentifierKind.PNC, "pnc")

    def identifiers(self) -> list[tuple[str, str]]:
        kinds = ((IdentifierKind.UPN, "upn"), (IdentifierKind.NHS, "nhs"), (IdentifierKind.PNC, "pnc"))
        return [(str(kind), self.cleaned_data[name]) for kind, name in kinds if self.cleaned_data.get(name)]


# About the concern -----------------------------------------------------------------------


class ConcernForm(StepForm):
    what_noticed = _long_text(
        "What have you noticed?",
        required="Enter what you have noticed",
        help_text="What the person said or did, in their words where you can",
    )
    when_noticed = _text(
        "When did you notice it?",
        required="Enter when you noticed it",
        help_text="For example, 3 March 2026, or over the last 2 weeks",
    )
    specific_event = _long_text(
        "Was there a specific event?",
        help_text="If something particular happened, describe it and when. Leave this blank if not",
    )


class OnlineBehaviourForm(StepForm):
    online = _radios(
        "Have you seen any worrying online behaviour?",
        YES_NO_NOT_KNOWN,
        "Select yes if you have seen any worrying online behaviour",
    )
    online_details = _long_text("What was the online behaviour?")
    online_how_found = _long_text("How did you find out about it?", max_length=2000)
    govuk_conditional = {"online": {"yes": ["online_details", "online_how_found"]}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.require_when("online", "yes", "online_details", "Enter what the online behaviour was")
        self.require_when("online", "yes", "online_how_found", "Enter how you found out about it")
        self.clear_unless("online", "yes", "online_details", "online_how_found")
        return data


class GroupContactsForm(StepForm):
    group_contacts = _radios(
        "Has the person been in contact with groups or individuals that worry you?",
        YES_NO_NOT_KNOWN,
        "Select yes if the person has been in contact with groups or individuals that worry you",
    )
    group_contacts_details = _long_text("Who, and what do you know about the contact?")
    govuk_conditional = {"group_contacts": {"yes": ["group_contacts_details"]}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.require_when("group_contacts", "yes", "group_contacts_details", "Enter who the contact was with")
        self.clear_unless("group_contacts", "yes", "group_contacts_details")
        return data


class WishToHarmForm(StepForm):
    wish_to_harm = _radios(
        "Has the person expressed a wish to harm themselves or others?",
        YES_NO_NOT_KNOWN,
        "Select yes if the person has expressed a wish to harm themselves or others",
        help_text="If anyone is in immediate danger, call 999 now",
    )
    wish_to_harm_details = _long_text("What did they say or do?")
    govuk_conditional = {"wish_to_harm": {"yes": ["wish_to_harm_details"]}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.require_when("wish_to_harm", "yes", "wish_to_harm_details", "Enter what they said or did")
        self.clear_unless("wish_to_harm", "yes", "wish_to_harm_details")
        return data


class OtherAgenciesForm(StepForm):
    other_agencies = _long_text(
        "Which other agencies are already involved with the person?",
        help_text="For example, children's social care, CAMHS, youth justice or probation. Leave this blank if none or not known",
    )


class SafeguardingConcernsForm(StepForm):
    safeguarding_concerns = _long_text(
        "Are there any other safeguarding concerns?",
        help_text="For example, about the person's family, friends or where they live. Leave this blank if none",
    )


class SafeguardingLeadForm(StepForm):
    lead_consulted = _radios(
        "Have you talked to your organisation's safeguarding lead about this?",
        YES_NO,
        "Select yes if you have talked to your safeguarding lead about this",
        help_text="In a school or college, this is the Designated Safeguarding Lead",
    )
    lead_name = _text("Name of the safeguarding lead")
    lead_not_consulted_reason = _long_text("Why not?", max_length=2000)
    govuk_conditional = {"lead_consulted": {"yes": ["lead_name"], "no": ["lead_not_consulted_reason"]}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.require_when("lead_consulted", "yes", "lead_name", "Enter the name of the safeguarding lead")
        self.require_when(
            "lead_consulted",
            "no",
            "lead_not_consulted_reason",
            "Enter why you have not talked to your safeguarding lead",
        )
        self.clear_unless("lead_consulted", "yes", "lead_name")
        self.clear_unless("lead_consulted", "no", "lead_not_consulted_reason")
        return data


class AwarenessForm(StepForm):
    person_knows = _radios(
        "Does the person know about this referral?",
        YES_NO,
        "Select yes if the person knows about this referral",
    )
    person_not_told_reason = _long_text("Why does the person not know?", max_length=2000)
    parents_know = _radios(
        "Do the person's parents or carers know about this referral?",
        YES_NO,
        "Select yes if the person's parents or carers know about this referral",
        help_text="Asked because the person is under 18",
    )
    parents_not_told_reason = _long_text("Why do the parents or carers not know?", max_length=2000)
    govuk_conditional = {
        "person_knows": {"no": ["person_not_told_reason"]},
        "parents_know": {"no": ["parents_not_told_reason"]},
    }

    def __init__(self, *args: Any, is_child: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_child:
            del self.fields["parents_know"]
            del self.fields["parents_not_told_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.require_when(
            "person_knows", "no", "person_not_told_reason", "Enter why the person does not know"
        )
        self.clear_unless("person_knows", "no", "person_not_told_reason")
        if "parents_know" in self.fields:
            self.require_when(
                "parents_know",
                "no",
                "parents_not_told_reason",
                "Enter why the parents or carers do not know",
            )
            self.clear_unless("parents_know", "no", "parents_not_told_reason")
        return data


# About the person making the referral ----------------------------------------------------


def _sector_field(label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=ReferralSector.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the sector the referral comes from",
            "invalid_choice": "Select the sector the referral comes from",
        },
    )


PHONE_ALLOWED = set("0123456789+() -")


def _clean_phone(value: str) -> str:
    value = value.strip()
    digits = [character for character in value if character.isdigit()]
    if not set(value) <= PHONE_ALLOWED or not 10 <= len(digits) <= 15:
        raise ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
    return value


class AboutYouForm(StepForm):
    sector = _sector_field("Which sector do you work in?")
    organisation_name = _text("Your organisation", required="Enter the name of your organisation")
    job_role = _text("Your role", required="Enter your role", help_text="For example, class teacher")
    phone = _text(
        "Phone number",
        required="Enter a phone number we can contact you on",
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    relationship = _text(
        "What is your relationship to the person?",
        required="Enter your relationship to the person",
        help_text="For example, their form tutor",
    )

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone", ""))


class HowReceivedForm(StepForm):
    received_via = forms.ChoiceField(
        label="How did the referral reach you?",
        choices=ReceivedVia.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the referral reached you"},
    )
    caller_name = _text(
        "Name of the person who made the referral",
        required="Enter the name of the person who made the referral",
    )
    caller_contact = _text(
        "Their phone number or email address",
        required="Enter a phone number or email address for the person who made the referral",
    )
    caller_relationship = _text(
        "Their relationship to the person referred",
        required="Enter their relationship to the person referred",
        help_text="For example, mother, friend or neighbour",
    )
    sector = _sector_field("Which sector does the referral come from?")


class ConcernTypeForm(StepForm):
    concern_type = forms.ChoiceField(
        label="What type of concern do you think this is?",
        widget=forms.RadioSelect,
        help_text="Choose the closest. If you are not sure, say so: the police team will decide",
        error_messages={
            "required": "Select the type of concern, or I am not sure",
            "invalid_choice": "Select the type of concern, or I am not sure",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taxonomy = self.referral.taxonomy if self.referral is not None else None
        types = ConcernType.objects.filter(taxonomy=taxonomy) if taxonomy else ConcernType.objects.none()
        choices: list[tuple[str, str]] = [(str(item.pk), item.label) for item in types]
        self.fields["concern_type"].choices = [*choices, (NOT_SURE, "I am not sure")]  # type: ignore[attr-defined]


class MashForm(StepForm):
    has_mash_reference = _radios(
        "Has this also been referred to the multi-agency safeguarding hub (MASH)?",
        YES_NO,
        "Select yes if this has also been referred to the MASH",
        help_text="A child's referral is usually also sent to the local MASH",
    )
    mash_reference = _text("MASH reference", max_length=50)
    govuk_conditional = {"has_mash_reference": {"yes": ["mash_reference"]}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.require_when("has_mash_reference", "yes", "mash_reference", "Enter the MASH reference")
        self.clear_unless("has_mash_reference", "yes", "mash_reference")
        return data


class AttachmentsForm(StepForm):
    """The attachments page's "Continue": the files themselves are added one at a time."""


class AttachmentUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word (DOCX), OpenDocument text (ODT), PNG, JPEG or plain text, up to 10MB each",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
    )

    def clean_file(self) -> Any:
        from cornerstone.govuk.uploads import UploadRejected
        from cornerstone.referrals.attachments import check_upload

        upload = self.cleaned_data["file"]
        try:
            self.checked = check_upload(upload, max_bytes=settings.CORNERSTONE_REFERRAL_ATTACHMENT_MAX_BYTES)
        except UploadRejected as error:
            raise ValidationError(str(error)) from None
        return upload


class StartForm(forms.Form):
    """Police Prevent staff: whose referral this is."""

    who = forms.ChoiceField(
        label="Whose referral are you recording?",
        choices=[
            ("on_behalf", "Someone who phoned, emailed, wrote or came in (for example a family member)"),
            ("own", "My own referral"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whose referral you are recording"},
    )


def today() -> dt.date:
    return timezone.localdate()
