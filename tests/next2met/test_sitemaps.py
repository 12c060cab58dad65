"""The sitemap lists events in every language with their alternates, drafts left out."""

import pytest

from events.models import EventStatus
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_events_are_in_the_sitemap_in_every_language(client):
    EventFactory(slug="matchmaking-2027")
    EventFactory(slug="draft-event", status=EventStatus.DRAFT)
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-events.xml" in index
    body = client.get("/sitemap-events.xml").content.decode()
    for language in ("de", "en", "pl"):
        assert f"<loc>http://testserver/{language}/events/matchmaking-2027/</loc>" in body
        assert (
            f'hreflang="{language}" href="http://testserver/{language}/events/matchmaking-2027/"'
            in body
        )
    assert 'hreflang="x-default"' in body
    assert "draft-event" not in body


def test_events_sitemap_pages_through_the_database(
    client, monkeypatch, django_assert_max_num_queries
):
    from events.sitemaps import EventSitemap

    EventFactory.create_batch(5)
    monkeypatch.setattr(EventSitemap, "limit", 4)  # 5 events × 3 languages: 4 pages
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-events.xml?p=4" in index
    assert "sitemap-events.xml?p=5" not in index
    locations = []
    for page in range(1, 5):
        with django_assert_max_num_queries(3):  # a count and one page of rows
            body = client.get(f"/sitemap-events.xml?p={page}").content.decode()
        assert "<lastmod>" in body
        locations += [part.split("</loc>")[0] for part in body.split("<loc>")[1:]]
    assert len(locations) == len(set(locations)) == 15
    assert client.get("/sitemap-events.xml?p=5").status_code == 404
