"""Reads of the API: public entries only, selected as the public pages select them.

- Measures: the measure list's filter set and search (`measures.filters.measure_filterset`,
  `measures.search`) over `Measure.objects.published()`; each measure as the JSON export
  writes it (`measures.exports`: every public field, texts in every language), in one query
  for the whole page.
- Organisations: the partner list's filter set (`partners.selectors.organisation_list`) over
  the published ones; a detail adds the sections of its page (`partners.sections`).
- Events: the events list's filter set (`events.selectors`) over the published and cancelled
  ones; never the join link, seats or registrations. The report and recording appear once the
  event is over, as on its page.
- Projects, regions, themes and target groups: all of them (their pages are public).

Each read runs a fixed number of queries whatever the page size; texts come as objects with
every language (`api.texts.localise` turns them into one language).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from api.errors import ApiError, Problem
from api.models import MeasureDocument
from api.pagination import Window
from api.texts import localising_hook, texts_of, texts_of_label
from core.languages import language_codes
from events import selectors as event_selectors
from events.models import Event
from measures.exports import json_objects_sql, measure_export_sql
from measures.filters import measure_filterset
from measures.models import Measure, TargetGroup, Theme
from measures.selectors import SECTION_HEADINGS
from partners import selectors as partner_selectors
from partners.models import Organisation, Participation, Project, Region
from partners.sections import organisation_sections_registered

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
NUTS_CODE = re.compile(r"[A-Z]{2}[0-9A-Z]{0,3}")


@dataclass(frozen=True)
class Rows:
    """Up to limit + 1 entries of a page in id order, each as a dict, with their ids."""

    ids: list[int]
    items: list[dict[str, Any]]
    localised: bool = False  # the texts are in the answer's language already


def _url(name: str, language: str, *args: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, args=args)


def _url_language(language: str) -> str:
    return language if language in language_codes() else settings.LANGUAGE_CODE


def _filter_errors(filterset, names: dict[str, str] | None = None) -> None:
    """400 naming each parameter whose value the filter set refused (its translated message)."""
    if filterset.is_valid():
        return
    names = names or {}
    problems = [
        Problem(names.get(name, name), " ".join(str(message) for message in messages))
        for name, messages in filterset.form.errors.items()
    ]
    raise ApiError(400, problems=problems)


def _window(queryset: QuerySet, window: Window) -> QuerySet:
    return queryset.filter(pk__gt=window.after).order_by("pk")[: window.limit + 1]


def _filter_data(data: QueryDict, names: dict[str, str]) -> QueryDict:
    """The API's parameters under the names the filter set knows them by."""
    renamed = QueryDict(mutable=True)
    for api_name, filter_name in names.items():
        values = data.getlist(api_name)
        if values:
            renamed.setlist(filter_name, values)
    return renamed


# --- Measures ---------------------------------------------------------------------------------

MEASURE_FILTERS = (
    "q",
    "theme",
    "kind",
    "target",
    "country",
    "region",
    "organisation",
    "project",
    "state",
    "year_from",
    "year_to",
    "lang",
)


def _measure_objects(
    queryset: QuerySet[Measure], language: str, *, localised: bool = False
) -> Rows:
    """The measures of `queryset` as the JSON export writes them, in id order (one query);
    `localised`: with each translated text in the answer's language only."""
    try:
        cells, params = measure_export_sql(
            queryset=queryset, language=_url_language(language), spreadsheet=False
        )
    except EmptyResultSet:
        return Rows([], [])
    sql, params = json_objects_sql(cells, params)
    # The export's lines are ordered by the measures' ids: read them beside each line.
    sql = "SELECT c.id, " + sql.removeprefix("SELECT ")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    ids = [pk for pk, _line in rows]
    hook = localising_hook(language) if localised else None
    items = [json.loads(line, object_hook=hook) for _pk, line in rows]
    return Rows(
        ids,
        [{"id": pk, **item} for pk, item in zip(ids, items, strict=True)],
        localised=localised,
    )


