"""Form helpers shared by every template: the lines of an error summary."""

from __future__ import annotations

from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

register = template.Library()


def summary_label(label) -> str:
    """A field's label as the start of a summary line: a closing full stop or colon of the
    label (a consent sentence, a label suffix) would clash with the colon that follows."""
    return str(label or "").strip().rstrip(".:").rstrip()


@register.simple_tag
def error_summary_entry(field, error) -> SafeString:
    """ "Label: error" in the active language, for the error summary above a form."""
    label = summary_label(field.label)
    if not label:
        return conditional_escape(error)
    text = pgettext("error summary: a field's label, then its error", "%(label)s: %(error)s")
    parts = {"label": conditional_escape(label), "error": conditional_escape(error)}
    return mark_safe(conditional_escape(text) % parts)  # noqa: S308 (every part is escaped)


@register.filter
def error_anchor(field) -> str:
    """The id an error summary links to: the field's input, or the first of its radio buttons or
    checkboxes (a group of them has no element with the field's own id)."""
    if isinstance(field.field.widget, forms.RadioSelect):  # also CheckboxSelectMultiple
        return f"{field.auto_id}_0"
    return field.auto_id
