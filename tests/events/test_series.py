"""Series of events: the public page, one form for several events, one e-mail and one link that
confirms them all, the list's filter, the calendar feed, the sitemap, the admin and the demo."""

from __future__ import annotations

import datetime
import html
import io
import json
import re
from collections import Counter

import pytest
from django.core.management.color import no_style
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from post_office.models import Email

from events import selectors, services
from events import series as series_services
from events.emails import REFERENCE_HEADER
from events.models import (
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
    Series,
    SeriesSubmission,
)
from reviews.services import revision_of
from tests.events.factories import EventFactory, RegistrationFactory, in_days, manage_token
from tests.events.helpers import event_form_data, registration_data
from tests.events.mailbox import deliver
from tests.events.test_concurrency import run_at_once
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SLUG = "pl-de-cooperation"
TITLES = {
    "en": "Development of Polish-German cross-border cooperation",
    "de": "Entwicklung der deutsch-polnischen grenzüberschreitenden Zusammenarbeit",
    "pl": "Rozwój polsko-niemieckiej współpracy transgranicznej",
}


def make_series(organiser=None, *, slug=SLUG, description_en="Four online meetings.", **extra):
    return Series.objects.create(
        slug=slug,
        organiser=organiser or OrganisationFactory(),
        title_en=TITLES["en"],
        title_de=TITLES["de"],
        title_pl=TITLES["pl"],
        description_en=description_en,
        **extra,
    )


@pytest.fixture
def series():
    return make_series()


@pytest.fixture
def two_events(series):
    first = EventFactory(
        series=series,
        organiser=series.organiser,
        title_en="Let's get to know each other",
        title_pl="Poznajmy się",
        kind=EventKind.MATCHMAKING,
        start=in_days(20),
        end=in_days(20) + datetime.timedelta(hours=2),
    )
    second = EventFactory(
        series=series,
        organiser=series.organiser,
        title_en="Designing cross-border services",
        title_pl="Projektowanie usług transgranicznych",
        start=in_days(40),
        end=in_days(40) + datetime.timedelta(hours=2),
    )
    return first, second


def series_url(series, language="en") -> str:
    return f"/{language}/events/series/{series.slug}/"


def series_form(events, **changes) -> dict:
    return registration_data(events=[str(event.pk) for event in events], **changes)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def confirm_link(message) -> str:
    """The path of the link in the series e-mail that confirms every registration."""
    found = re.search(r"https?://[^/\s]+(/\w\w/events/series/[\w-]+/registration/\w+/)", message)
    assert found, message
    return found[1]


# --- The series page --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en", "pl"])
def test_series_page_in_every_language_with_a_constant_number_of_queries(client, series, language):
    def queries(count: int) -> int:
        Event.objects.filter(series=series).delete()
        for number in range(count):
            EventFactory(series=series, organiser=series.organiser, title_en=f"Meeting {number}")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(series_url(series, language))
        assert response.status_code == 200
        assert len(response.context["page"].events) == count
        return len(captured.captured_queries)

    assert queries(2) == queries(9)
    text = text_of(client.get(series_url(series, language)))
    assert f'<html lang="{language}"' in text
    assert f"<h1>{TITLES[language]}</h1>" in text