def _measure_items(ids: list[int], language: str, version: int) -> list[dict[str, Any]]:
    """The measures' objects in the answer's language, in the order of `ids`: those stored at
    this content version as they are (one query), the others built and stored (two more)."""
    stored = dict(
        MeasureDocument.objects.filter(
            measure_id__in=ids, language=language, version=version
        ).values_list("measure_id", "document")
    )
    missing = [pk for pk in ids if pk not in stored]
    if missing:
        built = _measure_objects(Measure.objects.filter(pk__in=missing), language, localised=True)
        MeasureDocument.objects.bulk_create(
            [
                MeasureDocument(measure_id=pk, language=language, version=version, document=item)
                for pk, item in zip(built.ids, built.items, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["measure", "language"],
            update_fields=["version", "document"],
        )
        stored.update(zip(built.ids, built.items, strict=True))
    return [stored[pk] for pk in ids if pk in stored]


def measure_page(
    *,
    data: QueryDict,
    language: str,
    search_language: str,
    window: Window,
    version: int | None = None,
) -> Rows:
    """Published measures filtered and searched as the measure list does, one page in id order
    (four queries: themes, target groups, the page's ids, their objects). With the content
    `version` the request was answered at, the objects stored at that version are read instead
    of built (`MeasureDocument`)."""
    filterset = measure_filterset(
        data=_filter_data(data, {name: name for name in MEASURE_FILTERS}),
        language=search_language,
        themes=list(Theme.objects.all()),
        target_groups=list(TargetGroup.objects.all()),
    )
    _filter_errors(filterset)
    ids = list(_window(filterset.qs, window).values_list("pk", flat=True))
    if not ids:
        return Rows([], [])
    if version is not None:
        return Rows(ids, _measure_items(ids, language, version), localised=True)
    rows = _measure_objects(Measure.objects.filter(pk__in=ids), language, localised=True)
    return Rows(ids, rows.items, localised=True)


def measure_sections(*, measure: dict[str, Any]) -> list[dict[str, Any]]:
    """The text sections of the measure's page that have content, with their headings."""
    return [
        {"key": key, "heading": texts_of_label(heading), "html": measure[key]}
        for key, heading in SECTION_HEADINGS
        if any(measure[key].values())
    ]


def measure_detail(*, slug: str, language: str) -> dict[str, Any] | None:
    if not SLUG.fullmatch(slug):
        return None
    rows = _measure_objects(Measure.objects.published().filter(slug=slug), language)
    if not rows.items:
        return None
    measure = rows.items[0]
    return {**measure, "sections": measure_sections(measure=measure)}


# --- Organisations ----------------------------------------------------------------------------

ORGANISATION_FILTERS = ("kind", "country", "project")


def _organisation_queryset() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("region").prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("project").order_by("project_id"),
        )
    )


def _logo_url(organisation: Organisation) -> str | None:
    if not organisation.logo:
        return None
    url = organisation.logo.url
    return settings.SITE_URL + url if url.startswith("/") else url


def organisation_object(*, organisation: Organisation, language: str) -> dict[str, Any]:
    region = organisation.region
    return {
        "id": organisation.pk,
        "slug": organisation.slug,
        "url": _url("partners:organisation_detail", _url_language(language), organisation.slug),
        "name": texts_of(organisation, "name"),
        "acronym": organisation.acronym,
        "kind": organisation.kind,
        "country": str(organisation.country),
        "region": region.nuts_code if region else None,
        "region_name": texts_of(region, "name") if region else None,
        "city": texts_of(organisation, "city"),
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "description": texts_of(organisation, "description"),
        "logo": _logo_url(organisation),
        "projects": [
            {
                "slug": participation.project.slug,
                "acronym": participation.project.acronym,
                "role": participation.role or None,
            }
            for participation in organisation.participations.all()
        ],
        "updated": organisation.updated_at.isoformat(),
    }


