"""Subscribing from a list: the filters checked and stored, the form's guards, duplicates."""

import html

import pytest
from django.core.cache import cache
from django.utils import translation
from post_office.models import Email

from alerts.emails import REFERENCE_HEADER
from alerts.models import AlertKind, Subscription, SubscriptionStatus
from core.models import RateCounter
from tests.alerts.factories import SubscriptionFactory, subscribe_data
from tests.events.factories import EventFactory
from tests.measures.factories import MeasureFactory, ThemeFactory
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

FILTERED = "/en/alerts/measures/?theme=energy&country=PL&q=klaster&sort=title&page=2"


@pytest.fixture
def energy():
    return ThemeFactory(slug="energy", name_en="Energy", name_de="Energie", name_pl="Energia")


def page(response) -> str:
    return html.unescape(response.content.decode())


def test_list_pages_link_the_subscription_with_their_filters(client, energy):
    MeasureFactory(themes=[energy], country="PL")
    response = client.get("/en/measures/?theme=energy&country=PL&sort=title")
    assert response.status_code == 200
    assert 'href="/en/alerts/measures/?theme=energy&amp;country=PL"' in response.content.decode()
    assert "Tell me about new measures like these" in page(response)

    organiser = OrganisationFactory(slug="witeno")
    EventFactory(organiser=organiser, kind="workshop")
    response = client.get("/en/events/?kind=workshop")
    assert 'href="/en/alerts/events/?kind=workshop"' in response.content.decode()
    assert "Tell me about new events like these" in page(response)


def test_page_says_in_words_what_the_alert_contains(client, energy):
    response = client.get(FILTERED)
    assert response.status_code == 200
    text = page(response)
    assert "Search: “klaster”" in text
    assert "Theme: Energy" in text
    assert "Country: Poland" in text
    # The form posts the cleaned filters, without page and sort.
    assert 'action="/en/alerts/measures/?country=PL&amp;q=klaster&amp;theme=energy"' in (
        response.content.decode()
    )
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]


def test_summary_is_in_the_page_language(client, energy):
    text = page(client.get(FILTERED.replace("/en/", "/pl/")))
    with translation.override("pl"):
        assert f"{translation.gettext('Theme')}: Energia" in text
        assert f"{translation.gettext('Country')}: Polska" in text


def test_valid_subscription_stores_cleaned_filters_language_and_queues_the_link(client, energy):
    response = client.post(FILTERED.replace("/en/", "/pl/"), subscribe_data(frequency="daily"))
    assert response.status_code == 302
    assert response["Location"] == "/pl/alerts/measures/sent/"
    subscription = Subscription.objects.get()
    assert subscription.filters == {"country": ["PL"], "q": ["klaster"], "theme": ["energy"]}
    assert (subscription.kind, subscription.frequency, subscription.language) == (
        AlertKind.MEASURES,
        "daily",
        "pl",
    )
    assert subscription.status == SubscriptionStatus.PENDING
    email = Email.objects.get()
    assert email.to == ["zofia@example.org"]
    assert email.headers[REFERENCE_HEADER] == str(subscription.pk)
    assert "/pl/alerts/manage/" in email.message
    assert "List-Unsubscribe" in email.headers
    sent = client.get(response["Location"])
    assert sent.status_code == 200


def test_events_alert_with_an_organiser_that_has_no_events_yet(client):
    OrganisationFactory(slug="witeno", name_en="WITENO GmbH")
    response = client.get("/en/alerts/events/?organiser=witeno&format=online")
    assert response.status_code == 200
    assert "Organiser: WITENO GmbH" in page(response)
    client.post("/en/alerts/events/?organiser=witeno&format=online", subscribe_data())
    subscription = Subscription.objects.get()
    assert subscription.kind == AlertKind.EVENTS
    assert subscription.filters == {"format": ["online"], "organiser": ["witeno"]}


def test_honeypot_is_answered_like_a_success_but_stores_nothing(client, energy):
    response = client.post(FILTERED, subscribe_data(homepage="http://spam.example"))
    assert response.status_code == 302
    assert not Subscription.objects.exists()
    assert not Email.objects.exists()


def test_missing_consent_and_bad_address_show_the_form_again(client, energy):
    response = client.post(FILTERED, subscribe_data(email="not an address", consent=None))
    assert response.status_code == 200
    text = page(response)
    assert 'id="error-summary"' in text
    assert 'href="#id_email"' in text
    assert "Please agree to the privacy notice to subscribe." in text
    assert 'value="not an address"' in text
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "email",
    [
        "a" * 250 + "@example.org",
        "<script>alert(1)</script>@example.org",
        "zofia@example.org\r\nBcc: victim@example.org",
        "zofia\u202e@example.org",
        "zofia@example.org, other@example.org",
        "\x00@example.org",
    ],
)
def test_hostile_or_overlong_addresses_are_refused_with_a_message(client, energy, email):
    response = client.post(FILTERED, subscribe_data(email=email))
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Subscription.objects.exists()


