"""The in-house GOV.UK form renderer: Django forms drawn with GOV.UK Design System markup.

    {% load govuk %}
    {% govuk_error_summary form %}
    {% govuk_field form.name %}
    {% govuk_field form.code label_is_heading=True label_size="l" classes="govuk-input--width-10" %}
    {% govuk_field form.role hint="Choose the role they will work in" %}
    {% govuk_fields form %}
    {% govuk_button "Continue" %}  {% govuk_button "Delete" warning=True name="action" value="delete" %}

The widget decides the component: text-like inputs, textarea, select, radios, checkboxes, a single
checkbox, file upload and the day/month/year date input (``cornerstone.govuk.fields``). A form may
declare ``govuk_conditional = {"field": {"choice value": ["other_field", ...]}}``: the other fields
are then drawn inside that radio or checkbox option (GOV.UK conditional reveal), not on their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.contrib.messages import constants as message_levels
from django.forms import BoundField, widgets
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from cornerstone.govuk.fields import PART_LABELS, PARTS, GovukDateWidget, decompress, error_parts, part_id

register = template.Library()

LABEL_SIZES = ("", "s", "m", "l", "xl")
TITLE_SUFFIX = " \N{EN DASH} Cornerstone"  # after every page title
DJANGO_BLANK_CHOICE_LABEL = "---------"


def widget_kind(widget: forms.Widget) -> str:
    """Which GOV.UK component draws a widget. Order matters: several widgets subclass others."""
    kinds: tuple[tuple[type[forms.Widget], str], ...] = (
        (GovukDateWidget, "date"),
        (forms.CheckboxSelectMultiple, "checkboxes"),
        (forms.RadioSelect, "radios"),
        (forms.CheckboxInput, "checkbox"),
        (forms.Textarea, "textarea"),
        (forms.Select, "select"),
        (forms.HiddenInput, "hidden"),
        (forms.FileInput, "file"),
        (forms.PasswordInput, "password"),
        (widgets.Input, "input"),
    )
    return next((kind for cls, kind in kinds if isinstance(widget, cls)), "other")


@dataclass(frozen=True)
class Option:
    """One radio or checkbox."""

    id: str
    name: str
    value: str
    label: str
    checked: bool
    conditional_id: str = ""
    conditional_html: str = ""


def _field_id(field: BoundField) -> str:
    return str(field.field.widget.attrs.get("id") or field.auto_id or "")


def _conditional_fields(form: forms.BaseForm) -> dict[str, dict[str, list[str]]]:
    declared = getattr(form, "govuk_conditional", None) or {}
    return {
        name: {str(value): list(fields) for value, fields in choices.items()}
        for name, choices in declared.items()
    }


def _conditionally_revealed(form: forms.BaseForm) -> set[str]:
    return {
        name for choices in _conditional_fields(form).values() for names in choices.values() for name in names
    }


def _options(field: BoundField, *, with_reveals: bool = True) -> list[Option]:
    reveals = _conditional_fields(field.form).get(field.name, {}) if with_reveals else {}
    options = []
    for subwidget in field.subwidgets:
        data = subwidget.data
        value = "" if data["value"] is None else str(data["value"])
        if value == "" and str(data["label"]) == DJANGO_BLANK_CHOICE_LABEL:
            continue  # Django's "---------" blank choice has no place among radios
        option_id = str(data["attrs"].get("id", ""))
        revealed = reveals.get(value, [])
        options.append(
            Option(
                id=option_id,
                name=data["name"],
                value=value,
                label=str(data["label"]),
                checked=bool(data["selected"]),
                conditional_id=f"conditional-{option_id}" if revealed else "",
                conditional_html=mark_safe("".join(govuk_field(field.form[name]) for name in revealed)),  # noqa: S308  (our own rendered HTML)
            )
        )
    return options


def _date_error_parts(field: BoundField) -> tuple[str, ...]:
    """The boxes of a date input that its errors are about, in day-month-year order."""
    if not field.errors:
        return ()
    named = {part for error in field.form.errors.as_data().get(field.name, []) for part in error_parts(error)}
    return tuple(part for part in PARTS if part in named)


def field_anchor(field: BoundField) -> str:
    """The id the error summary links to: the field's first input (or first wrong date box)."""
    field_id = _field_id(field)
    if not field_id:
        return ""
    kind = widget_kind(field.field.widget)
    if kind in ("radios", "checkboxes"):
        options = _options(field, with_reveals=False)
        return options[0].id if options else field_id
    if kind == "date":
        return part_id(field_id, (_date_error_parts(field) or PARTS)[0])
    return str(field.id_for_label or field_id)


