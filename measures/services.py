"""Writes of the measures app: cleaning of rich and plain text, images, denormalised data.

The admin's form and the demo loader call these before saving, so that whatever reaches the
database is already safe to show.
"""

from __future__ import annotations

import re

import nh3
from django.core.files.base import ContentFile
from django.utils.html import escape

from core.images import image_normalise

# A small vocabulary of structure: paragraphs, lists, emphasis, links, sub-headings, quotes.
RICH_TEXT_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "blockquote"}
RICH_TEXT_ATTRIBUTES = {"a": {"href", "title"}}
RICH_TEXT_URL_SCHEMES = {"http", "https", "mailto"}
# Control characters other than tab and line breaks have no place in text (NUL breaks SQL).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text_clean(*, text: str | None) -> str:
    """Plain text without control characters, surrounding blanks or Windows line ends."""
    if not text:
        return ""
    return _CONTROL.sub("", text.replace("\r\n", "\n")).strip()


def rich_text_sanitise(*, html: str | None) -> str:
    """HTML reduced to the allowed tags: no scripts, no styles, no event handlers.

    Links keep only http, https and mailto addresses and get rel="noopener noreferrer".
    Text without any tag becomes paragraphs, so that plain input reads as written.
    """
    text = plain_text_clean(text=html)
    if not text:
        return ""
    if "<" not in text:
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
        text = "".join(
            "<p>{}</p>".format(escape(part).replace("\n", "<br>")) for part in paragraphs
        )
    return nh3.clean(
        text,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes=RICH_TEXT_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def measure_image_normalise(*, upload, name: str = "") -> ContentFile:
    """The uploaded image checked, re-encoded as WebP at most 1600 px and without metadata."""
    return image_normalise(upload=upload, max_side=1600, output_format="WEBP", name=name)
