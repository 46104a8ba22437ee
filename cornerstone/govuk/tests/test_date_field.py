"""GovukDateField: day, month and year boxes cleaned to a date, with GOV.UK's error messages."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from django import forms
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cornerstone.govuk.fields import GovukDateField, GovukDateWidget, error_parts


class DateForm(forms.Form):
    born = GovukDateField(label="Date of birth")
    seen = GovukDateField(label="Date last seen", required=False)
    left = GovukDateField(label="Date they left", required=False, past_only=True)


def submit(**boxes: str) -> DateForm:
    data = {"born_day": "1", "born_month": "1", "born_year": "2000"}
    data.update(boxes)
    form = DateForm(data=data)
    form.is_valid()
    return form


def date_error(form: DateForm, name: str = "born") -> tuple[str, tuple[str, ...]]:
    (error,) = form.errors.as_data()[name]
    return str(error.message), error_parts(error)


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_any_real_date_round_trips(date: dt.date) -> None:
    form = submit(born_day=str(date.day), born_month=str(date.month), born_year=str(date.year))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born"] == date


@given(
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(["{:d}", "{:02d}", " {:d} "]),
)
def test_leading_zeros_and_spaces_are_accepted(date: dt.date, style: str) -> None:
    form = submit(
        born_day=style.format(date.day), born_month=style.format(date.month), born_year=str(date.year)
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born"] == date


@given(st.integers(min_value=1, max_value=12), st.integers(min_value=1000, max_value=9999), st.data())
def test_a_day_the_month_does_not_have_is_not_a_real_date(month: int, year: int, data: st.DataObject) -> None:
    last = calendar.monthrange(year, month)[1]
    if last == 31:
        day = data.draw(st.integers(min_value=32, max_value=99))
    else:
        day = data.draw(st.integers(min_value=last + 1, max_value=31))
    form = submit(born_day=str(day), born_month=str(month), born_year=str(year))
    assert date_error(form) == ("Date of birth must be a real date", ("day",))


@pytest.mark.parametrize(
    ("day", "month", "year", "parts"),
    [
        ("1", "13", "2000", ("month",)),
        ("1", "0", "2000", ("month",)),
        ("0", "1", "2000", ("day",)),
        ("x", "1", "2000", ("day",)),
        ("1", "Jan", "2000", ("month",)),
        ("1", "1", "99", ("year",)),
        ("1", "1", "0999", ("year",)),
        ("32", "13", "2000", ("day", "month")),
        ("-1", "1", "2000", ("day",)),
    ],
)
def test_impossible_boxes_are_not_a_real_date(
    day: str, month: str, year: str, parts: tuple[str, ...]
) -> None:
    form = submit(born_day=day, born_month=month, born_year=year)
    assert date_error(form) == ("Date of birth must be a real date", parts)


def test_29_february_only_in_a_leap_year() -> None:
    assert submit(born_day="29", born_month="2", born_year="2024").is_valid()
    assert (
        date_error(submit(born_day="29", born_month="2", born_year="2023"))[0]
        == "Date of birth must be a real date"
    )


def test_required_and_empty() -> None:
    assert date_error(submit(born_day="", born_month="", born_year="")) == (
        "Enter date of birth",
        ("day", "month", "year"),
    )


@pytest.mark.parametrize(
    ("boxes", "message", "parts"),
    [
        ({"born_month": ""}, "Date of birth must include a month", ("month",)),
        ({"born_day": ""}, "Date of birth must include a day", ("day",)),
        ({"born_year": " "}, "Date of birth must include a year", ("year",)),
        ({"born_day": "", "born_year": ""}, "Date of birth must include a day and year", ("day", "year")),
    ],
)
def test_incomplete_dates_say_what_is_missing(
    boxes: dict[str, str], message: str, parts: tuple[str, ...]
) -> None:
    assert date_error(submit(**boxes)) == (message, parts)


def test_optional_and_empty_is_none() -> None:
    form = submit()
    assert form.is_valid()
    assert form.cleaned_data["seen"] is None and form.cleaned_data["left"] is None


def test_past_only() -> None:
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    form = submit(left_day=str(today.day), left_month=str(today.month), left_year=str(today.year))
    assert date_error(form, "left") == ("Date they left must be in the past", ("day", "month", "year"))
    form = submit(left_day=str(yesterday.day), left_month=str(yesterday.month), left_year=str(yesterday.year))
    assert form.is_valid() and form.cleaned_data["left"] == yesterday


def test_custom_messages() -> None:
    class Custom(forms.Form):
        start = GovukDateField(
            label="Start date", error_messages={"required": "Enter the date the support started"}
        )

    form = Custom(data={})
    assert form.errors["start"] == ["Enter the date the support started"]


def test_an_acronym_at_the_start_of_the_label_keeps_its_capitals() -> None:
    class Arrival(forms.Form):
        arrived = GovukDateField(label="UK arrival date")

    assert Arrival(data={}).errors["arrived"] == ["Enter UK arrival date"]


def test_widget_decompresses_a_date_and_has_changed() -> None:
    widget = GovukDateWidget()
    assert widget.decompress(dt.date(2020, 5, 17)) == [17, 5, 2020]
    assert widget.decompress(None) == [None, None, None]
    field = GovukDateField(label="Date")
    assert not field.has_changed(dt.date(2020, 5, 17), ["17", "05", "2020"])
    assert field.has_changed(dt.date(2020, 5, 17), ["18", "5", "2020"])
    assert not field.has_changed(None, ["", "", ""])


def test_a_disabled_field_keeps_its_initial_date() -> None:
    class Locked(forms.Form):
        born = GovukDateField(label="Date of birth", disabled=True)

    form = Locked(data={}, initial={"born": dt.date(1990, 1, 2)})
    assert form.is_valid() and form.cleaned_data["born"] == dt.date(1990, 1, 2)