def _render_widget(field: BoundField, css_class: str, describedby: str) -> SafeString:
    """Django's own widget rendering (so values, choices and types stay right), GOV.UK classes."""
    widget = field.field.widget
    attrs: dict[str, Any] = {"class": " ".join(filter(None, [css_class, widget.attrs.get("class", "")]))}
    if field_id := _field_id(field):
        attrs["id"] = field_id
    if describedby:
        attrs["aria-describedby"] = describedby
    if field.field.disabled:
        attrs["disabled"] = True
    if isinstance(widget, forms.PasswordInput):
        attrs = {"spellcheck": "false", "autocapitalize": "none", **attrs}
    return widget.render(field.html_name, field.value(), attrs=attrs, renderer=field.form.renderer)


def _classes(*names: str) -> str:
    return " ".join(name for name in names if name)


@register.simple_tag
def govuk_field(
    field: BoundField,
    *,
    label_is_heading: bool = False,
    label_size: str = "",
    classes: str = "",
    hint: str | None = None,
) -> SafeString:
    """One form field as a GOV.UK form group: label or legend, hint, error message, control."""
    if not isinstance(field, BoundField):
        raise template.TemplateSyntaxError(f"govuk_field needs a form field, not {field!r}")
    if label_size not in LABEL_SIZES:
        raise template.TemplateSyntaxError(f"label_size must be one of {LABEL_SIZES[1:]}, not {label_size!r}")
    kind = widget_kind(field.field.widget)
    if kind == "hidden":
        return SafeString(str(field))

    field_id = _field_id(field)
    hint_text = field.help_text if hint is None else hint
    errors = [str(error) for error in field.errors]
    hint_id = f"{field_id}-hint" if hint_text and field_id else ""
    error_id = f"{field_id}-error" if errors and field_id else ""
    describedby = " ".join(filter(None, [hint_id, error_id]))
    context: dict[str, Any] = {
        "field": field,
        "kind": kind,
        "id": field_id,
        "label": field.label,
        "label_is_heading": label_is_heading,
        "label_size": label_size or ("l" if label_is_heading else ""),
        "hint": hint_text,
        "hint_id": hint_id,
        "errors": errors,
        "error_id": error_id,
        "describedby": describedby,
        "classes": classes,
        "disabled": field.field.disabled,
    }

    if kind in ("radios", "checkboxes"):
        context["options"] = _options(field)
        return render_to_string("govuk/forms/choices.html", context)
    if kind == "date":
        context["parts"] = _date_parts(field, field_id)
        return render_to_string("govuk/forms/date.html", context)
    if kind == "checkbox":
        context["control"] = _render_widget(field, "govuk-checkboxes__input", describedby)
        return render_to_string("govuk/forms/checkbox.html", context)

    error_class = {
        "textarea": "govuk-textarea--error",
        "select": "govuk-select--error",
        "file": "govuk-file-upload--error",
    }.get(kind, "govuk-input--error")
    base_class = {
        "textarea": "govuk-textarea",
        "select": "govuk-select",
        "file": "govuk-file-upload",
        "input": "govuk-input",
        "password": "govuk-input govuk-password-input__input govuk-js-password-input-input",
    }.get(kind, "")
    css_class = _classes(base_class, error_class if errors else "", classes)
    context["control"] = _render_widget(field, css_class, describedby)
    return render_to_string(f"govuk/forms/{'password' if kind == 'password' else 'field'}.html", context)


@dataclass(frozen=True)
class DatePart:
    id: str
    name: str
    label: str
    value: str
    classes: str
    autocomplete: str


