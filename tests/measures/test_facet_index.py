"""The in-process index of the published measures: pages in the database's order, reuse while
the content stays the same, a fresh read after any change, and never a stale index after a
rolled-back change."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from measures import facetindex, selectors
from measures.models import Measure
from next2met.contentversion import content_version
from tests.measures.factories import MeasureFactory, ThemeFactory
from tests.measures.ordering import database_order
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

# Titles whose order differs by language (German and Polish letters, case, digits), so that a
# wrong order or a page cut in the wrong place shows.
TITLES = [
    ("Zukunft der Dörfer", "Future of villages", "Przyszłość wsi"),
    ("Äpfel und Birnen", "Apples and pears", "Łąki i pola"),
    ("apfelbaum digital", "apple tree online", "łódź cyfrowa"),
    ("Österreichs Wege", "Austrian ways", "Ścieżki austriackie"),
    ("Bürgerportal", "Citizens' portal", "Portal obywatelski"),
    ("10 Ideen", "10 ideas", "10 pomysłów"),
    ("2 Wege", "2 ways", "2 drogi"),
]


@pytest.fixture
def many():
    """25 published measures (two pages) with varied titles and publication times, and drafts."""
    theme = ThemeFactory(slug="energy")
    organisation = OrganisationFactory(slug="witeno")
    start = timezone.now() - datetime.timedelta(days=100)
    for number in range(25):
        de, en, pl = TITLES[number % len(TITLES)]
        MeasureFactory(
            slug=f"m{number:02d}",
            organisation=organisation,
            themes=[theme],
            title_de=f"{de} {number % 4}",
            title_en=f"{en} {number % 3}",
            title_pl=f"{pl} {number % 5}",
            summary_en="A cluster of firms." if number % 2 else "A network.",
            # Some share a publication time: the id decides among them.
            first_published_at=start + datetime.timedelta(days=number // 3),
        )
    MeasureFactory(slug="draft", organisation=organisation, status="draft")


@pytest.mark.parametrize("language", ["de", "en", "pl"])
@pytest.mark.parametrize(
    ("sort", "query"),
    [("newest", ""), ("title", ""), ("relevance", "cluster"), ("title", "cluster")],
)
def test_every_page_lists_the_measures_in_the_databases_order(many, language, sort, query):
    expected = database_order(language, sort, query)
    listed = []
    for page in (1, 2):
        data = QueryDict(mutable=True)
        data.update({"sort": sort, "page": str(page)})
        if query:
            data["q"] = query
        listing = selectors.measure_list(data=data, language=language, page=str(page))
        if listing is None:
            break
        listed += [measure.slug for measure in listing.measures]
    assert listed == expected
    assert "draft" not in listed


def test_the_index_is_read_once_and_reused_until_content_changes(many, client):
    facetindex.forget_index()
    with CaptureQueriesContext(connection) as first:
        client.get("/en/measures/")
    with CaptureQueriesContext(connection) as second:
        client.get("/en/measures/")
    reads = [q["sql"] for q in first.captured_queries if "int4send" in q["sql"]]
    assert len(reads) == 1
    # The content version and the page's measures.
    assert len(second.captured_queries) == 2
    assert not [q for q in second.captured_queries if "int4send" in q["sql"]]

    # A new measure (any writer) raises the content version: the next request reads anew.
    MeasureFactory(slug="newest-one", organisation=Measure.objects.first().organisation)
    response = client.get("/en/measures/")
    assert response.context["listing"].total == 26
    assert response.context["listing"].measures[0].slug == "newest-one"


def test_a_rolled_back_change_never_leaves_its_index_behind(many):
    organisation = Measure.objects.first().organisation
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        MeasureFactory(slug="rolled-back", organisation=organisation)
        rolled_back = content_version()
        # The index of the rolled-back content is built and held by this process …
        assert "rolled-back" in [
            m.slug for m in selectors.measure_list(data=QueryDict(), language="en").measures
        ]
        raise RuntimeError
    assert content_version() == before
    # … and a different change afterwards gets a version of its own, never the same number.
    MeasureFactory(slug="kept", organisation=organisation)
    assert content_version() not in (before, rolled_back)
    slugs = [m.slug for m in selectors.measure_list(data=QueryDict(), language="en").measures]
    assert "kept" in slugs
    assert "rolled-back" not in slugs


def test_an_empty_database_gives_an_empty_index():
    index = facetindex.read_index()
    assert index.size == 0
    listing = selectors.measure_list(data=QueryDict("q=cluster&sort=title"), language="pl")
    assert listing.total == 0
    assert listing.measures == []


@given(
    ids=st.sets(st.integers(1, 3_000_000), max_size=60),
    others=st.lists(st.integers(-5, 3_000_005), max_size=30),
    data=st.data(),
)
def test_rows_of_finds_every_id_in_order_whether_ids_are_dense_or_sparse(ids, others, data):
    ordered = np.array(sorted(ids), dtype=np.int64)
    known = data.draw(st.lists(st.sampled_from(sorted(ids)), max_size=30)) if ids else []
    wanted = data.draw(st.permutations(known + others))
    position = {pk: row for row, pk in enumerate(ordered.tolist())}
    expected = [position[pk] for pk in wanted if pk in position]
    assert facetindex.rows_of(ordered, np.array(wanted, dtype=np.int64)).tolist() == expected
    dense = np.arange(1, len(ids) + 1, dtype=np.int64)
    assert facetindex.rows_of(dense, dense[::-1]).tolist() == list(range(len(ids)))[::-1]
