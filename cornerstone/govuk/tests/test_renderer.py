"""The GOV.UK form renderer: every widget, error states, the error summary, conditional reveals."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError

from cornerstone.govuk.fields import GovukDateField, GovukDateWidget
from cornerstone.govuk.tests.html import Element, parse

COLOURS = [("", "Choose a colour"), ("red", "Red"), ("blue", "Blue")]
CONTACT = [("email", "Email"), ("phone", "Phone"), ("post", "Post")]
NEEDS = [("wheelchair", "Wheelchair access"), ("interpreter", "Interpreter"), ("other", "Something else")]


class EveryWidgetForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As it appears on their passport")
    email = forms.EmailField(label="Email address", required=False)
    age = forms.IntegerField(label="Age", required=False)
    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    password = forms.CharField(label="Password", widget=forms.PasswordInput, required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    colour = forms.ChoiceField(label="Colour", choices=COLOURS)
    colours = forms.MultipleChoiceField(
        label="Other colours", choices=COLOURS[1:], widget=forms.SelectMultiple, required=False
    )
    contact = forms.ChoiceField(
        label="How should we contact them?", choices=CONTACT, widget=forms.RadioSelect, help_text="Choose one"
    )
    needs = forms.MultipleChoiceField(
        label="Access needs", choices=NEEDS, widget=forms.CheckboxSelectMultiple, required=False
    )
    agree = forms.BooleanField(label="I confirm the information is correct", help_text="You must confirm")
    upload = forms.FileField(label="Upload a document", required=False)
    born = GovukDateField(label="Date of birth", past_only=True, help_text="For example, 27 3 2007")
    ref = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("name") == "Nobody":
            raise forms.ValidationError("We could not find that person")
        return cleaned


class ConditionalForm(forms.Form):
    contact = forms.ChoiceField(
        label="How should we contact them?", choices=CONTACT, widget=forms.RadioSelect
    )
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(label="Phone number", required=False)
    needs = forms.MultipleChoiceField(
        label="Access needs", choices=NEEDS, widget=forms.CheckboxSelectMultiple, required=False
    )
    other_need = forms.CharField(label="Describe the need", required=False)
    comments = forms.CharField(label="Comments", required=False)

    govuk_conditional = {
        "contact": {"email": ["email"], "phone": ["phone"]},
        "needs": {"other": ["other_need"]},
    }


VALID = {
    "name": "Sam Smith",
    "colour": "red",
    "contact": "email",
    "agree": "on",
    "born_day": "27",
    "born_month": "3",
    "born_year": "2007",
}


def render(source: str, **context: Any) -> Element:
    return parse(Template("{% load govuk %}" + source).render(Context(context)))


# Text-like inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "input_type"),
    [("name", "text"), ("email", "email"), ("age", "number"), ("website", "url"), ("password", "password")],
)
def test_text_like_inputs_are_govuk_inputs_with_their_label(name: str, input_type: str) -> None:
    page = render("{% govuk_field form." + name + " %}", form=EveryWidgetForm())
    field_input = page.by_id(f"id_{name}")
    assert field_input.tag == "input" and field_input.attrs["type"] == input_type
    assert "govuk-input" in field_input.classes
    assert page.find("label").attrs["for"] == f"id_{name}"
    assert "govuk-form-group--error" not in page.find(cls="govuk-form-group").classes
    assert "required" not in field_input.attrs  # GOV.UK: no browser validation


def test_hint_is_linked_with_aria_describedby() -> None:
    page = render("{% govuk_field form.name %}", form=EveryWidgetForm())
    hint = page.find(cls="govuk-hint")
    assert hint.attrs["id"] == "id_name-hint"
    assert hint.text() == "As it appears on their passport"
    assert page.by_id("id_name").attrs["aria-describedby"] == "id_name-hint"


def test_hint_option_overrides_help_text_and_classes_go_on_the_input() -> None:
    page = render(
        '{% govuk_field form.name hint="Their legal name" classes="govuk-input--width-20" %}',
        form=EveryWidgetForm(),
    )
    assert page.find(cls="govuk-hint").text() == "Their legal name"
    assert {"govuk-input", "govuk-input--width-20"} <= page.by_id("id_name").classes


def test_empty_hint_option_removes_the_hint() -> None:
    page = render('{% govuk_field form.name hint="" %}', form=EveryWidgetForm())
    assert page.find_all(cls="govuk-hint") == []
    assert "aria-describedby" not in page.by_id("id_name").attrs


def test_label_as_page_heading() -> None:
    page = render('{% govuk_field form.name label_is_heading=True label_size="l" %}', form=EveryWidgetForm())
    heading = page.find("h1")
    assert "govuk-label-wrapper" in heading.classes
    label = heading.find("label")
    assert {"govuk-label", "govuk-label--l"} <= label.classes and label.text() == "Full name"


def test_text_input_error_state_keeps_the_value() -> None:
    form = EveryWidgetForm(data={**VALID, "email": "not an email"})
    page = render("{% govuk_field form.email %}", form=form)
    group = page.find(cls="govuk-form-group")
    assert "govuk-form-group--error" in group.classes
    error = page.by_id("id_email-error")
    assert "govuk-error-message" in error.classes
    assert error.find(cls="govuk-visually-hidden").text() == "Error:"
    assert error.text().startswith("Error: Enter a valid email address")
    field_input = page.by_id("id_email")
    assert "govuk-input--error" in field_input.classes
    assert field_input.attrs["value"] == "not an email"
    assert field_input.attrs["aria-describedby"] == "id_email-error"


def test_hint_and_error_are_both_described() -> None:
    form = EveryWidgetForm(data={**VALID, "name": ""})
    page = render("{% govuk_field form.name %}", form=form)
    assert page.by_id("id_name").attrs["aria-describedby"] == "id_name-hint id_name-error"


def test_a_password_is_never_sent_back_to_the_browser() -> None:
    form = EveryWidgetForm(data={**VALID, "name": "", "password": "correct horse battery"})
    html = Template("{% load govuk %}{% govuk_field form.password %}").render(Context({"form": form}))
    assert "correct horse battery" not in html
    page = parse(html)
    assert "value" not in page.by_id("id_password").attrs
    assert page.find(cls="govuk-password-input").attrs["data-module"] == "govuk-password-input"
    assert page.find("button").attrs["aria-controls"] == "id_password"


# Textarea, select, file -------------------------------------------------------------------------


def test_textarea() -> None:
    form = EveryWidgetForm(data={**VALID, "notes": "Line one\nLine <two>"})
    page = render("{% govuk_field form.notes %}", form=form)
    textarea = page.by_id("id_notes")
    assert textarea.tag == "textarea" and "govuk-textarea" in textarea.classes
    assert "Line <two>" in textarea.text()


def test_textarea_error() -> None:
    class Required(forms.Form):
        notes = forms.CharField(
            label="Notes", widget=forms.Textarea, error_messages={"required": "Enter notes"}
        )

    page = render("{% govuk_field form.notes %}", form=Required(data={}))
    assert "govuk-textarea--error" in page.by_id("id_notes").classes
    assert page.by_id("id_notes-error").text() == "Error: Enter notes"


def test_select_keeps_the_choice_and_shows_errors() -> None:
    page = render("{% govuk_field form.colour %}", form=EveryWidgetForm(data={**VALID, "colour": "blue"}))
    select = page.by_id("id_colour")
    assert select.tag == "select" and "govuk-select" in select.classes
    selected = [option.attrs["value"] for option in select.find_all("option") if "selected" in option.attrs]
    assert selected == ["blue"]

    page = render("{% govuk_field form.colour %}", form=EveryWidgetForm(data={**VALID, "colour": ""}))
    assert "govuk-select--error" in page.by_id("id_colour").classes
    assert "govuk-form-group--error" in page.find(cls="govuk-form-group").classes


def test_select_multiple() -> None:
    page = render(
        "{% govuk_field form.colours %}", form=EveryWidgetForm(data={**VALID, "colours": ["red", "blue"]})
    )
    select = page.by_id("id_colours")
    assert "multiple" in select.attrs and "govuk-select" in select.classes
    assert len([o for o in select.find_all("option") if "selected" in o.attrs]) == 2


def test_file_upload() -> None:
    page = render("{% govuk_field form.upload %}", form=EveryWidgetForm())
    file_input = page.by_id("id_upload")
    assert file_input.attrs["type"] == "file" and "govuk-file-upload" in file_input.classes
    assert page.find("label").attrs["for"] == "id_upload"


# Radios and checkboxes --------------------------------------------------------------------------


def test_radios_are_a_fieldset_with_a_legend() -> None:
    page = render("{% govuk_field form.contact %}", form=EveryWidgetForm())
    fieldset = page.find("fieldset", cls="govuk-fieldset")
    assert fieldset.find("legend").text() == "How should we contact them?"
    assert fieldset.attrs["aria-describedby"] == "id_contact-hint"
    radios = page.find(cls="govuk-radios")
    assert radios.attrs["data-module"] == "govuk-radios"
    inputs = radios.find_all("input")
    assert [i.attrs["value"] for i in inputs] == ["email", "phone", "post"]
    assert all(i.attrs["type"] == "radio" and "govuk-radios__input" in i.classes for i in inputs)
    for radio in inputs:
        label = page.find("label", for_=radio.attrs["id"])
        assert {"govuk-label", "govuk-radios__label"} <= label.classes


def test_radios_keep_the_choice_and_show_errors() -> None:
    page = render("{% govuk_field form.contact %}", form=EveryWidgetForm(data={**VALID, "contact": "phone"}))
    assert [i.attrs["value"] for i in page.find_all("input") if "checked" in i.attrs] == ["phone"]

    page = render("{% govuk_field form.contact %}", form=EveryWidgetForm(data={**VALID, "contact": ""}))
    assert "govuk-form-group--error" in page.find(cls="govuk-form-group").classes
    assert page.find("fieldset").attrs["aria-describedby"] == "id_contact-hint id_contact-error"
    assert page.by_id("id_contact-error").text() == "Error: This field is required."


def test_radios_legend_as_page_heading() -> None:
    page = render("{% govuk_field form.contact label_is_heading=True %}", form=EveryWidgetForm())
    legend = page.find("legend")
    assert "govuk-fieldset__legend--l" in legend.classes
    assert "govuk-fieldset__heading" in legend.find("h1").classes


def test_radios_leave_out_djangos_blank_choice() -> None:
    class Pick(forms.Form):
        colour = forms.ChoiceField(choices=[("", "---------"), ("red", "Red")], widget=forms.RadioSelect)

    page = render("{% govuk_field form.colour %}", form=Pick())
    assert [i.attrs["value"] for i in page.find_all("input")] == ["red"]


def test_checkboxes() -> None:
    form = EveryWidgetForm(data={**VALID, "needs": ["interpreter", "other"]})
    page = render('{% govuk_field form.needs classes="govuk-checkboxes--small" %}', form=form)
    boxes = page.find(cls="govuk-checkboxes")
    assert "govuk-checkboxes--small" in boxes.classes and boxes.attrs["data-module"] == "govuk-checkboxes"
    inputs = boxes.find_all("input")
    assert all(i.attrs["type"] == "checkbox" and i.attrs["name"] == "needs" for i in inputs)
    assert [i.attrs["value"] for i in inputs if "checked" in i.attrs] == ["interpreter", "other"]
    assert page.find("legend").text() == "Access needs"


def test_checkboxes_error() -> None:
    class Pick(forms.Form):
        needs = forms.MultipleChoiceField(
            label="Access needs",
            choices=NEEDS,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Select at least one"},
        )

    page = render("{% govuk_field form.needs %}", form=Pick(data={}))
    assert "govuk-form-group--error" in page.find(cls="govuk-form-group").classes
    assert page.by_id("id_needs-error").text() == "Error: Select at least one"


def test_single_checkbox() -> None:
    page = render("{% govuk_field form.agree %}", form=EveryWidgetForm(data={**VALID}))
    box = page.by_id("id_agree")
    assert (
        box.attrs["type"] == "checkbox"
        and "govuk-checkboxes__input" in box.classes
        and "checked" in box.attrs
    )
    label = page.find("label")
    assert label.attrs["for"] == "id_agree" and "govuk-checkboxes__label" in label.classes
    assert page.by_id("id_agree-hint").text() == "You must confirm"
    assert box.attrs["aria-describedby"] == "id_agree-hint"


def test_single_checkbox_error() -> None:
    page = render("{% govuk_field form.agree %}", form=EveryWidgetForm(data={**VALID, "agree": ""}))
    assert "govuk-form-group--error" in page.find(cls="govuk-form-group").classes
    assert "checked" not in page.by_id("id_agree").attrs
    assert page.by_id("id_agree").attrs["aria-describedby"] == "id_agree-hint id_agree-error"


def test_hidden_fields_render_as_plain_hidden_inputs() -> None:
    page = render("{% govuk_field form.ref %}", form=EveryWidgetForm(initial={"ref": "R-1"}))
    hidden = page.by_id("id_ref")
    assert hidden.attrs["type"] == "hidden" and hidden.attrs["value"] == "R-1"
    assert page.find_all(cls="govuk-form-group") == []


# Date input -------------------------------------------------------------------------------------


def test_date_input_markup() -> None:
    page = render("{% govuk_field form.born %}", form=EveryWidgetForm())
    fieldset = page.find("fieldset")
    assert fieldset.attrs["role"] == "group" and fieldset.attrs["aria-describedby"] == "id_born-hint"
    assert fieldset.find("legend").text() == "Date of birth"
    date_input = page.by_id("id_born")
    assert "govuk-date-input" in date_input.classes
    inputs = date_input.find_all("input")
    assert [i.attrs["name"] for i in inputs] == ["born_day", "born_month", "born_year"]
    assert [i.attrs["id"] for i in inputs] == ["id_born_day", "id_born_month", "id_born_year"]
    assert all(i.attrs["inputmode"] == "numeric" and "govuk-date-input__input" in i.classes for i in inputs)
    assert [page.find("label", for_=i.attrs["id"]).text() for i in inputs] == ["Day", "Month", "Year"]
    assert "govuk-input--width-4" in inputs[2].classes and "govuk-input--width-2" in inputs[0].classes


def test_date_input_shows_an_initial_date() -> None:
    import datetime as dt

    page = render("{% govuk_field form.born %}", form=EveryWidgetForm(initial={"born": dt.date(2001, 2, 3)}))
    assert [i.attrs["value"] for i in page.by_id("id_born").find_all("input")] == ["3", "2", "2001"]


def test_date_input_highlights_only_the_wrong_box_and_keeps_what_was_typed() -> None:
    form = EveryWidgetForm(data={**VALID, "born_day": "12", "born_month": "", "born_year": "1990"})
    page = render("{% govuk_field form.born %}", form=form)
    inputs = page.by_id("id_born").find_all("input")
    assert [i.attrs["value"] for i in inputs] == ["12", "", "1990"]
    assert ["govuk-input--error" in i.classes for i in inputs] == [False, True, False]
    assert page.by_id("id_born-error").text() == "Error: Date of birth must include a month"
    assert "govuk-form-group--error" in page.find(cls="govuk-form-group").classes


def test_date_input_highlights_every_box_when_the_whole_date_is_wrong() -> None:
    form = EveryWidgetForm(data={**VALID, "born_day": "", "born_month": "", "born_year": ""})
    page = render("{% govuk_field form.born %}", form=form)
    inputs = page.by_id("id_born").find_all("input")
    assert all("govuk-input--error" in i.classes for i in inputs)
    assert page.by_id("id_born-error").text() == "Error: Enter date of birth"


# Error summary ----------------------------------------------------------------------------------


def summary_links(page: Element) -> list[tuple[str, str]]:
    summary = page.find(cls="govuk-error-summary")
    return [(a.attrs["href"], a.text()) for a in summary.find_all("a")]


def test_no_error_summary_for_a_valid_or_unbound_form() -> None:
    assert (
        render("{% govuk_error_summary form %}", form=EveryWidgetForm()).find_all(cls="govuk-error-summary")
        == []
    )
    assert render("{% govuk_error_summary form %}", form=EveryWidgetForm(data=VALID)).find_all("div") == []
    assert render("{% govuk_error_summary form %}").find_all("div") == []


def test_error_summary_links_each_error_to_the_first_input_of_its_field() -> None:
    data = {"email": "nope", "born_day": "31", "born_month": "2", "born_year": "2000"}
    page = render("{% govuk_error_summary form %}", form=EveryWidgetForm(data=data))
    summary = page.find(cls="govuk-error-summary")
    assert summary.attrs["data-module"] == "govuk-error-summary"
    assert summary.find(role="alert").find("h2").text() == "There is a problem"
    assert summary_links(page) == [
        ("#id_name", "This field is required."),
        ("#id_email", "Enter a valid email address."),
        ("#id_colour", "This field is required."),
        ("#id_contact_0", "This field is required."),  # radios: the first option
        ("#id_agree", "This field is required."),
        ("#id_born_day", "Date of birth must be a real date"),  # date: the first wrong box
    ]


def test_error_summary_links_a_date_error_to_the_first_wrong_box() -> None:
    data = {**VALID, "born_day": "5", "born_month": "", "born_year": ""}
    page = render("{% govuk_error_summary form %}", form=EveryWidgetForm(data=data))
    assert summary_links(page) == [("#id_born_month", "Date of birth must include a month and year")]


def test_every_summary_link_points_at_an_element_on_the_page() -> None:
    form = EveryWidgetForm(data={"born_day": "x"})
    page = render("{% govuk_error_summary form %}{% govuk_fields form %}", form=form)
    for href, _ in summary_links(page):
        page.by_id(href.removeprefix("#"))


def test_non_field_errors_are_listed_first_and_link_to_the_first_field() -> None:
    page = render("{% govuk_error_summary form %}", form=EveryWidgetForm(data={**VALID, "name": "Nobody"}))
    assert summary_links(page) == [("#id_name", "We could not find that person")]


def test_errors_of_hidden_fields_are_listed_without_a_link() -> None:
    class WithHidden(forms.Form):
        token = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "The form has expired"})

    summary = render("{% govuk_error_summary form %}", form=WithHidden(data={})).find(
        cls="govuk-error-summary"
    )
    assert summary.find_all("a") == []
    assert summary.find("li").text() == "The form has expired"


# govuk_fields, conditional reveal, button ----------------------------------------------------------


def test_govuk_fields_renders_every_field_in_order_with_hidden_ones() -> None:
    page = render("{% govuk_fields form %}", form=EveryWidgetForm())
    names = [
        e.attrs["name"] for e in page.iter() if e.tag in ("input", "select", "textarea") and "name" in e.attrs
    ]
    expected = ["name", "email", "age", "website", "password", "notes", "colour", "colours"]
    expected += (
        ["contact"] * 3 + ["needs"] * 3 + ["agree", "upload", "born_day", "born_month", "born_year", "ref"]
    )
    assert names == expected


def test_conditional_reveal_inside_radios() -> None:
    page = render("{% govuk_fields form %}", form=ConditionalForm())
    email_radio = page.by_id("id_contact_0")
    assert email_radio.attrs["data-aria-controls"] == "conditional-id_contact_0"
    reveal = page.by_id("conditional-id_contact_0")
    assert {"govuk-radios__conditional", "govuk-radios__conditional--hidden"} <= reveal.classes
    assert reveal.find("input").attrs["id"] == "id_email"
    assert page.by_id("conditional-id_contact_1").find("input").attrs["id"] == "id_phone"
    assert "data-aria-controls" not in page.by_id("id_contact_2").attrs  # "post" reveals nothing
    # Revealed fields are drawn once, inside their option, and the rest in order.
    assert len(page.find_all("input", name="email")) == 1
    assert len(page.find_all("input", name="phone")) == 1
    assert page.find_all("input", name="comments")


def test_conditional_reveal_is_open_for_the_chosen_option() -> None:
    form = ConditionalForm(data={"contact": "phone", "phone": "0161 496 0000"})
    page = render("{% govuk_field form.contact %}", form=form)
    assert "govuk-radios__conditional--hidden" not in page.by_id("conditional-id_contact_1").classes
    assert "govuk-radios__conditional--hidden" in page.by_id("conditional-id_contact_0").classes
    assert page.by_id("id_phone").attrs["value"] == "0161 496 0000"


def test_conditional_reveal_inside_checkboxes() -> None:
    page = render("{% govuk_field form.needs %}", form=ConditionalForm())
    other = page.by_id("id_needs_2")
    assert other.attrs["data-aria-controls"] == "conditional-id_needs_2"
    reveal = page.by_id("conditional-id_needs_2")
    assert "govuk-checkboxes__conditional" in reveal.classes
    assert reveal.find("input").attrs["id"] == "id_other_need"


@pytest.mark.parametrize(
    ("source", "classes"),
    [
        ('{% govuk_button "Continue" %}', {"govuk-button"}),
        ('{% govuk_button "Cancel" secondary=True %}', {"govuk-button", "govuk-button--secondary"}),
        ('{% govuk_button "Delete" warning=True %}', {"govuk-button", "govuk-button--warning"}),
    ],
)
def test_buttons(source: str, classes: set[str]) -> None:
    button = render(source).find("button")
    assert button.classes == classes
    assert button.attrs["type"] == "submit" and button.attrs["data-module"] == "govuk-button"
    assert "name" not in button.attrs


def test_button_name_and_value() -> None:
    button = render('{% govuk_button "Save draft" secondary=True name="action" value="draft" %}').find(
        "button"
    )
    assert (button.attrs["name"], button.attrs["value"], button.text()) == ("action", "draft", "Save draft")


def test_labels_and_values_are_escaped() -> None:
    class Risky(forms.Form):
        note = forms.CharField(label="<b>Note</b>", help_text="<script>x</script>")

    html = Template("{% load govuk %}{% govuk_field form.note %}").render(
        Context({"form": Risky(data={"note": '"><script>alert(1)</script>'})})
    )
    assert "<script>" not in html and "<b>" not in html


def test_govuk_field_refuses_something_that_is_not_a_field() -> None:
    with pytest.raises(TemplateSyntaxError):
        render("{% govuk_field form.no_such_field %}", form=EveryWidgetForm())
    with pytest.raises(TemplateSyntaxError):
        render('{% govuk_field form.name label_size="huge" %}', form=EveryWidgetForm())


def test_date_of_birth_boxes_get_autocomplete_hints() -> None:
    class Birth(forms.Form):
        born = GovukDateField(label="Date of birth", widget=GovukDateWidget(attrs={"autocomplete": "bday"}))

    inputs = render("{% govuk_field form.born %}", form=Birth()).by_id("id_born").find_all("input")
    assert [i.attrs["autocomplete"] for i in inputs] == ["bday-day", "bday-month", "bday-year"]