def organisation_page(*, data: QueryDict, language: str, window: Window) -> Rows:
    """Published organisations filtered as the partner list does (its filter set, with the
    countries and projects it offers), one page in id order."""
    filterset = partner_selectors.organisation_list(
        data=_filter_data(data, {name: name for name in ORGANISATION_FILTERS})
    ).filterset
    _filter_errors(filterset)
    organisations = list(
        _window(_organisation_queryset().filter(pk__in=filterset.qs.values("pk")), window)
    )
    return Rows(
        [organisation.pk for organisation in organisations],
        [organisation_object(organisation=o, language=language) for o in organisations],
    )


def _entry_link(name: str, slug: str, title: Any, language: str) -> dict[str, Any]:
    return {"slug": slug, "url": _url(name, _url_language(language), slug), "title": title}


def organisation_detail(*, slug: str, language: str) -> dict[str, Any] | None:
    """A published organisation with the sections of its page: its newest measures and the
    events it (co-)organises."""
    if not SLUG.fullmatch(slug):
        return None
    organisation = _organisation_queryset().published().filter(slug=slug).first()
    if organisation is None:
        return None
    sections = {}
    for section in organisation_sections_registered():
        sections[section.key] = section.provider(organisation=organisation)
    measures = sections.get("measures") or {"measures": [], "count": 0}
    events = sections.get("events") or {"upcoming": [], "past": []}
    return {
        **organisation_object(organisation=organisation, language=language),
        "measures": {
            "count": measures["count"],
            "newest": [
                _entry_link("measures:detail", m.slug, texts_of(m, "title"), language)
                for m in measures["measures"]
            ],
        },
        "events": [
            _entry_link("events:detail", e.slug, texts_of(e, "title"), language)
            for e in [*events["upcoming"], *events["past"]]
        ],
    }


# --- Events -----------------------------------------------------------------------------------

# The events list's filter `language` (of the meeting) is `meeting_language` here: `language`
# chooses the language of the answer.
EVENT_FILTERS = {
    "kind": "kind",
    "format": "format",
    "meeting_language": "language",
    "organiser": "organiser",
    "project": "project",
}


