"""The order the measure list promises, written with the ORM as the database sorts it: the
oracle that the facet index's pages are checked against."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQueryField, SearchRank
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from measures import selectors
from measures.models import Measure
from measures.search import parse_query, search_condition, tsquery_sql


def _matches(vector, query) -> Q:
    return Q(
        Func(
            vector,
            query,
            template="(%(expressions)s)",
            arg_joiner=" @@ ",
            output_field=BooleanField(),
        )
    )


def relevance_ordering(text: str, language: str) -> list:
    """The order by relevance written with the ORM over the measures' own ranking vectors:
    title matches (2), title and summary matches (1), the rest (0); rank; newest; id."""
    query = RawSQL(*tsquery_sql(parse_query(text), language), output_field=SearchQueryField())
    rank = F(f"rank_{language}")
    title = Func(rank, Value("{a}"), function="ts_filter", output_field=SearchQueryField())
    tier = Case(
        When(_matches(title, query), then=Value(2)),
        When(_matches(rank, query), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return [
        tier.desc(),
        SearchRank(rank, query).desc(nulls_last=True),
        F("first_published_at").desc(nulls_last=True),
        F("pk").desc(),
    ]


def database_order(
    language: str, sort: str, query: str = "", queryset: QuerySet | None = None
) -> list[str]:
    """Slugs of the published measures (or of `queryset`) in the order the list promises,
    as the database sorts them."""
    queryset = Measure.objects.published() if queryset is None else queryset
    if query:
        queryset = queryset.filter(search_condition(query, language))
    if sort == selectors.Sort.TITLE:
        ordering = [F(f"sort_title_{language}").asc(), F("pk").asc()]
    elif sort == selectors.Sort.RELEVANCE:
        ordering = relevance_ordering(query, language)
    else:
        ordering = [F("first_published_at").desc(nulls_last=True), F("pk").desc()]
    return list(queryset.order_by(*ordering).values_list("slug", flat=True))
