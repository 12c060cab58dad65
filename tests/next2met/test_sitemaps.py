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
