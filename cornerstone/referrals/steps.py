"""The question flow of the national Prevent referral, as data: the pages in order, which
section each belongs to, and when a page is asked at all.

A referral's answers are kept per page as the raw input given (``Referral.answers[slug]``);
``bound_form`` re-validates them with the page's form whenever they are read, so a draft can be
resumed and changed page by page and a submission is checked as a whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from cornerstone.govuk.templatetags.govuk import field_anchor
from cornerstone.referrals import forms as step_forms
from cornerstone.referrals.models import Referral

PERSON = "About the person"
CONCERN = "About the concern"
REFERRER = "About the referral"


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    section: str
    form_class: type[step_forms.StepForm]
    applies: Callable[[Referral], bool] = lambda referral: True
    # Pages whose only question is the heading (a single radio group or text box).
    single_question: bool = False


def _not_on_behalf(referral: Referral) -> bool:
    return not referral.on_behalf


def _on_behalf(referral: Referral) -> bool:
    return referral.on_behalf


STEPS: tuple[Step, ...] = (
    Step("name", "What is the person's name?", PERSON, step_forms.PersonNameForm),
    Step("other-names", "Other names", PERSON, step_forms.OtherNamesForm),
    Step("date-of-birth", "Date of birth", PERSON, step_forms.DateOfBirthForm),
    Step("gender", "Gender", PERSON, step_forms.GenderForm, single_question=True),
    Step("address", "Where does the person live?", PERSON, step_forms.AddressForm),
    Step(
        "school-or-employer",
        "School, college or employer",
        PERSON,
        step_forms.SchoolOrEmployerForm,
        single_question=True,
    ),
    Step(
        "family-contacts",
        "Family or carer contacts",
        PERSON,
        step_forms.FamilyContactsForm,
        single_question=True,
    ),
    Step("first-language", "First language", PERSON, step_forms.FirstLanguageForm, single_question=True),
    Step("additional-needs", "Additional needs", PERSON, step_forms.AdditionalNeedsForm),
    Step("identifiers", "Identifiers you hold", PERSON, step_forms.IdentifiersForm),
    Step("concern", "What is the concern?", CONCERN, step_forms.ConcernForm),
    Step("online-behaviour", "Online behaviour", CONCERN, step_forms.OnlineBehaviourForm),
    Step("group-contacts", "Contact with groups or individuals", CONCERN, step_forms.GroupContactsForm),
    Step("wish-to-harm", "Wish to harm", CONCERN, step_forms.WishToHarmForm),
    Step(
        "other-agencies",
        "Other agencies involved",
        CONCERN,
        step_forms.OtherAgenciesForm,
        single_question=True,
    ),
    Step(
        "safeguarding-concerns",
        "Other safeguarding concerns",
        CONCERN,
        step_forms.SafeguardingConcernsForm,
        single_question=True,
    ),
    Step("concern-type", "Type of concern", CONCERN, step_forms.ConcernTypeForm, single_question=True),
    Step("how-received", "How the referral reached you", REFERRER, step_forms.HowReceivedForm, _on_behalf),
    Step("about-you", "About you", REFERRER, step_forms.AboutYouForm, _not_on_behalf),
    Step(
        "safeguarding-lead",
        "Your safeguarding lead",
        REFERRER,
        step_forms.SafeguardingLeadForm,
        _not_on_behalf,
    ),
    Step("awareness", "Who knows about this referral", REFERRER, step_forms.AwarenessForm),
    Step("mash", "MASH reference", REFERRER, step_forms.MashForm),
    Step("attachments", "Attachments", REFERRER, step_forms.AttachmentsForm),
)
STEPS_BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}
SECTIONS: tuple[str, ...] = (PERSON, CONCERN, REFERRER)


def steps_for(referral: Referral) -> list[Step]:
    return [step for step in STEPS if step.applies(referral)]


def next_step(referral: Referral, slug: str) -> Step | None:
    steps = steps_for(referral)
    slugs = [step.slug for step in steps]
    if slug not in slugs:
        return steps[0]
    index = slugs.index(slug)
    return steps[index + 1] if index + 1 < len(steps) else None


def previous_step(referral: Referral, slug: str) -> Step | None:
    steps = steps_for(referral)
    slugs = [step.slug for step in steps]
    if slug not in slugs or slugs.index(slug) == 0:
        return None
    return steps[slugs.index(slug) - 1]


def raw_from_post(data: MultiValueDict[str, Any], form: forms.BaseForm) -> dict[str, list[str]]:
    """The input of a page as stored: the posted values of that page's own fields only (a date's
    three boxes are ``<name>_day``, ``<name>_month`` and ``<name>_year``)."""
    names = set(form.fields)
    return {
        key: [str(value) for value in data.getlist(key)]
        for key in data
        if key in names or key.rsplit("_", 1)[0] in names
    }


def _as_data(raw: dict[str, Any]) -> MultiValueDict[str, Any]:
    return MultiValueDict({key: list(values) for key, values in raw.items()})


# Derived answers -------------------------------------------------------------------------


def date_of_birth_answers(referral: Referral) -> tuple[dt.date | None, int | None]:
    form = bound_form(referral, STEPS_BY_SLUG["date-of-birth"])
    if form is None or not form.is_valid():
        return None, None
    return form.cleaned_data.get("date_of_birth"), form.cleaned_data.get("approximate_age")


def is_child(referral: Referral, on: dt.date | None = None) -> bool:
    """Under 18, from the date of birth or, failing that, the approximate age given."""
    born, approximate_age = date_of_birth_answers(referral)
    day = on or timezone.localdate()
    if born is not None:
        return step_forms.age_on(born, day) < 18
    return approximate_age is not None and approximate_age < 18


def form_kwargs(referral: Referral, step: Step) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"referral": referral}
    if step.form_class is step_forms.AwarenessForm:
        kwargs["is_child"] = is_child(referral)
    return kwargs


def blank_form(referral: Referral, step: Step, **extra: Any) -> step_forms.StepForm:
    return step.form_class(**form_kwargs(referral, step), **extra)


def bound_form(referral: Referral, step: Step) -> step_forms.StepForm | None:
    """The page's form bound to the stored answers, or None if the page has not been answered."""
    raw = referral.step_answers(step.slug)
    if raw is None:
        return None
    return step.form_class(data=_as_data(raw), **form_kwargs(referral, step))


