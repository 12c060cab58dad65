"""Measure lists for visitors without a session come from the shared cache, never stale; pages
that show free seats are never taken from it."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from django.utils.cache import get_cache_key

from events import services
from next2met.contentversion import content_version
from tests.events.factories import EventFactory, RegistrationFactory
from tests.measures.factories import MeasureFactory
from tests.partners.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/en/measures/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    assert "measures:index" in settings.PAGE_CACHE_VIEWS


@pytest.fixture
def measure():
    return MeasureFactory(slug="energy-advice", title_en="Energy advice for small firms")


def test_second_visit_is_served_from_the_cache(client, measure, django_assert_max_num_queries):
    first = client.get(LIST)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    # The content version and Django's two keys (the headers the page varies on, the page).
    with django_assert_max_num_queries(3):
        second = client.get(LIST)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Energy advice for small firms" in second.content.decode()
    assert second["Content-Type"] == first["Content-Type"]
    # Headers added around the cache are on cached pages too.
    assert "frame-ancestors 'none'" in second["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"
    assert second["Content-Language"] == "en"


def test_pages_are_stored_under_djangos_cache_keys(client, measure):
    client.get(LIST + "?country=PL")
    request = RequestFactory().get(LIST + "?country=PL")
    with translation.override("en"):
        key = get_cache_key(request, f"page:{content_version()}", "GET", cache=cache)
    stored = cache.get(key)
    assert isinstance(stored, HttpResponse)
    assert stored.status_code == 200


def test_browsers_are_not_told_to_keep_pages(client, measure):
    for _visit in range(2):
        response = client.get(LIST)
        assert "max-age" not in response.get("Cache-Control", "")
        assert not response.has_header("Expires")


def test_languages_and_query_strings_are_stored_apart(client, measure):
    client.get(LIST)
    german = client.get("/de/measures/")
    assert german["X-Page-Cache"] == "miss"
    assert '<html lang="de"' in german.content.decode()
    assert client.get(LIST + "?sort=title")["X-Page-Cache"] == "miss"
    assert client.get(LIST + "?sort=title")["X-Page-Cache"] == "hit"


def test_a_change_of_content_shows_at_once(client, measure):
    client.get(LIST)
    measure.title_en = "Broadband advice for villages"
    measure.save()
    response = client.get(LIST)
    assert response["X-Page-Cache"] == "miss"
    assert "Broadband advice for villages" in response.content.decode()


def test_taking_a_seat_leaves_cached_lists_alone_and_shows_on_event_pages_at_once(client, measure):
    event = EventFactory(slug="matchmaking-2027", capacity=10)
    registration = RegistrationFactory(event=event)
    client.get(LIST)
    for _visit in range(2):
        detail = client.get("/en/events/matchmaking-2027/")
        assert "10 seats left" in detail.content.decode()
        assert "X-Page-Cache" not in detail
    assert "10 seats left" in client.get("/en/events/").content.decode()

    version = content_version()
    services.registration_confirm(registration=registration)

    assert content_version() == version
    assert client.get(LIST)["X-Page-Cache"] == "hit"
    assert "9 seats left" in client.get("/en/events/matchmaking-2027/").content.decode()
    assert "9 seats left" in client.get("/en/events/").content.decode()


def test_a_full_event_offers_the_waiting_list_at_once(client):
    event = EventFactory(slug="study-visit-2027", capacity=1)
    registration = RegistrationFactory(event=event)
    client.get("/en/events/study-visit-2027/")
    services.registration_confirm(registration=registration)
    content = client.get("/en/events/study-visit-2027/").content.decode()
    assert "The event is full: you can join the waiting list." in content
    assert "Join the waiting list" in content


def test_visitors_with_a_session_get_fresh_pages(client, measure):
    client.get(LIST)
    client.force_login(UserFactory(is_staff=True))
    response = client.get(LIST)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


@pytest.mark.parametrize("path", ["/en/", "/de/measures/", "/pl/partners/"])
def test_home_and_lists_are_cached(client, measure, path):
    assert client.get(path)["X-Page-Cache"] == "miss"
    assert client.get(path)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "path",
    ["/en/measures/energy-advice/", "/en/partners/{organisation}/", "/en/events/", "/en/events/x/"],
)
def test_detail_and_event_pages_are_not_cached(client, measure, path):
    EventFactory(slug="x")
    path = path.format(organisation=measure.organisation.slug)
    for _visit in range(2):
        response = client.get(path)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


def test_forms_with_a_csrf_token_are_never_stored(client, settings):
    settings.PAGE_CACHE_VIEWS = [*settings.PAGE_CACHE_VIEWS, "events:register"]
    EventFactory(slug="workshop-2027")
    for _visit in range(2):
        response = client.get("/en/events/workshop-2027/register/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "csrfmiddlewaretoken" in response.content.decode()


def test_error_pages_are_never_stored(client):
    for _visit in range(2):
        response = client.get(LIST + "?page=1000")
        assert response.status_code == 404
        assert "X-Page-Cache" not in response


def test_off_when_no_lifetime_is_set(client, measure, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(LIST)
    assert "X-Page-Cache" not in client.get(LIST)
