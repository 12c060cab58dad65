"""Reads of the measures app: the faceted list and the detail page.

Public reads only see published measures. Every function runs a fixed number of queries
whatever the number of rows (tests pin the numbers). Facet counting lives in
`measures.facets`, the open-data exports in `measures.exports`, the section of the partner
pages in `measures.sections`.

Selectors return models, querysets or the small result types below and answer "not found"
with None: the views decide what a visitor sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import F, Prefetch, QuerySet
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.facets import Chip, Facet, facet_chips, facets_build, query_string
from core.languages import fallback_language, language_code, language_codes, search_configuration
from core.workflow import Level, Status
from measures.facets import facet_counts_cached
from measures.filters import MeasureFilterSet
from measures.models import RICH_TEXT_FIELDS, Inspiration, Measure, TargetGroup, Theme
from measures.search import search_query, title_first
from partners.models import Organisation
from partners.roles import user_level

PER_PAGE = 20
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    TITLE = "title"
    CHOICES = (
        (RELEVANCE, gettext_lazy("Relevance")),
        (NEWEST, gettext_lazy("Newest first")),
        (TITLE, gettext_lazy("Title A–Z")),
    )


def deferred_fields() -> list[str]:
    """Columns a list or card never shows: long texts in every language, search columns."""
    names = [f"{name}_{code}" for name in RICH_TEXT_FIELDS for code in language_codes()]
    names += list(RICH_TEXT_FIELDS)
    for prefix in ("search", "rank", "sort_title"):
        names += [f"{prefix}_{code}" for code in language_codes()]
    return names


def published_measures() -> QuerySet[Measure]:
    return Measure.objects.published()


def newest_first(queryset: QuerySet[Measure]) -> QuerySet[Measure]:
    return queryset.order_by(F("first_published_at").desc(nulls_last=True), "-pk")


def vocabularies() -> tuple[list[Theme], list[TargetGroup]]:
    """Themes and target groups."""
    return list(Theme.objects.all()), list(TargetGroup.objects.all())


# --- The list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureCard:
    """A measure as the list shows it."""

    measure: Measure
    themes: list[Theme]
    snippet: SafeString | None = None  # the summary with the searched words marked


@dataclass(frozen=True)
class MeasureListing:
    filterset: MeasureFilterSet
    page: Page  # of MeasureCards
    page_numbers: list  # the page numbers to link to, with Paginator.ELLIPSIS for gaps
    facets: list[Facet]
    chips: list[Chip]
    total: int
    query: str
    sort: str
    sort_choices: list[tuple[str, str]]
    errors: list[str]
    year_range: tuple[int | None, int | None]

    @property
    def cards(self) -> list[MeasureCard]:
        return self.page.object_list

    @property
    def measures(self) -> list[Measure]:
        return [card.measure for card in self.cards]

    @property
    def is_filtered(self) -> bool:
        return bool(self.chips)


class KnownCountPaginator(Paginator):
    """A paginator that takes the number of results from the facet query."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


def measure_list(
    *, data: QueryDict, language: str, page: str | None = None
) -> MeasureListing | None:
    """Published measures filtered, searched, sorted and paginated as `data` (GET) asks.

    None for a page number that does not exist.
    """
    language = language_code(language)
    themes, target_groups = vocabularies()
    filterset = MeasureFilterSet(
        data=data,
        queryset=published_measures(),
        language=language,
        themes=themes,
        target_groups=target_groups,
    )
    values = filterset.values
    query = values.get("q", "")
    errors = [
        f"{filterset.form.fields[name].label}: {' '.join(messages)}"
        for name, messages in filterset.form.errors.items()
    ]
    sort = data.get("sort", "")
    sort_choices = [(v, str(label)) for v, label in Sort.CHOICES if query or v != Sort.RELEVANCE]
    if sort not in dict(sort_choices):
        sort = Sort.RELEVANCE if query else Sort.NEWEST

    counts = facet_counts_cached(
        filterset=filterset, language=language, themes=themes, target_groups=target_groups
    )
    facets = [
        facet
        for facet in facets_build(filterset=filterset, counts=counts.facets, data=data)
        if facet.values
    ]
    chips = facet_chips(facets)
    if query:
        chips.insert(0, Chip(_("Search: %(query)s") % {"query": query}, query_string(data, q=None)))
    for name in ("year_from", "year_to"):
        if name in values:
            label = filterset.form.fields[name].label
            chips.append(Chip(f"{label}: {int(values[name])}", query_string(data, **{name: None})))

    paginator = KnownCountPaginator([], PER_PAGE, count=counts.total)
    try:
        number = paginator.validate_number(page or 1)
    except (PageNotAnInteger, EmptyPage):
        return None
    measures = _page_rows(filterset.qs, language, query, sort, (number - 1) * PER_PAGE)
    theme_by_id = {theme.pk: theme for theme in themes}
    cards = [
        MeasureCard(
            measure=measure,
            themes=[theme_by_id[pk] for pk in measure.theme_ids if pk in theme_by_id],
            snippet=snippet,
        )
        for measure, snippet in measures
    ]
    return MeasureListing(
        filterset=filterset,
        page=Page(cards, number, paginator),
        page_numbers=list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)),
        facets=facets,
        chips=chips,
        total=counts.total,
        query=query,
        sort=sort,
        sort_choices=sort_choices,
        errors=errors,
        year_range=counts.years,
    )