def post_form(referral: Referral, step: Step, raw: dict[str, list[str]]) -> step_forms.StepForm:
    return step.form_class(data=_as_data(raw), **form_kwargs(referral, step))


def validated_forms(referral: Referral) -> dict[str, step_forms.StepForm | None]:
    """Every page's form bound to its stored answers and validated once (None: not answered)."""
    forms_by_slug: dict[str, step_forms.StepForm | None] = {}
    for step in steps_for(referral):
        form = bound_form(referral, step)
        if form is not None:
            form.is_valid()
        forms_by_slug[step.slug] = form
    return forms_by_slug


def incomplete_steps(
    referral: Referral, forms_by_slug: dict[str, step_forms.StepForm | None] | None = None
) -> list[Step]:
    """Pages not answered yet, or whose stored answers no longer pass (for example a question
    that became required after an earlier answer changed)."""
    forms_by_slug = validated_forms(referral) if forms_by_slug is None else forms_by_slug
    return [
        step
        for step in steps_for(referral)
        if (form := forms_by_slug.get(step.slug)) is None or not form.is_valid()
    ]


def cleaned(referral: Referral, slug: str) -> dict[str, Any]:
    form = bound_form(referral, STEPS_BY_SLUG[slug])
    if form is None or not form.is_valid():
        return {}
    return form.cleaned_data


# Showing the answers ---------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    key: str
    value: str
    # The id of the field's first input, for the Change link to land on.
    field: str


def _display(field: forms.Field, value: Any) -> str:
    if value in (None, "", [], ()):
        return "Not given"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    choices = dict(getattr(field, "choices", None) or [])
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if choices:
        return str(choices.get(value, choices.get(str(value), value)))
    return str(value)


def answer_rows(form: step_forms.StepForm) -> list[AnswerRow]:
    """Each question and answer of a valid page, leaving out hidden follow-up questions."""
    revealed = {
        name
        for choices in getattr(form, "govuk_conditional", {}).values()
        for names in choices.values()
        for name in names
    }
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name in revealed and value in (None, "", [], ()):
            continue
        rows.append(AnswerRow(str(field.label), _display(field, value), field_anchor(form[name])))
    return rows
