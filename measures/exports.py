"""Open-data exports of the (filtered) measure list as CSV and JSON, streamed in chunks of rows.

Each export carries every public field of a published measure — what its page shows, nothing
more: the texts (title, summary, the six sections of the page, the image's text alternative),
the codes and names of what it belongs to, its partner organisations involved (published ones,
as on the page), the links of inspiration to and from other published measures, and the public
events at which it was presented (`EventQuerySet.published()`).

PostgreSQL writes the rows of the files. One query computes every cell and writes each measure
as a line of CSV or a JSON object, byte for byte as Python's csv and json modules write them:

- JSON: every translated text as an object with a member per language ({"de": …, "en": …,
  "pl": …}, null for a language without text); the sections as their sanitised HTML; lists of
  links and events as arrays of objects.
- CSV: every translated text in the requested language, falling back to English, German,
  Polish as the page does, each followed by a column `<name>_language` that names the language
  the text is in when it fell back (empty when it is in the requested one); the sections as
  plain text (`_plain_text_sql`: tags removed, paragraphs, headings, lists and quotes separated
  by a blank line, list items and line breaks on lines of their own, character references
  decoded). Lists of codes are joined with ", ", lists of names, titles and notes put one per
  line; every cell is made safe for spreadsheet programs (core.spreadsheets).

A server-side cursor hands the rows over in chunks, so that an export of the whole database
holds one chunk in memory at a time (`measure_export_chunks`: three queries whatever the
number of rows); Python joins each chunk. The relations (partner organisations, inspirations,
events) are aggregated per measure in the same statement (`GROUP BY` over the link tables,
joined by hash: no query, nor index probe, per measure). Codes (kind, country, NUTS region,
theme and target group slugs, organisation, project, measure and event slugs) are stable and
the same in every language.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import chain

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from core.facets import query_string
from core.languages import fallback_order, language_code, language_codes
from core.spreadsheets import BOM, FORMULA_STARTS, spreadsheet_safe
from core.translated import text_in_language_sql
from events.models import Event
from measures.filters import measure_filterset
from measures.models import (
    RICH_TEXT_FIELDS,
    Inspiration,
    Measure,
    MeasureKind,
    TargetGroup,
    Theme,
    Vocabulary,
)
from partners.models import Organisation, Project, Region

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Next2Met portal and the organisation named in each entry",
}

_TRANSLATED = (
    " In JSON an object with the text in each language (de, en, pl; null where there is none);"
    " in CSV the text in the export's language or its fallback."
)
_SECTION = " Sanitised HTML in JSON, plain text in CSV."

# Field name → description: the documentation that travels with every JSON export.
FIELDS = {
    "slug": "Stable identifier of the measure; part of its page address.",
    "url": "Address of the measure's page in the export's language.",
    "title": "Title." + _TRANSLATED,
    "summary": "Short plain-text summary." + _TRANSLATED,
    "description": "What was done." + _SECTION + _TRANSLATED,
    "challenge": "The challenge addressed." + _SECTION + _TRANSLATED,
    "results": "Results and evidence of success." + _SECTION + _TRANSLATED,
    "resources_needed": "Resources needed." + _SECTION + _TRANSLATED,
    "difficulties": "Difficulties encountered." + _SECTION + _TRANSLATED,
    "transfer_potential": "Potential for transfer." + _SECTION + _TRANSLATED,
    "kind": "Kind of measure, a code: "
    + ", ".join(sorted(c for c, _ in MeasureKind.choices))
    + ".",
    "themes": "Slugs of the measure's themes (one to three).",
    "target_groups": "Slugs of the target groups.",
    "organisation": "Slug of the main organisation (its partner page: /<lang>/partners/<slug>/).",
    "organisation_name": "Name of the main organisation." + _TRANSLATED,
    "stakeholders": "Partner organisations involved (published on the portal), in the order of "
    "their names: in JSON objects with slug and name (per language); in CSV their slugs, with "
    "their names one per line in stakeholder_names.",
    "other_stakeholders": "Other organisations involved (without a page on the portal), as text.",
    "country": "ISO 3166-1 alpha-2 code of the country.",
    "region": "NUTS code of the region, empty when not given.",
    "region_name": "Name of the region (null in JSON, empty in CSV when not given)." + _TRANSLATED,
    "city": "City or area.",
    "source_project": "Slug of the cooperation project the measure comes from, empty if none.",
    "source_project_acronym": "Acronym of the source project, empty if none.",
    "source_project_title": "Title of the source project (null in JSON, empty in CSV when "
    "there is none)." + _TRANSLATED,
    "start_year": "Year the measure started; empty when it is not known.",
    "end_year": "Year the measure ended; empty while it is ongoing.",
    "funding": "Sources of funding, as text.",
    "website": "Website of the measure.",
    "contact_name": "Contact person, as shown on the measure's page.",
    "contact_email": "Contact e-mail address, as shown on the measure's page.",
    "image": "Address of the measure's image, empty when it has none.",
    "image_alt": "Text alternative of the image." + _TRANSLATED,
    "inspired_by": "Published measures this measure was inspired by: in JSON objects with slug, "
    "url and note (what was taken over, per language); in CSV their slugs, with their "
    "addresses (inspired_by_urls) and notes (inspired_by_notes, one per line).",
    "inspired": "Published measures this measure inspired, as inspired_by.",
    "events": "Public events at which the measure was presented, earliest first: in JSON "
    "objects with slug, url, title (per language) and start (ISO 8601); in CSV their slugs, "
    "with their addresses (event_urls), titles (event_titles, one per line) and starts "
    "(event_starts).",
    "languages": "Languages in which the measure is fully described (de, en, pl).",
    "published": "When the measure was first published (ISO 8601).",
    "updated": "When the entry last changed (ISO 8601).",
}
COLUMNS = tuple(FIELDS)
# Fields whose texts are translated: a CSV export has a column `<name>_language` after each.
TRANSLATED_FIELDS = (
    "title",
    "summary",
    *RICH_TEXT_FIELDS,
    "organisation_name",
    "region_name",
    "source_project_title",
    "image_alt",
)
# The translated texts of the measures table itself.
MEASURE_TEXTS = ("title", "summary", *RICH_TEXT_FIELDS, "image_alt")
# Fields that a CSV export spreads over several columns (lists of links and events).
CSV_SPREAD = {
    "stakeholders": ("stakeholders", "stakeholder_names", "stakeholder_names_language"),
    "inspired_by": (
        "inspired_by",
        "inspired_by_urls",
        "inspired_by_notes",
        "inspired_by_notes_language",
    ),
    "inspired": ("inspired", "inspired_urls", "inspired_notes", "inspired_notes_language"),
    "events": ("events", "event_urls", "event_titles", "event_titles_language", "event_starts"),
}


def _csv_columns() -> Iterator[str]:
    for name in FIELDS:
        yield from CSV_SPREAD.get(name, (name,))
        if name in TRANSLATED_FIELDS:
            yield f"{name}_language"


CSV_COLUMNS = tuple(_csv_columns())
# The columns of the measures table that the cells are made of (with the translated texts).
MEASURE_COLUMNS = (
    "id",
    "slug",
    "kind",
    "theme_ids",
    "target_group_ids",
    "organisation_id",
    "other_stakeholders",
    "country",
    "region_id",
    "city",
    "source_project_id",
    "start_year",
    "end_year",
    "funding",
    "website",
    "contact_name",
    "contact_email",
    "image",
    "languages",
    "first_published_at",
    "updated_at",
)
# Excel splits CSV at the list separator of the user's regional settings.
CSV_DELIMITERS = {"de": ";", "pl": ";", "en": ","}
# Cells that never hold a delimiter, a double quote or a line break: numbers, timestamps, NUTS
# codes (checked by a constraint of the regions table) and single language codes.
CSV_PLAIN = {
    "region",
    "start_year",
    "end_year",
    "published",
    "updated",
    *(f"{name}_language" for name in TRANSLATED_FIELDS),
}
# Cells of a JSON export that PostgreSQL writes as JSON already.
JSON_WRITTEN = {
    "themes",
    "target_groups",
    "languages",
    "stakeholders",
    "inspired_by",
    "inspired",
    "events",
    *TRANSLATED_FIELDS,
}
# Character references that the sanitiser (nh3) writes in text, and what they stand for;
# "&amp;" last, so that "&amp;lt;" becomes "&lt;".
HTML_REFERENCES = (
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", '"'),
    ("&#39;", "'"),
    ("&nbsp;", "\xa0"),
    ("&amp;", "&"),
)


# --- Reads ------------------------------------------------------------------------------------


def export_query_string(data: QueryDict) -> str:
    """The filters of the current list for export links (without page and sort): "?…" or ""."""
    encoded = query_string(data, sort=None)
    return "" if encoded == "?" else encoded


def _literal(value: str) -> str:
    """A string as an SQL literal, ready for a statement that is run with parameters."""
    return connection.ops.compose_sql("%s", [value]).replace("%", "%%")


def _composed(queryset: QuerySet) -> str:
    """The SQL of a queryset with its parameters written in (for a subquery)."""
    sql, params = queryset.query.sql_with_params()
    return connection.ops.compose_sql(sql, params).replace("%", "%%")


def _bracket_sql(chars: Iterable[str]) -> str:
    """A bracket expression of a regular expression: any one of the characters."""
    return "[" + "".join("\\" + char if char in "\\]^-" else char for char in chars) + "]"


def _spreadsheet_safe_sql(sql: str) -> str:
    """`core.spreadsheets.spreadsheet_safe` in SQL: a quote before text that a spreadsheet
    program would run as a formula; NULL stays NULL (an empty cell)."""
    starts = ", ".join(str(ord(char)) for char in FORMULA_STARTS)
    return f"CASE WHEN ascii({sql}) IN ({starts}) THEN '''' || {sql} ELSE {sql} END"


def _spreadsheet_safe_text_sql(sql: str) -> str:
    """The same for a text that is costly to read or compute (a translated text, which
    PostgreSQL may keep out of line in the wide measures table; a section made plain text):
    regexp_replace reads it once, the CASE twice."""
    pattern = _literal(f"^({_bracket_sql(FORMULA_STARTS)})")
    return f"regexp_replace({sql}, {pattern}, {_literal(chr(39) + chr(92) + '1')})"


def _iso_sql(column: str) -> str:
    """A timestamp as datetime.isoformat() writes it in UTC (microseconds only when there
    are any), '' when there is none."""
    text = f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"
    return f"coalesce(replace({text}, '.000000+', '+'), '')"


def _concat_sql(parts: list[str]) -> str:
    """concat() of any number of parts (a function takes at most 100 arguments)."""
    if len(parts) <= 100:
        return f"concat({', '.join(parts)})"
    return _concat_sql(
        [_concat_sql(parts[start : start + 100]) for start in range(0, len(parts), 100)]
    )


def _json_sql(sql: str) -> str:
    """A value as JSON, written as json.dumps writes it; null for NULL."""
    return f"coalesce(to_json({sql})::text, 'null')"


def _json_object_sql(members: dict[str, str]) -> str:
    """A JSON object of JSON values (SQL expressions that give JSON text), as json.dumps
    writes it."""
    parts = []
    for index, (name, value) in enumerate(members.items()):
        parts += [_literal(("{" if index == 0 else ", ") + json.dumps(name) + ": "), value]
    return f"concat({', '.join(parts)}, '}}')"


def _json_texts_sql(column: str) -> str:
    """A translated column ("m.title") as a JSON object of its texts per language, null for
    a language without text."""
    return _json_object_sql(
        {code: _json_sql(f"nullif({column}_{code}, '')") for code in language_codes()}
    )


def _json_array_sql(texts: str, order: str) -> str:
    """An aggregate: the texts as a JSON array, written as json.dumps writes it."""
    return f"'[' || coalesce(string_agg({texts}, ', ' ORDER BY {order}), '') || ']'"


def _fallback_language_sql(column: str, order: tuple[str, ...]) -> str:
    """The code of the language the text of a translated column is shown in when it is not the
    first of `order` (`core.languages.fallback_language`), else ''."""
    fallbacks = " ".join(f"WHEN {column}_{code} <> '' THEN '{code}'" for code in order[1:])
    return f"CASE WHEN {column}_{order[0]} <> '' THEN '' {fallbacks} ELSE '' END"


def _plain_text_sql(html: str) -> str:
    """Sanitised HTML (measures.services.rich_text_sanitise) as plain text, with plain string
    functions where they do (regular expressions are slow in PostgreSQL):

    - white space of the source (line breaks, tabs) becomes a space, as in a browser;
    - paragraphs, sub-headings, lists and quotes are separated by a blank line; list items
      and <br> start a new line; other tags are removed;
    - spaces around line breaks, more than one blank line and blank lines at the start and
      end are removed; then the character references the sanitiser writes are decoded.
    """
    replacements = [("\r", " "), ("\n", " "), ("\t", " ")]
    # A list starts a block: its first item does not start one more line.
    replacements += [("<ul><li>", "\n\n"), ("<ol><li>", "\n\n")]
    for tag in ("p", "h3", "h4", "ul", "ol", "blockquote"):
        replacements += [(f"<{tag}>", "\n\n"), (f"</{tag}>", "")]
    replacements += [("<br>", "\n"), ("<li>", "\n"), ("</li>", "")]
    replacements += [(f"<{tag}>", "") for tag in ("strong", "em")]
    replacements += [(f"</{tag}>", "") for tag in ("strong", "em", "a")]
    text = html
    for old, new in replacements:
        text = f"replace({text}, {_literal(old)}, {_literal(new)})"
    # What remains of tags: links with their attributes (a quoted value may hold ">").
    for pattern, replacement in (
        ('<[^>"]*(?:"[^"]*"[^>"]*)*>', ""),
        (" *\n *", "\n"),
        ("\n{3,}", "\n\n"),
    ):
        text = f"regexp_replace({text}, {_literal(pattern)}, {_literal(replacement)}, 'g')"
    text = f"btrim({text}, {_literal(' ' + chr(10))})"
    for reference, char in HTML_REFERENCES:
        text = f"replace({text}, {_literal(reference)}, {_literal(char)})"
    return text


def _slugs_sql(vocabulary: type[Vocabulary], ids: str, *, spreadsheet: bool) -> str:
    """A lateral subquery: the slugs that the ids in the measure's column `ids` name, in the
    order of the ids. It depends on the list of ids alone, so PostgreSQL computes it once per
    distinct list (Memoize) rather than once per measure."""
    table = connection.ops.quote_name(vocabulary._meta.db_table)
    if spreadsheet:
        joined = _spreadsheet_safe_sql("string_agg(v.slug, ', ' ORDER BY u.n)")
        slugs = f"coalesce({joined}, '')"
    else:
        slugs = _json_array_sql("to_json(v.slug)::text", "u.n")
    return (
        f"LATERAL (SELECT {slugs} AS slugs FROM unnest(m.{ids}) WITH ORDINALITY AS u(id, n) "
        f"JOIN {table} AS v ON v.id = u.id)"
    )


def _languages_sql(*, spreadsheet: bool) -> str:
    """A lateral subquery: the codes of the measure's languages. Few distinct lists, each
    written once (Memoize)."""
    if spreadsheet:
        # Language codes (generated by the database) never start a formula.
        codes = "string_agg(u.code, ', ' ORDER BY u.n)"
    else:
        codes = _json_array_sql("to_json(u.code)::text", "u.n")
    return (
        f"LATERAL (SELECT {codes} AS codes FROM unnest(m.languages) WITH ORDINALITY AS u(code, n))"
    )


def _lines_sql(texts: str, order: str) -> str:
    """An aggregate: texts one per line, '' when every one is empty."""
    joined = f"string_agg({texts}, {_literal(chr(10))} ORDER BY {order})"
    return f"CASE WHEN bool_or({texts} <> '') THEN {joined} ELSE '' END"


def _list_columns_sql(
    *, columns: dict[str, str], order: str, spreadsheet: bool, language_order: tuple[str, ...]
) -> dict[str, str]:
    """Aggregates of a list of links for CSV: 'slugs', 'urls' (", "), a translated text one per
    line with its fallback languages ('<text>' and '<text>_language'), 'starts'."""
    assert spreadsheet
    aggregates = {}
    for name, sql in columns.items():
        if name in ("slugs", "urls"):
            aggregates[name] = f"string_agg({sql}, ', ' ORDER BY {order})"
        elif name == "starts":
            aggregates[name] = f"string_agg({_iso_sql(sql)}, ', ' ORDER BY {order})"
        else:  # a translated column
            aggregates[name] = _lines_sql(text_in_language_sql(sql, language_order), order)
            aggregates[f"{name}_language"] = _lines_sql(
                _fallback_language_sql(sql, language_order), order
            )
    return aggregates


def _url_parts(name: str, language: str) -> tuple[str, str]:
    """The address of a page with a slug, split where the slug goes."""
    with translation.override(language):
        placeholder = "page-slug-placeholder"
        url = settings.SITE_URL + reverse(name, args=[placeholder])
    start, end = url.split(placeholder)
    return start, end


def _image_url_start() -> str:
    """The start of the address of an image: the storage's address (the site's, when the
    storage gives a path). The names of images are made from the slug (measures.services),
    so nothing in them needs escaping."""
    storage = Measure._meta.get_field("image").storage
    placeholder = "image-name-placeholder"
    url = storage.url(placeholder)
    if url.startswith("/"):
        url = settings.SITE_URL + url
    return url.split(placeholder)[0]


def _relations_sql(*, language: str, spreadsheet: bool) -> list[str]:
    """Joins of the measures `m` to the aggregates of their partner organisations involved,
    links of inspiration both ways and public events (one row per measure that has any)."""
    order = fallback_order(language)
    quote = connection.ops.quote_name
    organisations = _composed(Organisation.objects.published().order_by().values("id"))
    measures = _composed(Measure.objects.published().order_by().values("id"))
    events = _composed(Event.objects.published().order_by().values("id"))
    measure_start, measure_end = (
        _literal(part) for part in _url_parts("measures:detail", language)
    )
    event_start, event_end = (_literal(part) for part in _url_parts("events:detail", language))
    stakeholders_table = quote(Measure.stakeholders.through._meta.db_table)
    inspirations_table = quote(Inspiration._meta.db_table)
    presentations_table = quote(Event.measures.through._meta.db_table)
    name_order = f"{text_in_language_sql('x.name', order)}, x.id"

    def inspiration(owner: str, other: str) -> tuple:
        return (
            owner,
            f"{inspirations_table} AS i JOIN {quote(Measure._meta.db_table)} AS x "
            f"ON x.id = {other} WHERE x.id IN ({measures})",
            "i.id",
            {
                "slug": "to_json(x.slug)::text",
                "url": f"to_json({measure_start} || x.slug || {measure_end})::text",
                "note": _json_texts_sql("i.note"),
            },
            {
                "slugs": "x.slug",
                "urls": f"{measure_start} || x.slug || {measure_end}",
                "notes": "i.note",
            },
        )

    relations = {
        # alias: (key of the measure, FROM … WHERE …, order, JSON members, CSV columns)
        "st": (
            "s.measure_id",
            f"{stakeholders_table} AS s JOIN {quote(Organisation._meta.db_table)} AS x "
            f"ON x.id = s.organisation_id WHERE x.id IN ({organisations})",
            name_order,
            {"slug": "to_json(x.slug)::text", "name": _json_texts_sql("x.name")},
            {"slugs": "x.slug", "names": "x.name"},
        ),
        # Inspirations both ways: by the measure inspired (ib) and by its source (ig).
        "ib": inspiration("i.measure_id", "i.source_id"),
        "ig": inspiration("i.source_id", "i.measure_id"),
        "ev": (
            "e.measure_id",
            f"{presentations_table} AS e JOIN {quote(Event._meta.db_table)} AS x "
            f"ON x.id = e.event_id WHERE x.id IN ({events})",
            "x.start, x.id",
            {
                "slug": "to_json(x.slug)::text",
                "url": f"to_json({event_start} || x.slug || {event_end})::text",
                "title": _json_texts_sql("x.title"),
                "start": f"to_json({_iso_sql('x.start')})::text",
            },
            {
                "slugs": "x.slug",
                "urls": f"{event_start} || x.slug || {event_end}",
                "titles": "x.title",
                "starts": "x.start",
            },
        ),
    }
    joins = []
    for alias, (key, source, item_order, members, columns) in relations.items():
        if spreadsheet:
            aggregates = _list_columns_sql(
                columns=columns, order=item_order, spreadsheet=True, language_order=order
            )
        else:
            aggregates = {"items": _json_array_sql(_json_object_sql(members), item_order)}
        selected = ", ".join(f"{sql} AS {name}" for name, sql in aggregates.items())
        joins.append(
            f"LEFT JOIN (SELECT {key} AS measure_id, {selected} FROM {source} GROUP BY {key}) "
            f"AS {alias} ON {alias}.measure_id = m.id"
        )
    return joins


def measure_export_sql(
    *, queryset: QuerySet[Measure], language: str, spreadsheet: bool
) -> tuple[str, list]:
    """One query for the cells of the measures of `queryset`: the id, then a column per
    column of CSV_COLUMNS (spreadsheet) or field of COLUMNS (JSON), named as it; in id order.

    For spreadsheets, texts are in the language or its fallback, with the fallback's code,
    made safe, lists joined; for JSON, translated texts, lists and objects are written as JSON
    already. Raises EmptyResultSet when the queryset cannot match anything.
    """
    order = fallback_order(language)
    url_start, url_end = _url_parts("measures:detail", language)
    image_start = _image_url_start()
    if spreadsheet:
        url_start, image_start = spreadsheet_safe(url_start), spreadsheet_safe(image_start)
    url = f"{_literal(url_start)} || m.slug || {_literal(url_end)}"
    image = f"CASE WHEN m.image <> '' THEN {_literal(image_start)} || m.image ELSE '' END"
    cells = {
        "slug": "m.slug",
        "url": url,
        "kind": "m.kind",
        "themes": "t.slugs",
        "target_groups": "g.slugs",
        "organisation": "coalesce(o.slug, '')",
        "other_stakeholders": "m.other_stakeholders",
        "country": "m.country",
        # NUTS codes (checked by a constraint of the regions table) never start a formula.
        "region": "coalesce(r.nuts_code, '')",
        "city": "m.city",
        "source_project": "coalesce(p.slug, '')",
        "source_project_acronym": "coalesce(p.acronym, '')",
        "start_year": "m.start_year",
        "end_year": "m.end_year",
        "funding": "m.funding",
        "website": "m.website",
        "contact_name": "m.contact_name",
        "contact_email": "m.contact_email",
        "image": image,
        "languages": "l.codes",
        "published": _iso_sql("m.first_published_at"),
        "updated": _iso_sql("m.updated_at"),
    }
    translated = {f"m.{name}": name for name in MEASURE_TEXTS}
    translated |= {
        "o.name": "organisation_name",
        "r.name": "region_name",
        "p.title": "source_project_title",
    }
    if spreadsheet:
        plain = {"url", "image", "themes", "target_groups", "languages", *CSV_PLAIN}
        cells = {
            name: sql if name in plain else _spreadsheet_safe_sql(sql)
            for name, sql in cells.items()
        }
        for column, name in translated.items():
            text = text_in_language_sql(column, order)
            if name in RICH_TEXT_FIELDS:
                text = _plain_text_sql(text)
            cells[name] = _spreadsheet_safe_text_sql(text)
            cells[f"{name}_language"] = _fallback_language_sql(column, order)
        for alias, field in (("st", "stakeholders"), ("ib", "inspired_by"), ("ig", "inspired")):
            names = CSV_SPREAD[field]
            parts = ("slugs", "names") if alias == "st" else ("slugs", "urls", "notes")
            for column, part in zip(names, parts, strict=False):
                cells[column] = _spreadsheet_safe_sql(f"coalesce({alias}.{part}, '')")
            cells[names[-1]] = f"coalesce({alias}.{parts[-1]}_language, '')"
        events = dict(
            zip(
                CSV_SPREAD["events"],
                ("slugs", "urls", "titles", "titles_language", "starts"),
                strict=True,
            )
        )
        for column, part in events.items():
            cells[column] = _spreadsheet_safe_sql(f"coalesce(ev.{part}, '')")
        columns = CSV_COLUMNS
    else:
        for column, name in translated.items():
            cells[name] = _json_texts_sql(column)
        for alias in ("r", "p"):  # no region, no project: null
            for column, name in translated.items():
                if column.startswith(f"{alias}."):
                    cells[name] = f"CASE WHEN {alias}.id IS NULL THEN 'null' ELSE {cells[name]} END"
        for alias, field in (
            ("st", "stakeholders"),
            ("ib", "inspired_by"),
            ("ig", "inspired"),
            ("ev", "events"),
        ):
            cells[field] = f"coalesce({alias}.items, '[]')"
        columns = COLUMNS
    translated_columns = [f"{name}_{code}" for name in MEASURE_TEXTS for code in order]
    measures, params = (
        queryset.order_by()
        .values_list(*MEASURE_COLUMNS, *translated_columns)
        .query.sql_with_params()
    )
    quote = connection.ops.quote_name
    select = ", ".join(f"{cells[column]} AS {quote(column)}" for column in columns)
    relations = " ".join(_relations_sql(language=language, spreadsheet=spreadsheet))
    sql = (
        f"SELECT m.id, {select} FROM ({measures}) AS m "
        f"LEFT JOIN {quote(Organisation._meta.db_table)} AS o ON o.id = m.organisation_id "
        f"LEFT JOIN {quote(Region._meta.db_table)} AS r ON r.id = m.region_id "
        f"LEFT JOIN {quote(Project._meta.db_table)} AS p ON p.id = m.source_project_id "
        f"CROSS JOIN {_slugs_sql(Theme, 'theme_ids', spreadsheet=spreadsheet)} AS t "
        f"CROSS JOIN {_slugs_sql(TargetGroup, 'target_group_ids', spreadsheet=spreadsheet)} AS g "
        f"CROSS JOIN {_languages_sql(spreadsheet=spreadsheet)} AS l "
        f"{relations} "
        # OFFSET 0: computed once per row, however often the lines refer to a cell (PostgreSQL
        # would otherwise copy each cell's expression into every place that names it).
        "ORDER BY m.id OFFSET 0"
    )
    return sql, list(params)


def csv_lines_sql(cells: str, params: list, *, delimiter: str) -> tuple[str, list]:
    """The rows of `measure_export_sql` (for spreadsheets) as lines of CSV, as csv.writer
    writes them: a cell with the delimiter, a double quote or a line break in it goes in
    double quotes, with its double quotes doubled; every line ends with CRLF."""
    special = ('"', delimiter, "\r", "\n")
    fields, field_params = [], []
    for column in CSV_COLUMNS:
        cell = f"c.{connection.ops.quote_name(column)}"
        if column in CSV_PLAIN:
            fields.append(f"{cell}::text")
        else:
            found = " OR ".join(f"strpos({cell}, %s) > 0" for _char in special)
            quoted = f"'\"' || replace({cell}, '\"', '\"\"') || '\"'"
            fields.append(f"CASE WHEN {found} THEN {quoted} ELSE {cell} END")
            field_params += special
        field_params.append(delimiter)
    field_params[-1] = "\r\n"  # not a delimiter after the last cell: the end of the line
    line = _concat_sql([part for field in fields for part in (field, "%s")])
    return f"SELECT {line} FROM ({cells}) AS c ORDER BY c.id", [*field_params, *params]


def json_objects_sql(cells: str, params: list) -> tuple[str, list]:
    """The rows of `measure_export_sql` (for JSON) as JSON objects, as json.dumps writes them
    (PostgreSQL escapes the same characters in the same way)."""
    fields, field_params = [], []
    for index, column in enumerate(COLUMNS):
        cell = f"c.{connection.ops.quote_name(column)}"
        written = column in JSON_WRITTEN
        fields.append(cell if written else _json_sql(cell))
        field_params.append(("{" if index == 0 else ", ") + json.dumps(column) + ": ")
    line = _concat_sql([*(part for field in fields for part in ("%s", field)), "'}'"])
    sql = f"SELECT {line} FROM ({cells}) AS c ORDER BY c.id"
    return sql, [*field_params, *params]


def measure_export_chunks(
    *, data: QueryDict, language: str, file_format: str, chunk_size: int = 1000
) -> Iterator[list[tuple]]:
    """Rows of the list filtered as `data` (GET) asks, in id order, read through a
    server-side cursor `chunk_size` rows at a time: each row holds its line of CSV ("csv") or
    its JSON object ("json").

    Three queries whatever the number of rows: themes and target groups for the filters,
    then the rows.
    """
    language = language_code(language)
    themes, target_groups = list(Theme.objects.all()), list(TargetGroup.objects.all())
    filterset = measure_filterset(
        data=data, language=language, themes=themes, target_groups=target_groups
    )
    spreadsheet = file_format == "csv"
    try:
        cells, params = measure_export_sql(
            queryset=filterset.qs, language=language, spreadsheet=spreadsheet
        )
    except EmptyResultSet:
        return
    if spreadsheet:
        sql, params = csv_lines_sql(cells, params, delimiter=CSV_DELIMITERS[language])
    else:
        sql, params = json_objects_sql(cells, params)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        # Not `while rows := …`: that would keep the chunk handed out while the next is read.
        yield from iter(partial(cursor.fetchmany, chunk_size), [])


# --- Files ------------------------------------------------------------------------------------


def _filename(extension: str, language: str) -> str:
    return f"next2met-measures-{language}-{timezone.localdate().isoformat()}.{extension}"


def csv_rows(*, data: QueryDict, language: str) -> Iterator[str]:
    """The CSV file in chunks of lines: the header, then one chunk per chunk of rows."""
    language = language_code(language)
    header = io.StringIO()
    csv.writer(header, delimiter=CSV_DELIMITERS[language]).writerow(CSV_COLUMNS)
    yield BOM + header.getvalue()
    for rows in measure_export_chunks(data=data, language=language, file_format="csv"):
        yield "".join(chain.from_iterable(rows))


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
    for rows in measure_export_chunks(data=data, language=language, file_format="json"):
        yield separator + ",".join(chain.from_iterable(rows))
        separator = ","
    yield "]}"


def json_response(*, data: QueryDict, language: str) -> StreamingHttpResponse:
    language = language_code(language)
    response = StreamingHttpResponse(
        json_chunks(data=data, language=language), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{_filename("json", language)}"'
    return response