def _page_rows(
    queryset, language: str, query: str, sort: str, offset: int
) -> list[tuple[Measure, SafeString | None]]:
    """The measures of one page, each with its snippet when searching."""
    rows = queryset.select_related("organisation").defer(*deferred_fields())
    if sort == Sort.RELEVANCE and query:
        rank = SearchRank(F(f"rank_{language}"), search_query(query, language))
        ordering = [
            title_first(query, language).desc(),
            rank.desc(nulls_last=True),
            F("first_published_at").desc(nulls_last=True),
            F("pk").desc(),
        ]
    elif sort == Sort.TITLE:
        ordering = [F(f"sort_title_{language}").asc(), F("pk").asc()]
    else:
        ordering = [F("first_published_at").desc(nulls_last=True), F("pk").desc()]
    if not query:
        return [(measure, None) for measure in rows.order_by(*ordering)[offset : offset + PER_PAGE]]
    # Snippets for this page only: ts_headline is costly and needs just these rows, so the
    # page is chosen in a subquery and only its rows get a headline (one statement).
    page_ids = queryset.order_by(*ordering).values("pk")[offset : offset + PER_PAGE]
    headline = SearchHeadline(
        f"summary_{language}",
        search_query(query, language),
        config=search_configuration(language),
        start_sel=HIGHLIGHT_START,
        stop_sel=HIGHLIGHT_STOP,
        highlight_all=True,
    )
    measures = (
        Measure.objects.filter(pk__in=page_ids)
        .select_related("organisation")
        .defer(*deferred_fields())
        .annotate(raw_headline=headline)
        .order_by(*ordering)
    )
    return [(measure, highlight(measure.raw_headline)) for measure in measures]


def highlight(text: str | None) -> SafeString:
    """Escape a headline, then turn its markers into <mark> elements."""
    escaped = escape(text or "")
    if HIGHLIGHT_START not in escaped:
        return mark_safe(escaped)  # noqa: S308 (escaped above)
    return mark_safe(  # noqa: S308 (escaped above; only the markers become tags)
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


def measure_feed_items(*, limit: int = 30) -> QuerySet[Measure]:
    """The newest published measures (the Atom feed, the home page)."""
    queryset = published_measures().select_related("organisation").defer(*deferred_fields())
    return newest_first(queryset)[:limit]


# --- Detail -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A text section of a measure's page."""

    key: str
    heading: str | Promise
    html: str  # sanitised when saved (measures.services)
    language: str | None  # the language it is shown in, when not the requested one


SECTION_HEADINGS = (
    ("description", gettext_lazy("What was done")),
    ("challenge", gettext_lazy("The challenge")),
    ("results", gettext_lazy("Results and evidence of success")),
    ("resources_needed", gettext_lazy("Resources needed")),
    ("difficulties", gettext_lazy("Difficulties encountered")),
    ("transfer_potential", gettext_lazy("Potential for transfer")),
)


def measure_detail_queryset() -> QuerySet[Measure]:
    """Measures with what their page shows, in a fixed number of queries."""
    published_sources = Inspiration.objects.filter(source__status=Status.PUBLISHED)
    published_targets = Inspiration.objects.filter(measure__status=Status.PUBLISHED)
    return (
        Measure.objects.select_related("organisation", "region", "source_project")
        .defer(*[f"{prefix}_{code}" for prefix in ("search", "rank") for code in language_codes()])
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.all()),
            Prefetch("target_groups", queryset=TargetGroup.objects.all()),
            Prefetch(
                "stakeholders",
                queryset=Organisation.objects.published().order_by("name"),
                to_attr="published_stakeholders",
            ),
            Prefetch(
                "inspirations_received",
                queryset=published_sources.select_related("source").only(
                    *_inspiration_fields("source")
                ),
                to_attr="sources",
            ),
            Prefetch(
                "inspirations_given",
                queryset=published_targets.select_related("measure").only(
                    *_inspiration_fields("measure")
                ),
                to_attr="followers",
            ),
        )
    )


def _inspiration_fields(relation: str) -> list[str]:
    fields = ["id", "measure_id", "source_id", "note", *[f"note_{c}" for c in language_codes()]]
    fields += [f"{relation}__slug", f"{relation}__status", f"{relation}__title"]
    fields += [f"{relation}__title_{c}" for c in language_codes()]
    fields += [f"{relation}__{c}" for c in ("country",)]
    return fields


def measure_detail(*, slug: str, user) -> Measure | None:
    """The measure with this slug as its page shows it: published, or a draft for the staff
    who may edit it (a preview); None when there is none the user may see."""
    measure = measure_detail_queryset().filter(slug=slug).first()
    if measure is None:
        return None
    if measure.status != Status.PUBLISHED and (
        user_level(user, measure.organisation_id) < Level.EDITOR
    ):
        return None
    return measure


def measure_related(*, measure: Measure, limit: int = 4) -> list[Measure]:
    """The newest published measures that share a theme with this one."""
    if not measure.theme_ids:
        return []
    queryset = (
        published_measures()
        .filter(theme_ids__overlap=list(measure.theme_ids))
        .exclude(pk=measure.pk)
        .select_related("organisation")
        .defer(*deferred_fields())
    )
    return list(newest_first(queryset)[:limit])


def measure_presentations(*, measure: Measure, limit: int = 10) -> list:
    """Public events at which the measure was presented, latest first (one query)."""
    return list(measure.events.published().order_by("-start")[:limit])


def measure_sections(*, measure: Measure, fallbacks: dict[str, str]) -> list[Section]:
    """The text sections of a measure's page that have content."""
    return [
        Section(key=key, heading=heading, html=getattr(measure, key), language=fallbacks.get(key))
        for key, heading in SECTION_HEADINGS
        if getattr(measure, key)
    ]


def measure_fallbacks(*, measure: Measure, language: str) -> dict[str, str]:
    """Translated fields shown in another language than the requested one: field → code."""
    language = language_code(language)
    fallbacks = {}
    for name in ("title", "summary", *RICH_TEXT_FIELDS, "image_alt"):
        code = fallback_language(measure, name, language)
        if code:
            fallbacks[name] = code
    return fallbacks
