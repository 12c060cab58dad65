"""Public pages of visitors without a session come from the shared cache, never stale."""

import pytest
from django.db import connection
from django.db.models import F

from events.models import Event
from next2met.pagecache import content_tables, content_version
from tests.events.factories import EventFactory
from tests.partners.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def organisation():
    return OrganisationFactory(
        slug="witeno-test", name_en="WITENO", description_en="<p>Science park</p>"
    )


def test_second_visit_is_served_from_the_cache(client, organisation, django_assert_max_num_queries):
    first = client.get("/en/partners/witeno-test/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(2):
        second = client.get("/en/partners/witeno-test/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # Headers added around the cache are on cached pages too.
    assert "frame-ancestors 'none'" in second["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"
    assert second["Content-Language"] == "en"


def test_languages_and_query_strings_are_stored_apart(client, organisation):
    client.get("/en/partners/witeno-test/")
    german = client.get("/de/partners/witeno-test/")
    assert german["X-Page-Cache"] == "miss"
    assert '<html lang="de"' in german.content.decode()
    assert client.get("/en/partners/?kind=university")["X-Page-Cache"] == "miss"
    assert client.get("/en/partners/?kind=university")["X-Page-Cache"] == "hit"


def test_a_change_of_content_shows_at_once(client, organisation):
    client.get("/en/partners/witeno-test/")
    organisation.description_en = "<p>Technology park by the Baltic Sea</p>"
    organisation.save()
    response = client.get("/en/partners/witeno-test/")
    assert response["X-Page-Cache"] == "miss"
    assert "Technology park by the Baltic Sea" in response.content.decode()


def test_seat_counter_updates_make_event_pages_fresh(client):
    event = EventFactory(slug="matchmaking-2027", capacity=10)
    before = client.get("/en/events/matchmaking-2027/").content.decode()
    assert "10 seats left" in before
    version = content_version()
    Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") + 1)
    assert content_version() > version
    after = client.get("/en/events/matchmaking-2027/")
    assert after["X-Page-Cache"] == "miss"
    assert "9 seats left" in after.content.decode()


def test_visitors_with_a_session_get_fresh_pages(client, organisation):
    client.get("/en/partners/witeno-test/")
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/en/partners/witeno-test/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_forms_with_a_csrf_token_are_never_stored(client):
    EventFactory(slug="workshop-2027")
    for _visit in range(2):
        response = client.get("/en/events/workshop-2027/register/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "csrfmiddlewaretoken" in response.content.decode()


def test_admin_and_error_pages_are_never_stored(client):
    assert "X-Page-Cache" not in client.get("/en/admin/login/")
    for _visit in range(2):
        assert "X-Page-Cache" not in client.get("/en/partners/no-such-partner/")


def test_every_content_table_raises_the_version():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE '%%_content_version'"
        )
        watched = {row[0] for row in cursor.fetchall()}
    tables = content_tables()
    assert "measures_measure" in tables and "partners_organisation" in tables
    assert "events_registration" not in tables
    assert set(tables) <= watched


def test_off_when_no_lifetime_is_set(client, organisation, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/en/partners/witeno-test/")
    assert "X-Page-Cache" not in client.get("/en/partners/witeno-test/")
