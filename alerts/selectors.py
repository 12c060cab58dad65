"""Reads of the alerts app: a list's filters checked and stored, said in words, and the new
entries of a digest.

The filters are those of the list the person subscribes from, checked by the list's own
filterset (`measures.filters.MeasureFilterSet`, `events.filters.EventFilterSet`), and a digest
applies the same filterset to the entries published in its period, in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from django_filters.constants import EMPTY_VALUES

from alerts.models import AlertKind, Subscription, SubscriptionStatus
from core.workflow import Status
from events.filters import EventFilterSet
from events.models import Event, EventFormat, EventKind, EventStatus, MeetingLanguage, Series
from measures.filters import Lifecycle, MeasureFilterSet
from measures.models import Measure, MeasureKind, TargetGroup, Theme
from partners.models import Organisation, Project, Region

# Entries a digest lists; it links the list with its filters for the rest.
DIGEST_LIMIT = 30
# Values of one parameter looked up in the database for a summary (more are not a filter a
# list can produce: MeasureFilterSet allows 20 per family).
LOOKUP_LIMIT = 50
SLUG_MAX_LENGTH = 100

Filters = dict[str, list[str]]


# --- The lists' filtersets --------------------------------------------------------------------


def _values(data: QueryDict, name: str) -> list[str]:
    return [value for value in data.getlist(name) if 0 < len(value) <= SLUG_MAX_LENGTH][
        :LOOKUP_LIMIT
    ]


def _measure_filterset(*, data: QueryDict, language: str, queryset=None) -> MeasureFilterSet:
    """The measure list's filterset over `queryset` (published measures), every theme and
    target group known (two queries)."""
    return MeasureFilterSet(
        data=data,
        queryset=queryset if queryset is not None else Measure.objects.published(),
        language=language,
        themes=list(Theme.objects.all()),
        target_groups=list(TargetGroup.objects.all()),
    )


def _event_filterset(*, data: QueryDict, queryset=None) -> EventFilterSet:
    """The events list's filterset over `queryset` (published events). Organisers and projects
    are those the parameters name, if published, whether or not they have events now: an alert
    waits for their next one."""
    organisers = Organisation.objects.published().filter(slug__in=_values(data, "organiser"))
    projects = Project.objects.filter(slug__in=_values(data, "project"))
    series = Series.objects.public().filter(slug__in=_values(data, "series"))
    return EventFilterSet(
        data=data,
        queryset=queryset if queryset is not None else Event.objects.published(),
        organisers=[(organisation.slug, organisation.name) for organisation in organisers]
        if data.get("organiser")
        else [],
        projects=[(project.slug, project.acronym) for project in projects]
        if data.get("project")
        else [],
        series=[(entry.slug, entry.title) for entry in series] if data.get("series") else [],
    )


def _filterset(*, kind: str, data: QueryDict, language: str, queryset=None):
    if kind == AlertKind.MEASURES:
        return _measure_filterset(data=data, language=language, queryset=queryset)
    return _event_filterset(data=data, queryset=queryset)


def _canonical(value: Any) -> list[str]:
    """A cleaned filter value as the sorted GET parameter values that give it again."""
    items = value if isinstance(value, list | tuple | set) else [value]
    result = set()
    for item in items:
        if item in EMPTY_VALUES:
            continue
        if isinstance(item, Decimal) and item == item.to_integral_value():
            item = int(item)
        result.add(str(item))
    return sorted(result)


def filters_querydict(filters: Mapping[str, Iterable[str]]) -> QueryDict:
    """Stored filters as the GET parameters of the list."""
    data = QueryDict(mutable=True)
    for name, values in sorted(filters.items()):
        data.setlist(name, list(values))
    return data


def filters_query_string(filters: Mapping[str, Iterable[str]]) -> str:
    """ "?theme=…&country=…" for links to the list or the subscription page, "" without filters."""
    encoded = filters_querydict(filters).urlencode()
    return f"?{encoded}" if encoded else ""


@dataclass(frozen=True)
class FilterCheck:
    """A list's query string checked by the list's filterset."""

    filters: Filters  # parameter → sorted values, only valid and non-empty ones
    errors: list[str] = field(default_factory=list)  # "Label: message" per invalid parameter

    @property
    def is_valid(self) -> bool:
        return not self.errors


def alert_filters_check(*, kind: str, data: QueryDict, language: str) -> FilterCheck:
    """The filters of `data` (a list's GET parameters) as a subscription stores them.

    Parameters the list does not filter by (page, sort) are left out; a parameter the list
    cannot understand is an error, so that no one subscribes to more than they chose.
    """
    filterset = _filterset(kind=kind, data=data, language=language)
    form = filterset.form
    errors = [
        f"{form.fields[name].label}: {' '.join(str(message) for message in messages)}"
        if name in form.fields
        else " ".join(str(message) for message in messages)
        for name, messages in form.errors.items()
    ]
    if errors:
        return FilterCheck(filters={}, errors=errors)
    filters = {}
    for name, value in form.cleaned_data.items():
        values = _canonical(value)
        if values:
            filters[name] = values
    return FilterCheck(filters=dict(sorted(filters.items())))


# --- Filters in words -------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryPart:
    """One filter of a subscription as people read it: "Country: Poland, Germany"."""

    label: str
    values: tuple[str, ...]
    is_search: bool = False

    def __str__(self) -> str:
        if self.is_search:
            return f"{self.label}: “{self.values[0]}”"
        return f"{self.label}: {', '.join(self.values)}"


def _family_labels(filterset_class) -> dict[str, str]:
    labels = {name: str(f.label) for name, f in filterset_class.base_filters.items()}
    for family in filterset_class.families:
        if family.label:
            labels[family.name] = str(family.label)
    return labels


def _order(kind: str) -> list[str]:
    if kind == AlertKind.MEASURES:
        names = list(MeasureFilterSet.base_filters)
        return ["q"] + [name for name in names if name != "q"]
    return list(EventFilterSet.base_filters)


# Parameters whose values are entries in the database: parameter → what to look up.
_LOOKUPS = {
    AlertKind.MEASURES: {
        "theme": "theme",
        "target": "target_group",
        "region": "region",
        "organisation": "organisation",
        "project": "project",
    },
    AlertKind.EVENTS: {"organiser": "organisation", "project": "project", "series": "series"},
}


def _choices(kind: str) -> dict[str, dict[str, str]]:
    if kind == AlertKind.MEASURES:
        return {
            "kind": dict(MeasureKind.choices),
            "state": dict(Lifecycle.choices),
            "lang": {code: str(name) for code, name in settings.LANGUAGES},
        }
    return {
        "kind": dict(EventKind.choices),
        "format": dict(EventFormat.choices),
        "language": dict(MeetingLanguage.choices),
    }


def _names(entity: str, values: set[str]) -> dict[str, str]:
    values = {value for value in values if len(value) <= SLUG_MAX_LENGTH}
    if entity == "theme":
        return {t.slug: t.name for t in Theme.objects.filter(slug__in=values)}
    if entity == "target_group":
        return {g.slug: g.name for g in TargetGroup.objects.filter(slug__in=values)}
    if entity == "region":
        return {r.nuts_code: r.name for r in Region.objects.filter(nuts_code__in=values)}
    if entity == "organisation":
        organisations = Organisation.objects.published().filter(slug__in=values)
        return {o.slug: o.name for o in organisations.only("slug", "name")}
    if entity == "series":
        return {s.slug: s.title for s in Series.objects.public().filter(slug__in=values)}
    return {p.slug: p.acronym for p in Project.objects.filter(slug__in=values)}


def alert_summaries(*, items: list[tuple[str, Mapping[str, list[str]]]]) -> list[list[SummaryPart]]:
    """The filters of several (kind, filters) in words, in the active language.

    One query per kind of entry named (themes, regions, organisations …) for all of them
    together, so that a page with many subscriptions costs what a page with one does.
    """
    wanted: dict[str, set[str]] = defaultdict(set)
    for kind, filters in items:
        for name, entity in _LOOKUPS[AlertKind(kind)].items():
            wanted[entity].update(filters.get(name, ())[:LOOKUP_LIMIT])
    names = {entity: _names(entity, values) for entity, values in wanted.items() if values}
    summaries = []
    for kind, filters in items:
        kind = AlertKind(kind)
        labels = _family_labels(MeasureFilterSet if kind == AlertKind.MEASURES else EventFilterSet)
        choices = _choices(kind)
        parts = []
        for name in _order(kind):
            values = filters.get(name)
            if not values:
                continue
            if name == "q":
                parts.append(SummaryPart(_("Search"), (values[0],), is_search=True))
                continue
            entity = _LOOKUPS[kind].get(name)
            if entity is not None:
                shown = [names.get(entity, {}).get(value, value) for value in values]
            elif name == "country":
                shown = [str(countries.name(value)) or value for value in values]
            elif name in choices:
                shown = [str(choices[name].get(value, value)) for value in values]
            else:
                shown = list(values)
            parts.append(SummaryPart(labels.get(name, name), tuple(shown)))
        summaries.append(parts)
    return summaries


def alert_summary(*, kind: str, filters: Mapping[str, list[str]]) -> list[SummaryPart]:
    return alert_summaries(items=[(kind, filters)])[0]


def alert_summary_text(parts: list[SummaryPart]) -> str:
    """The summary on one line ("Theme: Energy; Country: Poland; Search: “klaster”"), or what
    a subscription without filters brings."""
    return "; ".join(str(part) for part in parts) if parts else _("everything new")


# --- Pages --------------------------------------------------------------------------------------


def list_url(*, kind: str, filters: Mapping[str, list[str]]) -> str:
    """The list (in the active language) with the filters, as a path with query string."""
    name = "measures:index" if kind == AlertKind.MEASURES else "events:index"
    return reverse(name) + filters_query_string(filters)


@dataclass(frozen=True)
class ManagedSubscription:
    subscription: Subscription
    summary: list[SummaryPart]
    list_url: str


def address_subscriptions(*, subscription: Subscription) -> list[ManagedSubscription]:
    """Every subscription of the address the link belongs to, with its filters in words."""
    subscriptions = list(Subscription.objects.of_address(subscription.email).order_by("pk"))
    summaries = alert_summaries(items=[(s.kind, s.filters) for s in subscriptions])
    return [
        ManagedSubscription(s, summary, list_url(kind=s.kind, filters=s.filters))
        for s, summary in zip(subscriptions, summaries, strict=True)
    ]


def confirmation_expired(*, subscription: Subscription, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        subscription.status == SubscriptionStatus.PENDING
        and subscription.confirmation_expires_at() < now
    )


# --- Digests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestItem:
    entry: Measure | Event
    url: str  # absolute, in the subscriber's language


@dataclass(frozen=True)
class DigestContent:
    items: list[DigestItem]
    total: int
    list_url: str  # absolute: the list with the subscription's filters

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _new_measures(start: datetime, end: datetime) -> QuerySet[Measure]:
    return Measure.objects.filter(
        status=Status.PUBLISHED, first_published_at__gt=start, first_published_at__lte=end
    )


def _new_events(start: datetime, end: datetime, now: datetime) -> QuerySet[Event]:
    """Events first published in the period that are still ahead (or running)."""
    return Event.objects.filter(
        status=EventStatus.PUBLISHED,
        first_published_at__gt=start,
        first_published_at__lte=end,
        end__gte=now,
    )


def digest_content(
    *,
    subscription: Subscription,
    start: datetime,
    end: datetime,
    now: datetime | None = None,
) -> DigestContent:
    """What was published in (start, end] and matches the subscription's filters, with the
    list's filterset in SQL. Call with the subscriber's language active (titles, addresses).

    Stored filters that the list no longer understands (a theme was removed) match nothing:
    leaving one out would send more than the person asked for.
    """
    now = now or timezone.now()
    kind = AlertKind(subscription.kind)
    data = filters_querydict(subscription.filters)
    if kind == AlertKind.MEASURES:
        base = _new_measures(start, end)
    else:
        base = _new_events(start, end, now)
    filterset = _filterset(kind=kind, data=data, language=subscription.language, queryset=base)
    link = settings.SITE_URL + list_url(kind=kind, filters=subscription.filters)
    if not filterset.is_valid():
        return DigestContent(items=[], total=0, list_url=link)
    queryset = filterset.qs.order_by()
    if kind == AlertKind.MEASURES:
        ordered = queryset.select_related("organisation").order_by("first_published_at", "pk")
    else:
        ordered = queryset.select_related("organiser").order_by("start", "pk")
    entries = list(ordered[:DIGEST_LIMIT])
    total = len(entries) if len(entries) < DIGEST_LIMIT else queryset.count()
    items = [DigestItem(entry, settings.SITE_URL + entry.get_absolute_url()) for entry in entries]
    return DigestContent(items=items, total=total, list_url=link)
