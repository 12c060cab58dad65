"""Open-data exports of the (filtered) measure list as CSV and JSON, streamed row by row.

Rows come from a server-side cursor in chunks, so an export of the whole database never holds
more than one chunk in memory (`measure_export_rows`: four queries whatever the number of rows).
Codes (kind, country, NUTS region, theme and target group slugs, organisation and project slugs)
are stable and the same in every language; texts are in the requested language, falling back
to English, German, Polish.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from core.facets import query_string
from core.languages import fallback_order, language_code, language_codes
from core.spreadsheets import BOM, spreadsheet_safe
from measures.filters import MeasureFilterSet
from measures.models import MeasureKind, TargetGroup, Theme
from measures.selectors import published_measures

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Next2Met portal and the organisation named in each entry",
}

# Field name → description: the documentation that travels with every JSON export.
FIELDS = {
    "slug": "Stable identifier of the measure; part of its page address.",
    "url": "Address of the measure's page in the export's language.",
    "title": "Title, in the export's language (or its fallback).",
    "summary": "Short plain-text summary, in the export's language (or its fallback).",
    "kind": "Kind of measure, a code: "
    + ", ".join(sorted(c for c, _ in MeasureKind.choices))
    + ".",
    "themes": "Slugs of the measure's themes (one to three).",
    "target_groups": "Slugs of the target groups.",
    "country": "ISO 3166-1 alpha-2 code of the country.",
    "region": "NUTS code of the region, empty when not given.",
    "city": "City or area.",
    "organisation": "Slug of the main organisation (its partner page: /<lang>/partners/<slug>/).",
    "organisation_name": "Name of the main organisation.",
    "source_project": "Slug of the cooperation project the measure comes from, empty if none.",
    "start_year": "Year the measure started; empty when it is not known.",
    "end_year": "Year the measure ended; empty while it is ongoing.",
    "funding": "Sources of funding, as text.",
    "website": "Website of the measure.",
    "languages": "Languages in which the measure is fully described (de, en, pl).",
    "published": "When the measure was first published (ISO 8601).",
    "updated": "When the entry last changed (ISO 8601).",
}
COLUMNS = tuple(FIELDS)
# Excel splits CSV at the list separator of the user's regional settings.
CSV_DELIMITERS = {"de": ";", "pl": ";", "en": ","}


def csv_cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    return spreadsheet_safe(value)


# --- Reads ------------------------------------------------------------------------------------


def export_query_string(data: QueryDict) -> str:
    """The filters of the current list for export links (without page and sort): "?…" or ""."""
    encoded = query_string(data, sort=None)
    return "" if encoded == "?" else encoded


def export_names_sql() -> str:
    """Codes of organisations, regions and projects, with organisation names per language."""
    names = ", ".join(f"name_{code}" for code in language_codes())
    blanks = ", ".join("''" for _code in language_codes())
    return (
        f"SELECT 'organisation', id, slug, {names} FROM partners_organisation "
        f"UNION ALL SELECT 'region', id, nuts_code, {blanks} FROM partners_region "
        f"UNION ALL SELECT 'project', id, slug, {blanks} FROM partners_project"
    )


def measure_export_rows(
    *, data: QueryDict, language: str, chunk_size: int = 2000
) -> Iterator[dict[str, Any]]:
    """Rows of the list filtered as `data` (GET) asks, read through a server-side cursor.

    The cursor reads the measures table alone, in id order; the slugs of themes and target
    groups, and the codes and names of organisations, regions and projects come from three
    small queries beforehand.
    """
    language = language_code(language)
    themes, target_groups = list(Theme.objects.all()), list(TargetGroup.objects.all())
    filterset = MeasureFilterSet(
        data=data,
        queryset=published_measures(),
        language=language,
        themes=themes,
        target_groups=target_groups,
    )
    theme_slugs = {theme.pk: theme.slug for theme in themes}
    group_slugs = {group.pk: group.slug for group in target_groups}
    order = fallback_order(language)
    names: dict[str, dict[int, tuple]] = {"organisation": {}, "region": {}, "project": {}}
    with connection.cursor() as cursor:
        cursor.execute(export_names_sql())
        for family, pk, code, *texts in cursor.fetchall():
            by_language = dict(zip(language_codes(), texts, strict=True))
            shown = next((by_language[c] for c in order if by_language[c]), "")
            names[family][pk] = (code, shown)
    columns = [
        "slug",
        "kind",
        "theme_ids",
        "target_group_ids",
        "country",
        "region_id",
        "city",
        "organisation_id",
        "source_project_id",
        "start_year",
        "end_year",
        "funding",
        "website",
        "languages",
        "first_published_at",
        "updated_at",
    ]
    translated = ("title", "summary")
    select = columns + [f"{name}_{code}" for name in translated for code in order]
    queryset = filterset.qs.order_by("pk").values_list(*select)
    width = len(columns)
    none = ("", "")
    for row in queryset.iterator(chunk_size=chunk_size):
        record = dict(zip(columns, row[:width], strict=True))
        for index, name in enumerate(translated):
            start = width + index * len(order)
            candidates = row[start : start + len(order)]
            record[name] = next((text for text in candidates if text), "")
        organisation = names["organisation"].get(record.pop("organisation_id"), none)
        record["organisation__slug"], record["organisation__name"] = organisation
        record["region__nuts_code"] = names["region"].get(record.pop("region_id"), none)[0]
        record["source_project__slug"] = names["project"].get(
            record.pop("source_project_id"), none
        )[0]
        record["themes"] = [theme_slugs[pk] for pk in record.pop("theme_ids") if pk in theme_slugs]
        record["target_groups"] = [
            group_slugs[pk] for pk in record.pop("target_group_ids") if pk in group_slugs
        ]
        yield record


# --- Files ------------------------------------------------------------------------------------


def _records(*, data: QueryDict, language: str) -> Iterator[dict]:
    language = language_code(language)
    with translation.override(language):
        placeholder = "measure-slug-placeholder"
        url_template = settings.SITE_URL + reverse("measures:detail", args=[placeholder])
    for row in measure_export_rows(data=data, language=language):
        yield {
            "slug": row["slug"],
            "url": url_template.replace(placeholder, row["slug"]),
            "title": row["title"],
            "summary": row["summary"],
            "kind": row["kind"],
            "themes": row["themes"],
            "target_groups": row["target_groups"],
            "country": row["country"],
            "region": row["region__nuts_code"] or "",
            "city": row["city"],
            "organisation": row["organisation__slug"],
            "organisation_name": row["organisation__name"],
            "source_project": row["source_project__slug"] or "",
            "start_year": row["start_year"],
            "end_year": row["end_year"],
            "funding": row["funding"],
            "website": row["website"],
            "languages": list(row["languages"] or []),
            "published": _iso(row["first_published_at"]),
            "updated": _iso(row["updated_at"]),
        }


def _iso(value) -> str:
    return value.isoformat() if value else ""


class _Echo:
    """A file-like object whose write() hands the line back to the generator."""

    def write(self, value):
        return value


def _filename(extension: str, language: str) -> str:
    return f"next2met-measures-{language}-{timezone.localdate().isoformat()}.{extension}"


def csv_rows(*, data: QueryDict, language: str) -> Iterator[str]:
    language = language_code(language)
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITERS[language])
    yield BOM + writer.writerow(COLUMNS)
    for record in _records(data=data, language=language):
        yield writer.writerow([csv_cell(record[column]) for column in COLUMNS])


def csv_response(*, data: QueryDict, language: str) -> StreamingHttpResponse:
    language = language_code(language)
    response = StreamingHttpResponse(
        csv_rows(data=data, language=language), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv", language)}"'
    return response


def json_chunks(*, data: QueryDict, language: str) -> Iterator[str]:
    language = language_code(language)
    head = {
        "licence": LICENCE,
        "language": language,
        "generated": timezone.now().isoformat(),
        "fields": FIELDS,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "measures": ['
    separator = ""
    for record in _records(data=data, language=language):
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ","
    yield "]}"


def json_response(*, data: QueryDict, language: str) -> StreamingHttpResponse:
    language = language_code(language)
    response = StreamingHttpResponse(
        json_chunks(data=data, language=language), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{_filename("json", language)}"'
    return response
