"""Open-data exports of the (filtered) measure list as CSV and JSON, streamed in chunks of rows.

PostgreSQL writes the rows of the files. One query computes every cell (texts in the requested
language, falling back to English, German, Polish; the slugs of themes and target groups;
codes and names of organisations, regions and projects; timestamps in ISO 8601; for CSV the
lists joined and the texts made safe for spreadsheet programs) and writes each measure as a
line of CSV or a JSON object, byte for byte as Python's csv and json modules write them. A
server-side cursor hands the rows over in chunks, so that an export of the whole database
holds one chunk in memory at a time (`measure_export_chunks`: three queries whatever the
number of rows); Python joins each chunk. Codes (kind, country, NUTS region, theme and target
group slugs, organisation and project slugs) are stable and the same in every language.
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
from core.languages import fallback_order, language_code
from core.spreadsheets import BOM, FORMULA_STARTS, spreadsheet_safe
from core.translated import text_in_language_sql
from measures.filters import measure_filterset
from measures.models import Measure, MeasureKind, TargetGroup, Theme, Vocabulary
from partners.models import Organisation, Project, Region

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
# The columns of the measures table that the cells are made of (with the translated texts).
MEASURE_COLUMNS = (
    "id",
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
)
# Excel splits CSV at the list separator of the user's regional settings.
CSV_DELIMITERS = {"de": ";", "pl": ";", "en": ","}
# Cells that never hold a delimiter, a double quote or a line break: numbers, timestamps and
# NUTS codes (checked by a constraint of the regions table).
CSV_PLAIN = {"region", "start_year", "end_year", "published", "updated"}
# Cells of a JSON export that PostgreSQL writes as JSON arrays already.
JSON_WRITTEN = {"themes", "target_groups", "languages"}


# --- Reads ------------------------------------------------------------------------------------


def export_query_string(data: QueryDict) -> str:
    """The filters of the current list for export links (without page and sort): "?…" or ""."""
    encoded = query_string(data, sort=None)
    return "" if encoded == "?" else encoded


def _bracket_sql(chars: Iterable[str]) -> str:
    """A bracket expression of a regular expression: any one of the characters."""
    return "[" + "".join("\\" + char if char in "\\]^-" else char for char in chars) + "]"


def _spreadsheet_safe_sql(sql: str) -> str:
    """`core.spreadsheets.spreadsheet_safe` in SQL: a quote before text that a spreadsheet
    program would run as a formula; NULL stays NULL (an empty cell)."""
    starts = ", ".join(str(ord(char)) for char in FORMULA_STARTS)
    return f"CASE WHEN ascii({sql}) IN ({starts}) THEN '''' || {sql} ELSE {sql} END"


def _spreadsheet_safe_text_sql(sql: str) -> tuple[str, list[str]]:
    """The same for a translated text of a measure, which PostgreSQL may keep out of line
    (TOAST) in the wide measures table: regexp_replace reads it once, the CASE twice."""
    return f"regexp_replace({sql}, %s, %s)", [f"^({_bracket_sql(FORMULA_STARTS)})", "'\\1"]


def _iso_sql(column: str) -> str:
    """A timestamp as datetime.isoformat() writes it in UTC (microseconds only when there
    are any), '' when there is none."""
    text = f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"
    return f"coalesce(replace({text}, '.000000+', '+'), '')"


def _json_array_sql(texts: str, order: str) -> str:
    """An aggregate: the texts as a JSON array, written as json.dumps writes it."""
    return f"'[' || coalesce(string_agg(to_json({texts})::text, ', ' ORDER BY {order}), '') || ']'"


def _slugs_sql(vocabulary: type[Vocabulary], ids: str, *, spreadsheet: bool) -> str:
    """A lateral subquery: the slugs that the ids in the measure's column `ids` name, in the
    order of the ids. It depends on the list of ids alone, so PostgreSQL computes it once per
    distinct list (Memoize) rather than once per measure."""
    table = connection.ops.quote_name(vocabulary._meta.db_table)
    if spreadsheet:
        joined = _spreadsheet_safe_sql("string_agg(v.slug, ', ' ORDER BY u.n)")
        slugs = f"coalesce({joined}, '')"
    else:
        slugs = _json_array_sql("v.slug", "u.n")
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
        codes = _json_array_sql("u.code", "u.n")
    return (
        f"LATERAL (SELECT {codes} AS codes FROM unnest(m.languages) WITH ORDINALITY AS u(code, n))"
    )


def measure_export_sql(
    *, queryset: QuerySet[Measure], language: str, spreadsheet: bool
) -> tuple[str, list]:
    """One query for the cells of the measures of `queryset`: the id, then a column per
    field of COLUMNS, named as the field; in id order.

    For spreadsheets, texts are made safe and lists joined with ", "; for JSON, lists are
    already JSON arrays. Raises EmptyResultSet when the queryset cannot match anything.
    """
    order = fallback_order(language)
    with translation.override(language):
        placeholder = "measure-slug-placeholder"
        url = settings.SITE_URL + reverse("measures:detail", args=[placeholder])
    # The address starts with the site's address and path, never with the slug.
    url_start, url_end = url.split(placeholder)
    safe = _spreadsheet_safe_sql if spreadsheet else str
    safe_text = _spreadsheet_safe_text_sql if spreadsheet else lambda sql: (sql, [])
    title, title_params = safe_text(text_in_language_sql("m.title", order))
    summary, summary_params = safe_text(text_in_language_sql("m.summary", order))
    cells = {
        "slug": safe("m.slug"),
        "url": "%s || m.slug || %s",
        "title": title,
        "summary": summary,
        "kind": safe("m.kind"),
        "themes": "t.slugs",
        "target_groups": "g.slugs",
        "country": safe("m.country"),
        # NUTS codes (checked by a constraint of the regions table) never start a formula.
        "region": "coalesce(r.nuts_code, '')",
        "city": safe("m.city"),
        "organisation": safe("coalesce(o.slug, '')"),
        "organisation_name": safe(text_in_language_sql("o.name", order)),
        "source_project": safe("coalesce(p.slug, '')"),
        "start_year": "m.start_year",
        "end_year": "m.end_year",
        "funding": safe("m.funding"),
        "website": safe("m.website"),
        "languages": "l.codes",
        "published": _iso_sql("m.first_published_at"),
        "updated": _iso_sql("m.updated_at"),
    }
    translated = [f"{name}_{code}" for name in ("title", "summary") for code in order]
    measures, params = (
        queryset.order_by().values_list(*MEASURE_COLUMNS, *translated).query.sql_with_params()
    )
    quote = connection.ops.quote_name
    select = ", ".join(f"{cells[column]} AS {quote(column)}" for column in COLUMNS)
    sql = (
        f"SELECT m.id, {select} FROM ({measures}) AS m "
        f"LEFT JOIN {quote(Organisation._meta.db_table)} AS o ON o.id = m.organisation_id "
        f"LEFT JOIN {quote(Region._meta.db_table)} AS r ON r.id = m.region_id "
        f"LEFT JOIN {quote(Project._meta.db_table)} AS p ON p.id = m.source_project_id "
        f"CROSS JOIN {_slugs_sql(Theme, 'theme_ids', spreadsheet=spreadsheet)} AS t "
        f"CROSS JOIN {_slugs_sql(TargetGroup, 'target_group_ids', spreadsheet=spreadsheet)} AS g "
        f"CROSS JOIN {_languages_sql(spreadsheet=spreadsheet)} AS l "
        "ORDER BY m.id"
    )
    url_start = spreadsheet_safe(url_start) if spreadsheet else url_start
    return sql, [url_start, url_end, *title_params, *summary_params, *params]


def csv_lines_sql(cells: str, params: list, *, delimiter: str) -> tuple[str, list]:
    """The rows of `measure_export_sql` (for spreadsheets) as lines of CSV, as csv.writer
    writes them: a cell with the delimiter, a double quote or a line break in it goes in
    double quotes, with its double quotes doubled; every line ends with CRLF."""
    special = ('"', delimiter, "\r", "\n")
    fields, field_params = [], []
    for column in COLUMNS:
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
    line = ", ".join(f"{field}, %s" for field in fields)
    return f"SELECT concat({line}) FROM ({cells}) AS c ORDER BY c.id", [*field_params, *params]


def json_objects_sql(cells: str, params: list) -> tuple[str, list]:
    """The rows of `measure_export_sql` (for JSON) as JSON objects, as json.dumps writes them
    (PostgreSQL escapes the same characters in the same way)."""
    fields, field_params = [], []
    for index, column in enumerate(COLUMNS):
        cell = f"c.{connection.ops.quote_name(column)}"
        written = column in JSON_WRITTEN
        fields.append(cell if written else f"coalesce(to_json({cell})::text, 'null')")
        field_params.append(("{" if index == 0 else ", ") + json.dumps(column) + ": ")
    line = ", ".join(f"%s, {field}" for field in fields)
    sql = f"SELECT concat({line}, '}}') FROM ({cells}) AS c ORDER BY c.id"
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
    csv.writer(header, delimiter=CSV_DELIMITERS[language]).writerow(COLUMNS)
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
