"""Rendering of a facet's values as checkboxes, in Python.

A long facet (160 organisations) renders hundreds of values on every list page; written out
here with one `format_html` per value instead of a template loop, the list page renders in a
fraction of the time, with the same markup.
"""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from core.facets import Facet

register = template.Library()


@register.simple_tag
def facet_checkboxes(facet: Facet) -> str:
    """`<li>` items with a checkbox and a label "Value (count)" for each value of the facet."""
    return format_html_join(
        "\n",
        '<li><input type="checkbox" name="{0}" value="{1}" id="f-{0}-{2}"{3}>'
        '<label for="f-{0}-{2}">{4} <span class="facet__count">({5})</span></label></li>',
        (
            (
                facet.name,
                value.value,
                index,
                mark_safe(" checked") if value.selected else "",  # noqa: S308
                value.label,
                number_format(value.count),
            )
            for index, value in enumerate(facet.values, start=1)
        ),
    )