def _event_queryset(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.select_related("organiser", "project").prefetch_related(
        "co_organisers",
        Prefetch("measures", queryset=Measure.objects.published().order_by("pk")),
    )


def event_object(*, event: Event, language: str, now) -> dict[str, Any]:
    over = event.is_over(now)
    return {
        "id": event.pk,
        "slug": event.slug,
        "url": _url("events:detail", _url_language(language), event.slug),
        "calendar": _url("events:calendar", _url_language(language), event.slug),
        "title": texts_of(event, "title"),
        "summary": texts_of(event, "summary"),
        "description": texts_of(event, "description"),
        "kind": event.kind,
        "status": event.status,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "dates_only": event.dates_only,
        "time_zone": event.time_zone,
        "format": event.format,
        "venue": texts_of(event, "venue"),
        "platform": event.platform,
        "meeting_language": event.meeting_language or None,
        "interpretation_languages": list(event.interpretation_languages),
        "moderator": event.moderator,
        "organiser": event.organiser.slug,
        "organiser_only_took_part": event.organiser_only_took_part,
        "co_organisers": [organisation.slug for organisation in event.co_organisers.all()],
        "project": event.project.slug if event.project else None,
        "capacity": event.capacity,
        "measures": [measure.slug for measure in event.measures.all()],
        "recording": event.recording_url if over and event.recording_url else None,
        "report": texts_of(event, "report") if over and event.report else None,
        "updated": event.updated_at.isoformat(),
    }


def event_page(*, data: QueryDict, language: str, window: Window) -> Rows:
    """Public events filtered as the events list does, one page in id order."""
    filterset = event_selectors._event_filterset(data=_filter_data(data, EVENT_FILTERS))
    if filterset.is_bound:
        _filter_errors(filterset, {value: key for key, value in EVENT_FILTERS.items()})
    events = list(_window(_event_queryset(filterset.qs), window))
    now = timezone.now()
    return Rows(
        [event.pk for event in events],
        [event_object(event=event, language=language, now=now) for event in events],
    )


def event_detail(*, slug: str, language: str) -> dict[str, Any] | None:
    if not SLUG.fullmatch(slug):
        return None
    event = _event_queryset(Event.objects.published()).filter(slug=slug).first()
    if event is None:
        return None
    return event_object(event=event, language=language, now=timezone.now())


# --- Projects, regions and vocabularies -------------------------------------------------------


def project_object(*, project: Project, language: str) -> dict[str, Any]:
    return {
        "id": project.pk,
        "slug": project.slug,
        "url": _url("projects:detail", _url_language(language), project.slug),
        "acronym": project.acronym,
        "title": texts_of(project, "title"),
        "description": texts_of(project, "description"),
        "programme": texts_of(project, "programme"),
        "fund": texts_of(project, "fund"),
        "start_date": project.start_date.isoformat() if project.start_date else None,
        "end_date": project.end_date.isoformat() if project.end_date else None,
        "website": project.website,
        "partners": [
            {"organisation": p.organisation.slug, "role": p.role or None}
            for p in project.published_participations
        ],
    }


def region_object(*, region: Region, language: str) -> dict[str, Any]:
    return {
        "id": region.pk,
        "code": region.nuts_code,
        "url": _url("regions:detail", _url_language(language), region.nuts_code),
        "nuts_level": region.nuts_level,
        "country": str(region.country),
        "name": texts_of(region, "name"),
        "description": texts_of(region, "description"),
        "metropolises": [
            {"slug": metropolis.slug, "name": texts_of(metropolis, "name")}
            for metropolis in region.metropolises.all()
        ],
    }


def vocabulary_object(*, term: Theme | TargetGroup, language: str, parameter: str) -> dict:
    return {
        "id": term.pk,
        "slug": term.slug,
        "measures": f"{settings.SITE_URL}{reverse('api-v1:measure_list')}?{parameter}={term.slug}",
        "name": texts_of(term, "name"),
        "description": texts_of(term, "description"),
    }


@dataclass(frozen=True)
class Collection:
    """A small public collection: its queryset, how an entry is looked up, how it is written."""

    queryset: Callable[[], QuerySet]
    lookup: str
    pattern: re.Pattern
    write: Callable[..., dict[str, Any]]


COLLECTIONS = {
    "projects": Collection(
        queryset=partner_selectors.project_detail_queryset,
        lookup="slug",
        pattern=SLUG,
        write=lambda entry, language: project_object(project=entry, language=language),
    ),
    "regions": Collection(
        queryset=lambda: Region.objects.prefetch_related("metropolises"),
        lookup="nuts_code",
        pattern=NUTS_CODE,
        write=lambda entry, language: region_object(region=entry, language=language),
    ),
    "themes": Collection(
        queryset=Theme.objects.all,
        lookup="slug",
        pattern=SLUG,
        write=lambda entry, language: vocabulary_object(
            term=entry, language=language, parameter="theme"
        ),
    ),
    "target_groups": Collection(
        queryset=TargetGroup.objects.all,
        lookup="slug",
        pattern=SLUG,
        write=lambda entry, language: vocabulary_object(
            term=entry, language=language, parameter="target"
        ),
    ),
}


def collection_page(*, name: str, language: str, window: Window) -> Rows:
    collection = COLLECTIONS[name]
    entries = list(_window(collection.queryset(), window))
    return Rows(
        [entry.pk for entry in entries],
        [collection.write(entry, language) for entry in entries],
    )


def collection_detail(*, name: str, key: str, language: str) -> dict[str, Any] | None:
    collection = COLLECTIONS[name]
    if not collection.pattern.fullmatch(key):
        return None
    entry = collection.queryset().filter(**{collection.lookup: key}).first()
    return None if entry is None else collection.write(entry, language)