def _date_parts(field: BoundField, field_id: str) -> list[DatePart]:
    value = field.value()
    if not isinstance(value, list | tuple):
        value = decompress(value)
    typed = ["" if box is None else str(box) for box in value] + ["", "", ""]
    wrong = _date_error_parts(field)
    autocomplete = field.field.widget.attrs.get("autocomplete", "")
    return [
        DatePart(
            id=part_id(field_id, part),
            name=f"{field.html_name}_{part}",
            label=PART_LABELS[part],
            value=typed[index],
            classes=_classes(
                "govuk-input--width-4" if part == "year" else "govuk-input--width-2",
                "govuk-input--error" if part in wrong else "",
            ),
            autocomplete=f"{autocomplete}-{part}" if autocomplete == "bday" else "",
        )
        for index, part in enumerate(PARTS)
    ]


@register.simple_tag
def govuk_fields(form: forms.BaseForm) -> SafeString:
    """Every field of a form in order (hidden ones too), except those revealed inside an option."""
    revealed = _conditionally_revealed(form)
    html: list[str] = [govuk_field(field) for field in form.visible_fields() if field.name not in revealed]
    html += [str(field) for field in form.hidden_fields()]
    return mark_safe("\n".join(html))  # noqa: S308  (each part is rendered and escaped by Django)


@dataclass(frozen=True)
class SummaryError:
    message: str
    href: str


def _summary_errors(form: forms.BaseForm) -> Iterable[SummaryError]:
    visible = [field for field in form.visible_fields() if field.name in form.fields]
    first_anchor = field_anchor(visible[0]) if visible else ""
    for message in form.non_field_errors():
        yield SummaryError(str(message), f"#{first_anchor}" if first_anchor else "")
    for name in form.fields:
        if name not in form.errors:
            continue
        field = form[name]
        anchor = "" if field.is_hidden else field_anchor(field)
        for message in form.errors[name]:
            yield SummaryError(str(message), f"#{anchor}" if anchor else "")


@register.simple_tag
def govuk_error_summary(form: forms.BaseForm | None) -> SafeString:
    """GOV.UK error summary listing every error, each linking to its field. Empty when valid."""
    if form is None or not getattr(form, "errors", None):
        return SafeString("")
    return render_to_string("govuk/forms/error_summary.html", {"errors": list(_summary_errors(form))})


@register.simple_tag
def govuk_button(
    text: str,
    *,
    secondary: bool = False,
    warning: bool = False,
    name: str = "",
    value: str = "",
    classes: str = "",
) -> SafeString:
    """A GOV.UK submit button."""
    css_class = _classes(
        "govuk-button",
        "govuk-button--secondary" if secondary else "",
        "govuk-button--warning" if warning else "",
        classes,
    )
    context = {"text": text, "classes": css_class, "name": name, "value": value}
    return render_to_string("govuk/forms/button.html", context)


@register.simple_tag(takes_context=True)
def govuk_messages(context: template.Context) -> SafeString:
    """The messages framework's messages as GOV.UK notification banners: success ones as a green
    banner announced to screen readers, the rest as an "Important" banner."""
    messages = list(context.get("messages") or [])
    if not messages:
        return SafeString("")
    success = [str(m) for m in messages if m.level == message_levels.SUCCESS]
    important = [str(m) for m in messages if m.level != message_levels.SUCCESS]
    return render_to_string("govuk/messages.html", {"success": success, "important": important})


@register.filter(is_safe=True)
def govuk_page_title(title: str) -> str:
    """The <title> text: the page's own title, then the service name. Collapses the whitespace
    template blocks leave, and a doubled "Error: " if a page already adds its own."""
    text = " ".join(str(title).split())
    while text.startswith("Error: Error:"):
        text = text.removeprefix("Error: ")
    return f"{text}{TITLE_SUFFIX}" if text else "Cornerstone"


class CaptureNode(template.Node):
    def __init__(self, nodelist: template.NodeList, variable: str) -> None:
        self.nodelist = nodelist  # "nodelist" so {% extends %} finds the blocks inside
        self.variable = variable

    def render(self, context: template.Context) -> str:
        context[self.variable] = mark_safe(" ".join(self.nodelist.render(context).split()))  # noqa: S308  (rendered by Django)
        return ""


@register.tag
def govuk_capture(parser: template.base.Parser, token: template.base.Token) -> CaptureNode:
    """``{% govuk_capture as name %}...{% endgovuk_capture %}`` renders its contents (blocks too)
    into a variable instead of the page, so the layout can show the classification block twice."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% govuk_capture as name %}...{% endgovuk_capture %}")
    nodelist = parser.parse(("endgovuk_capture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
