"""Writes of the measures app: the rules every measure follows, whoever writes it.

`measure_clean` applies them to the values of a measure: rich text reduced to a small safe
vocabulary of HTML (nh3), plain text without control characters, one to three themes, an
uploaded image re-encoded without metadata and described in at least one language.
`measure_save` cleans and writes one measure with its relations; `measure_bulk_create` many at
once (generated content for benchmarks). The admin's form, the demo loader and
`generate_measures` all go through here, so whatever reaches the database is safe to show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.images import image_normalise
from core.languages import language_codes
from measures.models import RICH_TEXT_FIELDS, Measure, TargetGroup, Theme
from partners.models import Organisation

# A small vocabulary of structure: paragraphs, lists, emphasis, links, sub-headings, quotes.
RICH_TEXT_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "blockquote"}
RICH_TEXT_ATTRIBUTES = {"a": {"href", "title"}}
RICH_TEXT_URL_SCHEMES = {"http", "https", "mailto"}
# Translated fields of plain text (the rich text fields are models.RICH_TEXT_FIELDS).
PLAIN_TEXT_FIELDS = ("title", "summary", "image_alt")
MIN_THEMES, MAX_THEMES = 1, 3
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


def _columns(name: str) -> list[str]:
    """A translated field and its column in every language: title, title_de, title_en, …"""
    return [name, *(f"{name}_{code}" for code in language_codes())]


def measure_clean(*, values: Mapping[str, Any], measure: Measure | None = None) -> dict[str, Any]:
    """The values of a measure (field name → value) as the portal stores them.

    Rich text fields are sanitised and plain text fields cleaned, in every language; `themes`,
    when given, must be one to three; an uploaded `image` is re-encoded (named after the slug)
    and needs a text alternative in at least one language. Values not named here pass as they
    are. Raises ValidationError with the problems by field name (messages in the active
    language), having checked everything.
    """
    cleaned = dict(values)
    errors: dict[str, list[str]] = {}
    for name in RICH_TEXT_FIELDS:
        for key in _columns(name):
            if isinstance(cleaned.get(key), str):
                cleaned[key] = rich_text_sanitise(html=cleaned[key])
    for name in PLAIN_TEXT_FIELDS:
        for key in _columns(name):
            if isinstance(cleaned.get(key), str):
                cleaned[key] = plain_text_clean(text=cleaned[key])
    themes = cleaned.get("themes")
    if themes is not None and not MIN_THEMES <= len(themes) <= MAX_THEMES:
        errors.setdefault("themes", []).append(_("Choose one to three themes."))
    image = cleaned.get("image")
    if isinstance(image, UploadedFile):
        slug = cleaned.get("slug") or (measure.slug if measure else "") or "measure"
        try:
            cleaned["image"] = measure_image_normalise(upload=image, name=slug)
        except ValidationError as error:
            errors.setdefault("image", []).extend(error.messages)
    described = any(cleaned.get(key) for key in _columns("image_alt")[1:])
    if image and "image" not in errors and not described:
        errors.setdefault("image_alt_en", []).append(
            _("Describe the image for people who cannot see it.")
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _relation_set(relation, wanted: Iterable) -> None:
    """Set a many-to-many relation unless it already holds exactly these objects."""
    wanted = list(wanted)
    if {obj.pk for obj in relation.all()} != {obj.pk for obj in wanted}:
        relation.set(wanted)


@transaction.atomic
def measure_save(
    *,
    measure: Measure | None = None,
    values: Mapping[str, Any],
    themes: Sequence[Theme] | None = None,
    target_groups: Sequence[TargetGroup] | None = None,
    stakeholders: Sequence[Organisation] | None = None,
) -> Measure:
    """Create a measure (`measure` None) or change one, after `measure_clean`.

    `values` are field names → values (translated fields by column: `title_de`, …); the
    many-to-many relations are set when given (a new measure needs its themes). Writes only
    what differs, so saving the same values again changes nothing, not even `updated_at`.
    Status changes of entries in review go through partners.services.workflow_transition;
    `status` here is for imports and the demo, which load published entries.
    """
    if measure is None and themes is None:
        raise ValidationError({"themes": [_("Choose one to three themes.")]})
    checked = dict(values)
    if themes is not None:
        checked["themes"] = list(themes)
    cleaned = measure_clean(values=checked, measure=measure)
    cleaned.pop("themes", None)
    if measure is None:
        measure = Measure.objects.create(**cleaned)
    else:
        changed = [name for name, value in cleaned.items() if getattr(measure, name) != value]
        if changed:
            for name in changed:
                setattr(measure, name, cleaned[name])
            measure.save()
    if themes is not None:
        _relation_set(measure.themes, themes)
    if target_groups is not None:
        _relation_set(measure.target_groups, target_groups)
    if stakeholders is not None:
        _relation_set(measure.stakeholders, stakeholders)
    return measure


@dataclass(frozen=True)
class MeasureEntry:
    """One measure for `measure_bulk_create`."""

    values: Mapping[str, Any]
    themes: Sequence[Theme]
    target_groups: Sequence[TargetGroup] = ()


@transaction.atomic
def measure_bulk_create(*, entries: Sequence[MeasureEntry]) -> list[Measure]:
    """Create many measures with their themes and target groups in a few statements.

    Each entry's values go through `measure_clean` first (nothing is written if one fails);
    the database fills the search and facet columns itself.
    """
    measures = [
        Measure(
            **{
                name: value
                for name, value in measure_clean(
                    values={**entry.values, "themes": list(entry.themes)}
                ).items()
                if name != "themes"
            }
        )
        for entry in entries
    ]
    Measure.objects.bulk_create(measures)
    theme_link = Measure.themes.through
    group_link = Measure.target_groups.through
    theme_link.objects.bulk_create(
        [
            theme_link(measure_id=measure.pk, theme_id=theme.pk)
            for measure, entry in zip(measures, entries, strict=True)
            for theme in entry.themes
        ]
    )
    group_link.objects.bulk_create(
        [
            group_link(measure_id=measure.pk, targetgroup_id=group.pk)
            for measure, entry in zip(measures, entries, strict=True)
            for group in entry.target_groups
        ]
    )
    return measures