def test_tampered_frequency_and_form_start_are_refused(client, energy):
    response = client.post(FILTERED, subscribe_data(frequency="hourly", started="forged"))
    assert response.status_code == 200
    text = page(response)
    assert 'href="#id_frequency_0"' in text
    assert "The form could not be checked. Please send it again." in text
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "theme=unknown-theme",
        "country=XX",
        "year_from=abc",
        "year_to=99999",
        "kind=teleportation",
        "organisation=%3Cscript%3E",
        "q=" + "x" * 300,
        "region=de80&region=..",
        "state=sometimes",
    ],
)
def test_filters_the_list_does_not_understand_give_a_clear_message(client, energy, query):
    response = client.get(f"/en/alerts/measures/?{query}")
    assert response.status_code == 200
    text = page(response)
    assert "Some of the filters in this address could not be understood" in text
    assert '<form method="post"' not in text
    assert "<script>" not in response.content.decode()
    # Nor can the form be sent to such an address.
    response = client.post(f"/en/alerts/measures/?{query}", subscribe_data())
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_unknown_organiser_of_the_events_list_gives_a_clear_message(client):
    response = client.get("/en/alerts/events/?organiser=nobody&kind=workshop")
    assert response.status_code == 200
    assert "could not be understood" in page(response)


def test_unknown_kind_of_alert_is_not_found(client):
    assert client.get("/en/alerts/partners/").status_code == 404
    assert client.get("/en/alerts/partners/sent/").status_code == 404


def test_the_same_filters_in_another_order_and_spelling_are_one_subscription(
    client, energy, settings
):
    settings.ALERTS_RESEND_LIMIT = 2
    client.post("/en/alerts/measures/?theme=energy&country=PL", subscribe_data())
    for _attempt in range(4):
        response = client.post(
            "/en/alerts/measures/?country=PL&theme=energy&theme=energy&page=3",
            subscribe_data(email=" Zofia@Example.org "),
        )
        assert response.status_code == 302
    assert Subscription.objects.count() == 1
    # The link, then its repeats up to the limit per hour.
    assert Email.objects.count() == 1 + 2


def test_subscribing_again_to_a_confirmed_alert_changes_nothing(client, energy):
    subscription = SubscriptionFactory(
        email="zofia@example.org", filters={"theme": ["energy"]}, frequency="weekly"
    )
    client.post("/en/alerts/measures/?theme=energy", subscribe_data(frequency="daily"))
    subscription.refresh_from_db()
    assert (subscription.status, subscription.frequency) == ("confirmed", "weekly")
    email = Email.objects.get()
    assert email.subject == "You already receive this alert"


def test_rate_limit_refuses_with_429_and_keeps_the_entries(client, energy, settings):
    settings.ALERTS_RATE_LIMIT = 2
    for number in range(2):
        response = client.post(FILTERED, subscribe_data(email=f"p{number}@example.org"))
        assert response.status_code == 302
    response = client.post(FILTERED, subscribe_data(email="third@example.org"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    text = page(response)
    assert "Too many requests" in text
    assert 'value="third@example.org"' in text
    assert Subscription.objects.count() == 2
    # Its own counters, not the registration form's.
    keys = set(RateCounter.objects.values_list("key", flat=True))
    scopes = {key.rsplit(":", 1)[0] for key in keys}
    assert scopes == {"alerts:subscribe", "alerts:subscribe:attempt"}


def test_a_flood_of_invalid_forms_meets_the_ceiling(client, energy, settings):
    settings.ALERTS_RATE_LIMIT_ATTEMPTS = 3
    for _attempt in range(3):
        assert client.post(FILTERED, subscribe_data(email="bad")).status_code == 200
    assert client.post(FILTERED, subscribe_data()).status_code == 429
    assert not Subscription.objects.exists()


def test_subscribe_page_is_never_served_from_the_page_cache(client, energy, settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    for _attempt in range(2):
        response = client.get(FILTERED)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


def test_subscribe_page_is_not_in_the_sitemaps(client, energy):
    index = client.get("/sitemap.xml").content.decode()
    for section in index.split("<loc>")[1:]:
        url = section.split("</loc>")[0]
        path = url.split("://", 1)[-1].split("/", 1)[-1]
        assert "alerts" not in client.get(f"/{path}").content.decode()


def test_subscribe_page_query_count(client, energy, django_assert_max_num_queries):
    OrganisationFactory(slug="witeno")
    with django_assert_max_num_queries(8):
        response = client.get(
            "/en/alerts/measures/?theme=energy&organisation=witeno&region=DE80&project=abc&q=x"
        )
    assert response.status_code == 200
