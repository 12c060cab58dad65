"""The Atom feed of new measures follows the list's filters and search."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from core.workflow import Status
from tests.measures.factories import MeasureFactory, ThemeFactory

pytestmark = pytest.mark.django_db
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def feed(client, language="en", **params):
    with translation.override(language):
        address = reverse("measures:feed")
    response = client.get(address, params)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def entry_links(document) -> list[str]:
    return [
        entry.find("atom:link", ATOM).get("href").rstrip("/").rsplit("/", 1)[-1]
        for entry in document.findall("atom:entry", ATOM)
    ]


@pytest.fixture
def measures():
    energy, health = ThemeFactory(slug="energy"), ThemeFactory(slug="health")
    MeasureFactory(slug="solar", title_en="Solar cooperatives", themes=[energy])
    MeasureFactory(slug="clinic", title_en="Telemedicine for villages", themes=[health])
    MeasureFactory(slug="draft-solar", title_en="Solar draft", themes=[energy], status=Status.DRAFT)


def test_feed_without_filters_lists_every_published_measure(client, measures):
    assert sorted(entry_links(feed(client))) == ["clinic", "solar"]


def test_feed_follows_the_theme_filter(client, measures):
    document = feed(client, theme="energy")
    assert entry_links(document) == ["solar"]
    self_link = [link.get("href") for link in document.findall("atom:link", ATOM)]
    assert any("feed.atom?theme=energy" in href for href in self_link)


def test_feed_follows_the_search(client, measures):
    assert entry_links(feed(client, q="telemedicine")) == ["clinic"]
    assert entry_links(feed(client, q="cooperatives")) == ["solar"]


def test_feed_with_a_filter_that_matches_nothing_is_empty(client, measures):
    assert entry_links(feed(client, theme="energy", q="telemedicine")) == []


def test_feed_runs_a_fixed_number_of_queries(client, measures, django_assert_max_num_queries):
    MeasureFactory.create_batch(8, themes=[ThemeFactory(slug="energy")])
    with django_assert_max_num_queries(3):  # themes, target groups, the items
        document = feed(client, theme="energy")
    assert len(entry_links(document)) == 9


def test_list_links_its_feed_with_the_current_filters(client, measures):
    with translation.override("en"):
        address = reverse("measures:index")
    content = client.get(address, {"theme": "energy", "q": "solar", "page": "1"}).content.decode()
    assert "/en/measures/feed.atom?q=solar&amp;theme=energy" in content or (
        "/en/measures/feed.atom?theme=energy&amp;q=solar" in content
    )
    assert "/en/measures/export.csv?" in content
