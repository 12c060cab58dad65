"""Rendering of a facet's values as checkboxes, in Python.

A long facet (160 organisations) renders hundreds of values on every list page; written out
here as one string, every text escaped with the standard library's `html.escape` (what Django's
`escape` does, without its lazy-string and safe-string wrapping per call), the list page
renders in a fraction of the time of a template loop, with the same markup.
"""

from html import escape

from django import template
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

from core.facets import Facet

register = template.Library()


def _count(number: int) -> str:
    """The number as the language writes it (thousands separated from 1,000 on)."""
    return str(number) if number < 1000 else number_format(number)


@register.simple_tag
def facet_checkboxes(facet: Facet) -> SafeString:
    """`<li>` items with a checkbox and a label "Value (count)" for each value of the facet."""
    name = escape(facet.name)
    items = [
        f'<li><input type="checkbox" name="{name}" value="{escape(value.value)}" '
        f'id="f-{name}-{index}"{" checked" if value.selected else ""}>'
        f'<label for="f-{name}-{index}">{escape(str(value.label))} '
        f'<span class="facet__count">({_count(value.count)})</span></label></li>'
        for index, value in enumerate(facet.values, start=1)
    ]
    return mark_safe("\n".join(items))  # noqa: S308 (every text escaped above)