def test_series_page_query_count_is_fixed(
    client, series, two_events, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = client.get(series_url(series))
    assert response.status_code == 200


def test_series_page_shows_only_published_events_with_their_states(client, series, two_events):
    organiser = series.organiser
    EventFactory(series=series, organiser=organiser, title_en="A draft", status=EventStatus.DRAFT)
    full = EventFactory(series=series, organiser=organiser, title_en="Full one", capacity=1)
    Event.objects.filter(pk=full.pk).update(seats_taken=1)
    EventFactory(
        series=series,
        organiser=organiser,
        title_en="Called off",
        status=EventStatus.CANCELLED,
    )
    EventFactory(
        series=series,
        organiser=organiser,
        title_en="Long ago",
        start=in_days(-400),
        end=in_days(-400) + datetime.timedelta(hours=2),
    )
    EventFactory(
        series=series,
        organiser=organiser,
        title_en="Closed one",
        registration_closes_at=in_days(-1),
    )
    text = text_of(client.get(series_url(series)))
    assert "A draft" not in text
    for title in ("Let's get to know each other", "Full one", "Called off", "Long ago"):
        assert title in text
    assert "Registration is open." in text
    assert "The event is full: you can join the waiting list." in text
    assert "This event has been cancelled." in text
    assert "This event is over." in text
    assert "Registration is closed." in text
    # Each event links its own page.
    for event in two_events:
        assert f'href="{event.get_absolute_url()}"' in text


def test_series_without_published_events_is_not_found(client, series):
    EventFactory(series=series, organiser=series.organiser, status=EventStatus.DRAFT)
    assert client.get(series_url(series)).status_code == 404
    assert client.get("/en/events/series/no-such-series/").status_code == 404


def test_series_page_has_canonical_hreflang_and_event_series_json_ld(client, series, two_events):
    page = client.get(series_url(series, "pl")).content.decode()
    assert f'<link rel="canonical" href="http://testserver{series_url(series, "pl")}">' in page
    for language in ("de", "en", "pl"):
        assert (
            f'<link rel="alternate" hreflang="{language}" '
            f'href="http://testserver{series_url(series, language)}">'
        ) in page
    assert 'hreflang="x-default"' in page
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(script[1])
    assert data["@type"] == "EventSeries"
    assert data["name"] == TITLES["pl"]
    assert [event["name"] for event in data["subEvent"]] == [
        "Poznajmy się",
        "Projektowanie usług transgranicznych",
    ]


def test_description_falls_back_with_a_notice(client, series, two_events):
    english = text_of(client.get(series_url(series, "en")))
    assert "Four online meetings." in english
    assert "is not available in your language" not in english
    german = text_of(client.get(series_url(series, "de")))
    assert "Four online meetings." in german
    assert "Diese Beschreibung gibt es nicht in Ihrer Sprache" in german


def test_event_page_links_its_series(client, series, two_events):
    text = text_of(client.get(two_events[0].get_absolute_url()))
    assert f'<a href="{series_url(series)}">{TITLES["en"]}</a>' in text


# --- Registering for several events at once ---------------------------------------------------


def test_one_form_registers_for_the_chosen_events_with_one_email(client, series, two_events):
    first, second = two_events
    response = client.post(series_url(series), series_form(two_events))
    assert response.status_code == 302
    assert response["Location"] == f"/en/events/series/{series.slug}/sent/"
    registrations = Registration.objects.order_by("event__start")
    assert [r.event for r in registrations] == [first, second]
    assert {r.status for r in registrations} == {RegistrationStatus.PENDING}
    assert {r.email for r in registrations} == {"anna@example.org"}
    assert SeriesSubmission.objects.get().registrations.count() == 2
    sent = deliver()
    assert len(sent) == 1
    message = sent[0]
    assert message.to == ["anna@example.org"]
    assert message.subject == f"Please confirm your registrations: {TITLES['en']}"
    assert "Let's get to know each other" in message.body
    assert "Designing cross-border services" in message.body
    # Each registration keeps its own manage link, listed in the message.
    for registration in registrations:
        assert reverse("events:manage", args=[manage_token(registration)]) in message.body


def test_the_link_confirms_every_registration_at_once(client, series, two_events):
    client.post(series_url(series), series_form(two_events))
    link = confirm_link(deliver()[0].body)

    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm my registrations" in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    # Opening the link changes nothing (mail scanners open links).
    assert not Registration.objects.exclude(status=RegistrationStatus.PENDING).exists()

    assert client.post(link).status_code == 302
    assert set(Registration.objects.values_list("status", flat=True)) == {
        RegistrationStatus.CONFIRMED
    }
    assert Counter(message.subject.split(":")[0] for message in deliver()) == {
        "Registration confirmed": 2
    }
    # Confirming again does nothing; the page now shows the statuses and no button.
    client.post(link)
    again = client.get(link).content.decode()
    assert "Confirm my registrations" not in again
    assert again.count("Your registration is confirmed.") == 2
    assert Event.objects.get(pk=two_events[0].pk).seats_taken == 1
    # The per-registration manage links keep working.
    for registration in Registration.objects.all():
        manage = client.get(reverse("events:manage", args=[manage_token(registration)]))
        assert manage.status_code == 200


def test_a_full_event_puts_the_person_on_its_waiting_list_and_confirms_the_others(
    client, series, two_events
):
    first, second = two_events
    Event.objects.filter(pk=first.pk).update(capacity=1, seats_taken=1)
    client.post(series_url(series), series_form(two_events))
    client.post(confirm_link(deliver()[0].body))
    statuses = dict(Registration.objects.values_list("event_id", "status"))
    assert statuses == {
        first.pk: RegistrationStatus.WAITLISTED,
        second.pk: RegistrationStatus.CONFIRMED,
    }
    assert Event.objects.get(pk=first.pk).seats_taken == 1


def test_a_wrong_or_foreign_link_is_not_found(client, series, two_events):
    client.post(series_url(series), series_form(two_events))
    link = confirm_link(deliver()[0].body)
    other = make_series(series.organiser, slug="another-series")
    EventFactory(series=other, organiser=series.organiser)
    assert client.get(link.replace(series.slug, other.slug)).status_code == 404
    assert client.get(link[:-5] + "0000/").status_code == 404
    assert client.post(link[:-5] + "0000/").status_code == 404
    assert not Registration.objects.exclude(status=RegistrationStatus.PENDING).exists()


def test_events_with_an_active_registration_are_skipped_not_duplicated(client, series, two_events):
    first, second = two_events
    existing = RegistrationFactory(event=first, email="Anna@Example.org")
    response = client.post(series_url(series), series_form(two_events))
    assert response.status_code == 302
    assert Registration.objects.filter(event=first).count() == 1
    assert Registration.objects.get(event=second).status == RegistrationStatus.PENDING
    submission = SeriesSubmission.objects.get()
    assert list(submission.registrations.all()) == [Registration.objects.get(event=second)]
    message = deliver()[0]
    # The message names the skipped event with its existing link; the page after the form
    # does not, so that it does not reveal to anyone typing an address who registered.
    assert "already registered for these events" in message.body
    assert reverse("events:manage", args=[manage_token(existing)]) in message.body
    sent_page = text_of(client.get(response["Location"]))
    assert "Let's get to know each other" not in sent_page
    assert "not made twice" in sent_page


def test_only_duplicates_send_their_links_again_within_the_resend_limit(
    client, series, two_events, settings
):
    settings.EVENTS_RESEND_LIMIT = 2
    for event in two_events:
        RegistrationFactory(event=event, email="anna@example.org")
    for _attempt in range(4):
        assert client.post(series_url(series), series_form(two_events)).status_code == 302
    assert Registration.objects.count() == 2
    assert not SeriesSubmission.objects.exists()
    sent = deliver()
    assert len(sent) == 2
    assert sent[0].subject == f"Your registrations: {TITLES['en']}"


def test_honeypot_answers_like_success_but_stores_nothing(client, series, two_events):
    response = client.post(
        series_url(series), series_form(two_events, homepage="http://spam.example")
    )
    assert response.status_code == 302
    assert not Registration.objects.exists()
    assert deliver() == []


@pytest.mark.parametrize(
    "changes",
    [
        {"events": None},
        {"events": ["999999"]},
        {"events": ["x\x00"]},
        {"email": "not-an-address"},
        {"consent": None},
        {"country": "XX"},
        {"organisation_type": "<script>"},
        {"last_name": "Nowak\u202egnp.exe"},
        {"started": "forged"},
        {"first_name": "A" * 500},
    ],
)
def test_bad_input_shows_the_form_again_with_what_was_typed(client, series, two_events, changes):
    data = series_form(two_events, organisation="Klaster ICT Pomorze Zachodnie")
    for name, value in changes.items():
        if value is None:
            data.pop(name)
        else:
            data[name] = value
    response = client.post(series_url(series), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'value="Klaster ICT Pomorze Zachodnie"' in page
    assert not Registration.objects.exists()
    assert deliver() == []


def test_chosen_events_stay_ticked_when_the_form_comes_back(client, series, two_events):
    response = client.post(series_url(series), series_form(two_events[1:], consent=None))
    form = response.context["form"]
    assert form["events"].value() == [str(two_events[1].pk)]
    page = response.content.decode()
    assert re.search(rf'value="{two_events[1].pk}"[^>]*checked', page)
    assert not re.search(rf'value="{two_events[0].pk}"[^>]*checked', page)


def test_an_event_of_another_series_cannot_be_chosen(client, series, two_events):
    elsewhere = EventFactory()
    response = client.post(series_url(series), series_form([two_events[0], elsewhere]))
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_events_that_ask_required_questions_are_left_to_their_own_form(client, series, two_events):
    first, second = two_events
    Question.objects.create(
        event=first, kind=QuestionKind.SHORT_TEXT, text_en="Your field?", required=True
    )
    page = client.get(series_url(series))
    assert [str(event.pk) for event in page.context["form"].offered] == [str(second.pk)]
    assert reverse("events:register", args=[first.slug]) in page.content.decode()
    response = client.post(series_url(series), series_form(two_events))
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_rate_limit_answers_429_and_keeps_the_entries(client, series, two_events, settings):
    settings.EVENTS_RATE_LIMIT = 1
    url = series_url(series, "pl")
    assert client.post(url, series_form(two_events, email="a@example.org")).status_code == 302
    response = client.post(url, series_form(two_events, email="b@example.org"))
    assert response.status_code == 429
    assert response["Retry-After"]
    page = response.content.decode()
    assert '<html lang="pl"' in page
    assert 'value="b@example.org"' in page
    assert Registration.objects.filter(email="b@example.org").count() == 0


def test_a_series_whose_events_stopped_taking_registrations_answers_409(client, series, two_events):
    data = series_form(two_events)
    page = client.get(series_url(series))
    assert page.context["form"] is not None
    Event.objects.filter(series=series).update(registration_closes_at=in_days(-1))
    response = client.post(series_url(series), data)
    assert response.status_code == 409
    assert not Registration.objects.exists()


def test_service_refuses_closed_events_and_registers_the_rest(series, two_events):
    first, second = two_events
    Event.objects.filter(pk=first.pk).update(registration_closes_at=in_days(-1))
    first.refresh_from_db()
    result = series_services.series_registration_submit(
        series=series,
        events=[first, second],
        data=registration_data(),
        language="pl",
    )
    assert result.refused == [first]
    assert [r.event_id for r in result.created] == [second.pk]
    assert Registration.objects.get().language == "pl"


def test_the_email_is_written_in_the_language_of_the_form(client, series, two_events):
    client.post(series_url(series, "de"), series_form(two_events))
    message = deliver()[0]
    assert "/de/events/series/" in message.body
    assert {r.language for r in Registration.objects.all()} == {"de"}


def test_matchmaking_profile_is_kept_only_for_matchmaking_meetings(client, series, two_events):
    matchmaking, workshop = two_events
    client.post(
        series_url(series),
        series_form(two_events, profile_offer="Cloud services", profile_shared="on"),
    )
    assert Registration.objects.get(event=matchmaking).profile_offer == "Cloud services"
    assert Registration.objects.get(event=workshop).profile_offer == ""


def test_erasing_one_registration_leaves_the_others_under_the_link(client, series, two_events):
    client.post(series_url(series), series_form(two_events))
    link = confirm_link(deliver()[0].body)
    first = Registration.objects.get(event=two_events[0])
    services.registration_erase(registration=first)
    client.post(link)
    assert Registration.objects.get(event=two_events[1]).status == RegistrationStatus.CONFIRMED
    page = client.get(link).content.decode()
    assert "Let&#x27;s get to know each other" not in page
    assert "Let's get to know each other" not in page


# --- Concurrency ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_series_confirmation_racing_single_ones_for_the_last_seat():
    """A series registration and single registrations race for the only seat of one event:
    it is never overbooked, whoever loses waits on that event's list, and the series' other
    event is confirmed as usual."""
    series = make_series()
    last_seat = EventFactory(series=series, organiser=series.organiser, capacity=1)
    roomy = EventFactory(series=series, organiser=series.organiser, capacity=50)
    singles = RegistrationFactory.create_batch(4, event=last_seat)
    result = series_services.series_registration_submit(
        series=series,
        events=[last_seat, roomy],
        data=registration_data(email="series@example.org"),
        language="en",
    )

    def act(index):
        if index == 0:
            return series_services.series_registration_confirm(submission=result.submission)
        return services.registration_confirm(registration=singles[index - 1])

    outcomes = run_at_once(5, act)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert Event.objects.get(pk=last_seat.pk).seats_taken == 1
    on_last_seat = Counter(
        Registration.objects.filter(event=last_seat).values_list("status", flat=True)
    )
    assert on_last_seat == {RegistrationStatus.CONFIRMED: 1, RegistrationStatus.WAITLISTED: 4}
    mine = {r.event_id: r.status for r in Registration.objects.filter(email="series@example.org")}
    assert mine[roomy.pk] == RegistrationStatus.CONFIRMED
    assert mine[last_seat.pk] in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    assert Event.objects.get(pk=roomy.pk).seats_taken == 1


@pytest.mark.django_db(transaction=True)
def test_series_loser_waits_for_the_last_seat_and_keeps_its_other_event():
    series = make_series()
    last_seat = EventFactory(series=series, organiser=series.organiser, capacity=1)
    roomy = EventFactory(series=series, organiser=series.organiser)
    single = RegistrationFactory(event=last_seat)
    result = series_services.series_registration_submit(
        series=series,
        events=[roomy, last_seat],
        data=registration_data(email="series@example.org"),
        language="en",
    )
    services.registration_confirm(registration=single)
    outcomes = series_services.series_registration_confirm(submission=result.submission)
    assert {o.registration.event_id: o.registration.status for o in outcomes} == {
        last_seat.pk: RegistrationStatus.WAITLISTED,
        roomy.pk: RegistrationStatus.CONFIRMED,
    }
    waiting = Registration.objects.get(event=last_seat, email="series@example.org")
    services.registration_cancel(registration=single)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db(transaction=True)
def test_series_and_single_submissions_with_one_address_make_one_registration_per_event():
    series = make_series()
    first = EventFactory(series=series, organiser=series.organiser)
    second = EventFactory(series=series, organiser=series.organiser)
    data = registration_data(email="jan@example.org")

    def act(index):
        if index % 2 == 0:
            return series_services.series_registration_submit(
                series=series, events=[first, second], data=data, language="pl"
            )
        return services.registration_submit(event=first, data=data, language="pl")

    outcomes = run_at_once(6, act)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    counts = Counter(Registration.objects.values_list("event_id", flat=True))
    assert counts == {first.pk: 1, second.pk: 1}
    # Every queued message belongs to one of the two registrations.
    ids = {str(pk) for pk in Registration.objects.values_list("pk", flat=True)}
    assert {email.headers[REFERENCE_HEADER] for email in Email.objects.all()} <= ids


# --- The list's filter, the feed, the sitemap -------------------------------------------------

KINDS = [EventKind.WORKSHOP, EventKind.MATCHMAKING]
FORMATS = [EventFormat.ONLINE, EventFormat.HYBRID]


@pytest.fixture
def catalogue():
    """Published events in two series and none, of two organisers, kinds and formats."""
    organisers = [
        OrganisationFactory(slug="klaster", name_en="Klaster ICT"),
        OrganisationFactory(slug="witeno", name_en="WITENO"),
    ]
    all_series = [
        make_series(organisers[0], slug="spring-2021"),
        make_series(organisers[1], slug="autumn-2027"),
    ]
    rows = []
    number = 0
    for organiser_index, organiser in enumerate(organisers):
        for kind in KINDS:
            for event_format in FORMATS:
                for series_choice in (all_series[organiser_index], None):
                    number += 1
                    rows.append(
                        EventFactory(
                            organiser=organiser,
                            kind=kind,
                            format=event_format,
                            series=series_choice,
                            start=in_days(number),
                            end=in_days(number) + datetime.timedelta(hours=1),
                        )
                    )
    EventFactory(organiser=organisers[0], series=all_series[0], status=EventStatus.DRAFT)
    return rows


def _value(event, family):
    return {
        "kind": event.kind,
        "format": event.format,
        "organiser": event.organiser.slug,
        "series": event.series.slug if event.series else None,
    }[family]


FAMILY_VALUES = {
    "kind": [str(kind) for kind in KINDS] + ["webinar"],
    "format": [str(event_format) for event_format in FORMATS],
    "organiser": ["klaster", "witeno"],
    "series": ["spring-2021", "autumn-2027", "no-such-series"],
}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    chosen=st.fixed_dictionaries(
        {},
        optional={family: st.sampled_from(values) for family, values in FAMILY_VALUES.items()},
    )
)
def test_series_filter_combines_with_the_other_filters(catalogue, chosen):
    data = QueryDict(mutable=True)
    for name, value in chosen.items():
        data[name] = value
    listing = selectors.event_list(data=data)
    known = {
        name: value
        for name, value in chosen.items()
        if name != "series" or value != "no-such-series"
    }

    def matches(event, without=None):
        return all(_value(event, name) == value for name, value in known.items() if name != without)

    shown = sorted(card.event.pk for card in listing.upcoming)
    assert shown == sorted(event.pk for event in catalogue if matches(event)), chosen
    facet = next(facet for facet in listing.facets if facet.name == "series")
    expected = Counter(
        _value(event, "series")
        for event in catalogue
        if matches(event, without="series") and event.series
    )
    got = {value.value: value.count for value in facet.values if value.count}
    assert got == dict(expected), chosen


def test_series_filter_in_the_list_page_offers_series_with_counts(client, catalogue):
    page = client.get("/en/events/", {"series": "spring-2021"})
    assert page.status_code == 200
    text = page.content.decode()
    assert re.search(r'<select name="series"', text)
    assert f"{TITLES['en']} (4)" in text
    assert len(page.context["upcoming"]) == 4
    # The calendar feed of the filtered list carries the filter.
    assert "calendar.ics?series=spring-2021" in text


def test_calendar_feed_follows_the_series_filter(client, catalogue):
    wanted = [event for event in catalogue if event.series and event.series.slug == "autumn-2027"]
    body = client.get("/en/events/calendar.ics", {"series": "autumn-2027"}).content.decode()
    assert body.count("BEGIN:VEVENT") == len(wanted) == 4
    everything = client.get("/en/events/calendar.ics").content.decode()
    assert everything.count("BEGIN:VEVENT") == len(catalogue)


def test_series_are_in_the_sitemap_in_every_language(client, series, two_events):
    hidden = make_series(series.organiser, slug="only-drafts")
    EventFactory(series=hidden, organiser=series.organiser, status=EventStatus.DRAFT)
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-series.xml" in index
    body = client.get("/sitemap-series.xml").content.decode()
    for language in ("de", "en", "pl"):
        assert f"<loc>http://testserver/{language}/events/series/{series.slug}/</loc>" in body
    assert 'hreflang="x-default"' in body
    assert "only-drafts" not in body


# --- Admin ------------------------------------------------------------------------------------


def test_event_form_accepts_only_a_series_of_the_events_organiser(client_portal, org_a, org_b):
    own = make_series(org_a, slug="own-series")
    foreign = make_series(org_b, slug="foreign-series")
    event = EventFactory(organiser=org_a)
    url = reverse("admin:events_event_change", args=[event.pk])
    refused = client_portal.post(url, event_form_data(event, series=foreign.pk))
    assert refused.status_code == 200
    assert "series" in refused.context["adminform"].form.errors
    assert Event.objects.get(pk=event.pk).series is None
    accepted = client_portal.post(url, event_form_data(event, series=own.pk))
    assert accepted.status_code == 302, accepted.context["adminform"].form.errors
    assert Event.objects.get(pk=event.pk).series == own


def test_partner_staff_are_offered_only_their_own_series(client_a, org_a, org_b):
    own = make_series(org_a, slug="own-series")
    foreign = make_series(org_b, slug="foreign-series")
    response = client_a.get(reverse("admin:events_event_add"))
    choices = response.context["adminform"].form.fields["series"].queryset
    assert own in choices
    assert foreign not in choices


def test_partner_editor_adds_a_series(client, editor_a, org_a):
    client.force_login(editor_a)
    response = client.post(
        reverse("admin:events_series_add"),
        {"title_en": "Cluster coffee", "slug": "cluster-coffee", "organiser": org_a.pk},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Series.objects.get(slug="cluster-coffee").organiser == org_a


def test_moving_a_published_event_into_a_series_waits_for_review(client, editor_a, org_a):
    """Joining a series shows the event on another public page under a title the reviewer has
    not seen: `series` is a reviewed field, not one that applies at once."""
    from tests.reviews.conftest import post_form

    series = make_series(org_a, slug="own-series")
    event = EventFactory(organiser=org_a, first_published_at=in_days(-1))
    client.force_login(editor_a)
    response = post_form(client, event, {"series": series.pk})
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).series is None
    assert revision_of(event).version.data["fields"]["series"] == series.pk


# --- Demo ---------------------------------------------------------------------------------------


def test_demo_makes_the_2021_online_meetings_one_series():
    from events import demo as events_demo
    from measures import demo as measures_demo
    from partners import demo as partners_demo

    for _round in range(2):
        out = io.StringIO()
        partners_demo.load(stdout=out, style=no_style())
        measures_demo.load(stdout=out, style=no_style())
        events_demo.load(stdout=out, style=no_style())
    series = Series.objects.get(slug="polish-german-cross-border-cooperation-2021")
    assert series.organiser.slug == "klaster-ict-pomorze-zachodnie"
    assert [o.slug for o in series.co_organisers.all()] == ["witeno"]
    assert [event.start.date().isoformat() for event in series.events.order_by("start")] == [
        "2021-03-18",
        "2021-04-14",
        "2021-04-28",
        "2021-05-19",
    ]
    for language in ("de", "en", "pl"):
        assert getattr(series, f"title_{language}")
        assert getattr(series, f"description_{language}")
    page = Client().get(f"/pl/events/series/{series.slug}/")
    assert page.status_code == 200
    # The series is over: no form.
    assert page.context["form"] is None


def test_an_alert_can_follow_a_series(client, series, two_events):
    """The events list's subscribe link carries its filters, the series among them."""
    response = client.get("/en/alerts/events/", {"series": series.slug})
    assert response.status_code == 200
    text = text_of(response)
    assert 'id="error-summary"' not in text
    assert TITLES["en"] in text
