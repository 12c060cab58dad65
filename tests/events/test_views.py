"""Public pages: list with filters, detail, calendar files, registration form, manage link."""

import datetime
import re
import time

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import EventFormat, EventKind, EventStatus, Registration, RegistrationStatus
from tests.events.factories import EventFactory, RegistrationFactory, in_days, manage_token
from tests.events.helpers import registration_data, started_value
from tests.events.mailbox import deliver
from tests.partners.factories import OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


# --- List -------------------------------------------------------------------------------------


def test_list_shows_upcoming_and_past_published_events_with_seats(client):
    EventFactory(title_en="Future workshop", capacity=20)
    EventFactory(title_en="Old workshop", start=in_days(-30), end=in_days(-30, hour=12))
    EventFactory(title_en="Secret draft", status="draft")
    response = client.get("/en/events/")
    html = response.content.decode()
    assert "Future workshop" in html and "Old workshop" in html
    assert "Secret draft" not in html
    assert "20 seats left" in html
    assert [card.event.title for card in response.context["upcoming"]] == ["Future workshop"]
    assert [card.event.title for card in response.context["past"]] == ["Old workshop"]


def test_list_filters_with_counts_per_choice(client):
    organiser = OrganisationFactory(name_en="Klaster", slug="klaster")
    project = ProjectFactory(acronym="PLDE", slug="plde")
    EventFactory(kind=EventKind.MATCHMAKING, organiser=organiser, project=project)
    EventFactory(kind=EventKind.WORKSHOP, format=EventFormat.ON_SITE, meeting_language="pl")
    EventFactory(kind=EventKind.WORKSHOP)
    response = client.get("/en/events/", {"kind": "workshop"})
    assert len(response.context["upcoming"]) == 2
    form = response.context["filterset"].form
    assert ("matchmaking", "Matchmaking meeting (1)") in form.fields["kind"].choices
    assert ("workshop", "Workshop (2)") in form.fields["kind"].choices
    assert ("on_site", "On site (1)") in form.fields["format"].choices
    assert ("pl", "Polish (1)") in form.fields["language"].choices
    # The organiser of the matchmaking meeting has no workshop: not offered.
    assert "klaster" not in dict(form.fields["organiser"].choices)
    response = client.get("/en/events/", {"organiser": "klaster", "project": "plde"})
    assert len(response.context["upcoming"]) == 1


def test_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    for _ in range(15):
        event = EventFactory(project=ProjectFactory())
        event.co_organisers.add(OrganisationFactory())
    with django_assert_max_num_queries(12):
        response = client.get("/en/events/")
    assert len(response.context["upcoming"]) == 15


def test_list_shows_times_in_the_event_time_zone_around_the_clock_change(client):
    berlin = datetime.timezone(datetime.timedelta(hours=1))
    # Clocks in Europe go forward on 28 March 2027; a 10:00 event is 10:00 on both days.
    before = datetime.datetime(2027, 3, 27, 9, 0, tzinfo=datetime.UTC)  # 10:00 CET
    after = datetime.datetime(2027, 3, 28, 8, 0, tzinfo=datetime.UTC)  # 10:00 CEST
    EventFactory(title_en="Before", start=before, end=before + datetime.timedelta(hours=2))
    EventFactory(title_en="After", start=after, end=after + datetime.timedelta(hours=2))
    EventFactory(
        title_en="Helsinki",
        time_zone="Europe/Helsinki",
        start=datetime.datetime(2027, 3, 27, 9, 0, tzinfo=berlin),
        end=datetime.datetime(2027, 3, 27, 10, 0, tzinfo=berlin),
    )
    text = re.sub(r"\s+", " ", client.get("/de/events/").content.decode())
    assert "Samstag, 27. März 2027, 10:00–12:00 (CET)" in text
    assert "Sonntag, 28. März 2027, 10:00–12:00 (CEST)" in text
    assert "Samstag, 27. März 2027, 10:00–11:00 (EET)" in text  # Helsinki's own time


# --- Detail and calendar ----------------------------------------------------------------------


def test_detail_shows_state_and_hides_the_join_link(client, django_assert_max_num_queries):
    event = EventFactory(capacity=3, moderator="Rafał Malujda")
    event.co_organisers.add(OrganisationFactory(), OrganisationFactory())
    with django_assert_max_num_queries(8):
        response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert "Registration is open: 3 seats left." in html
    assert "Rafał Malujda" in html
    assert event.join_link not in html
    assert reverse("events:register", args=[event.slug]) in html


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"registration_opens_at": in_days(5)}, "Registration opens on"),
        ({"registration_closes_at": in_days(-1)}, "Registration is closed."),
        ({"status": "cancelled"}, "This event has been cancelled."),
        ({"registration_enabled": False}, "There is no registration through the portal"),
    ],
)
def test_detail_shows_each_registration_state(client, changes, expected):
    event = EventFactory(**changes)
    assert expected in client.get(event.get_absolute_url()).content.decode()


def test_full_event_offers_the_waiting_list(client):
    event = EventFactory(capacity=1)
    services.registration_confirm(registration=RegistrationFactory(event=event))
    html = client.get(event.get_absolute_url()).content.decode()
    assert "The event is full: you can join the waiting list." in html
    assert "Join the waiting list" in html


def test_past_event_shows_recording_and_report(client):
    event = EventFactory(
        start=in_days(-10),
        end=in_days(-10, hour=12),
        recording_url="https://video.example.org/r",
        report_en="We met twenty organisations.",
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "https://video.example.org/r" in html
    assert "We met twenty organisations." in html
    assert "Register" not in html


def test_draft_event_is_not_found(client):
    event = EventFactory(status="draft")
    assert client.get(event.get_absolute_url()).status_code == 404


def test_calendar_file_and_feed_never_contain_the_join_link(client):
    after = datetime.datetime(2027, 3, 28, 8, 0, tzinfo=datetime.UTC)
    event = EventFactory(start=after, end=after + datetime.timedelta(hours=2))
    response = client.get(reverse("events:calendar", args=[event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert event.join_link not in body
    assert "DTSTART;TZID=Europe/Berlin:20270328T100000" in body
    assert "BEGIN:VTIMEZONE" in body
    feed = client.get(reverse("events:feed"))
    calendar = icalendar.Calendar.from_ical(feed.content)
    assert [str(c["summary"]) for c in calendar.walk("VEVENT")] == [event.title]
    assert event.join_link not in feed.content.decode()


def test_partner_page_lists_the_organisations_events(client):
    organiser = OrganisationFactory(slug="host")
    EventFactory(organiser=organiser, title_en="Coming soon")
    EventFactory(
        organiser=organiser, title_en="Long ago", start=in_days(-40), end=in_days(-40, hour=12)
    )
    other = EventFactory(title_en="Co-organised")
    other.co_organisers.add(organiser)
    EventFactory(organiser=organiser, title_en="Unpublished", status="draft")
    html = client.get(organiser.get_absolute_url()).content.decode()
    assert "Coming soon" in html and "Long ago" in html and "Co-organised" in html
    assert "Unpublished" not in html


# --- Registration form ------------------------------------------------------------------------


def test_registration_creates_a_pending_registration_and_shows_check_your_inbox(client):
    event = EventFactory()
    response = client.post(f"/pl/events/{event.slug}/register/", registration_data())
    assert response.status_code == 302
    assert response["Location"] == f"/pl/events/{event.slug}/register/sent/"
    registration = Registration.objects.get()
    assert registration.language == "pl"
    assert registration.status == RegistrationStatus.PENDING
    [message] = deliver()
    assert message.to == ["anna@example.org"]


def test_duplicate_registration_shows_the_same_answer(client):
    event = EventFactory()
    first = client.post(f"/en/events/{event.slug}/register/", registration_data())
    second = client.post(
        f"/en/events/{event.slug}/register/", registration_data(email="ANNA@example.org")
    )
    assert first["Location"] == second["Location"]
    assert Registration.objects.count() == 1
    assert len(deliver()) == 2


def test_invalid_form_shows_an_error_summary_and_keeps_the_input(client):
    event = EventFactory()
    response = client.post(
        f"/en/events/{event.slug}/register/",
        registration_data(email="not-an-address", consent=None, first_name="Zofia"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_email"' in html and 'href="#id_consent"' in html
    assert 'value="Zofia"' in html
    assert 'aria-describedby="id_email_error' in html or "id_email_error" in html
    assert not Registration.objects.exists()


def test_consent_is_not_preticked_and_profile_only_for_matchmaking(client):
    workshop = EventFactory()
    html = client.get(f"/en/events/{workshop.slug}/register/").content.decode()
    assert re.search(r'<input type="checkbox" name="consent"[^>]*>', html)
    assert "checked" not in re.search(r'<input type="checkbox" name="consent"[^>]*>', html)[0]
    assert "profile_offer" not in html
    matchmaking = EventFactory(kind=EventKind.MATCHMAKING)
    html = client.get(f"/en/events/{matchmaking.slug}/register/").content.decode()
    assert "profile_offer" in html and "profile_shared" in html


def test_honeypot_answers_like_success_but_stores_nothing(client):
    event = EventFactory()
    response = client.post(
        f"/en/events/{event.slug}/register/", registration_data(homepage="http://spam.example")
    )
    assert response.status_code == 302
    assert not Registration.objects.exists()
    assert deliver() == []


def test_form_sent_too_fast_or_with_a_forged_timestamp_is_refused(client, settings):
    settings.EVENTS_FORM_MIN_SECONDS = 5
    event = EventFactory()
    url = f"/en/events/{event.slug}/register/"
    fast = client.post(url, registration_data(started=started_value(seconds_ago=0)))
    assert "sent unusually fast" in fast.content.decode()
    forged = client.post(url, registration_data(started=str(time.time() - 60)))
    assert "could not be checked" in forged.content.decode()
    assert not Registration.objects.exists()


def test_rate_limit_answers_429_with_a_translated_page(client, settings):
    settings.EVENTS_RATE_LIMIT = 2
    event = EventFactory()
    url = f"/de/events/{event.slug}/register/"
    for number in range(2):
        client.post(url, registration_data(email=f"p{number}@example.org"))
    response = client.post(url, registration_data(email="p3@example.org"))
    assert response.status_code == 429
    assert '<html lang="de"' in response.content.decode()
    assert Registration.objects.count() == 2


def test_rate_limit_uses_the_trusted_proxy_header(client, settings):
    settings.EVENTS_RATE_LIMIT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    event = EventFactory()
    url = f"/en/events/{event.slug}/register/"
    client.post(
        url, registration_data(email="a@example.org"), HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.0.1"
    )
    other = client.post(
        url, registration_data(email="b@example.org"), HTTP_X_FORWARDED_FOR="10.0.0.2"
    )
    assert other.status_code == 302
    same = client.post(
        url, registration_data(email="c@example.org"), HTTP_X_FORWARDED_FOR="10.0.0.1"
    )
    assert same.status_code == 429


def test_closed_registration_refuses_submissions(client):
    event = EventFactory(registration_closes_at=in_days(-1))
    response = client.post(f"/en/events/{event.slug}/register/", registration_data())
    assert response.status_code == 409
    assert not Registration.objects.exists()


# --- Manage link ------------------------------------------------------------------------------


def test_following_the_link_does_not_confirm_until_the_button_is_pressed(client):
    registration = RegistrationFactory()
    url = reverse("events:manage", args=[manage_token(registration)])
    page = client.get(url)
    assert "Confirm my registration" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    response = client.post(url, {"action": "confirm"}, follow=True)
    assert "Your registration is confirmed." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_a_wrong_or_shortened_token_finds_nothing(client):
    registration = RegistrationFactory()
    token = manage_token(registration)
    for wrong in (token[:-1], token[:-1] + ("0" if token[-1] != "0" else "1"), "x" * 300):
        response = client.get(reverse("events:manage", args=[wrong]))
        assert response.status_code == 404
        assert registration.email not in response.content.decode()


def test_cancel_from_the_manage_page(client):
    registration = RegistrationFactory()
    services.registration_confirm(registration=registration)
    url = reverse("events:manage", args=[manage_token(registration)])
    client.post(url, {"action": "cancel"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_erase_from_the_manage_page(client):
    registration = RegistrationFactory(first_name="Erika")
    token = manage_token(registration)
    page = client.get(reverse("events:manage_erase", args=[token]))
    assert "cannot be undone" in page.content.decode()
    response = client.post(reverse("events:manage_erase", args=[token]))
    assert "Your data has been erased" in response.content.decode()
    registration.refresh_from_db()
    assert registration.first_name == "" and registration.anonymised_at is not None
    assert client.get(reverse("events:manage", args=[token])).status_code == 404


def test_join_link_and_personal_calendar_appear_only_inside_the_window(client, settings):
    settings.EVENTS_REMINDER_DAYS = 3
    later = EventFactory(start=in_days(10), end=in_days(10, hour=12))
    soon = EventFactory(start=in_days(2), end=in_days(2, hour=12))
    for event, visible in ((later, False), (soon, True)):
        registration = RegistrationFactory(event=event)
        services.registration_confirm(registration=registration)
        token = manage_token(registration)
        html = client.get(reverse("events:manage", args=[token])).content.decode()
        assert (event.join_link in html) is visible
        ics = client.get(reverse("events:manage_calendar", args=[token])).content.decode()
        assert (event.join_link in ics.replace("\r\n ", "")) is visible


def test_manage_page_query_count(client, django_assert_max_num_queries):
    event = EventFactory(kind=EventKind.MATCHMAKING)
    registrations = RegistrationFactory.create_batch(
        10, event=event, profile_shared=True, profile_offer="Cloud services"
    )
    for registration in registrations:
        services.registration_confirm(registration=registration)
    token = manage_token(registrations[0])
    url = reverse("events:manage", args=[token])
    with django_assert_max_num_queries(8):
        html = client.get(url).content.decode()
    # The others' profiles are on the matchmaking pages, which the manage page links to.
    assert "Cloud services" not in html
    assert f'href="{reverse("matchmaking:directory", args=[token])}"' in html
    assert f'href="{reverse("matchmaking:agenda", args=[token])}"' in html


def test_registration_for_past_event_expires_timezone_safe():
    event = EventFactory(
        start=timezone.now() - datetime.timedelta(hours=1),
        end=timezone.now() + datetime.timedelta(hours=1),
    )
    registration = RegistrationFactory(event=event)
    with pytest.raises(services.RegistrationError):
        services.registration_confirm(registration=registration)


def test_privacy_notice_names_the_configured_retention_periods(client, settings):
    settings.EVENTS_CONFIRMATION_HOURS = 36
    settings.EVENTS_PURGE_DAYS = 120
    html = re.sub(r"\s+", " ", client.get("/en/privacy/").content.decode())
    assert "not confirmed by e-mail within 36 hours are deleted" in html
    assert "anonymised 120 days after the event ends" in html


def test_detail_lists_only_published_measures_presented(client):
    from tests.measures.factories import MeasureFactory

    event = EventFactory()
    shown = MeasureFactory(title_en="Lead markets of the Ruhr", status="published")
    hidden = MeasureFactory(title_en="Unfinished draft measure", status="draft")
    event.measures.add(shown, hidden)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Lead markets of the Ruhr" in html
    assert shown.get_absolute_url() in html
    assert "Unfinished draft measure" not in html


def test_the_calendar_feed_follows_the_lists_filters(client, django_assert_max_num_queries):
    EventFactory(title_en="Workshop on data", kind=EventKind.WORKSHOP, start=in_days(10))
    EventFactory(title_en="Webinar on skills", kind=EventKind.WEBINAR, start=in_days(12))
    EventFactory(title_en="Draft workshop", kind=EventKind.WORKSHOP, status=EventStatus.DRAFT)

    listing = client.get(reverse("events:index"), {"kind": "workshop"})
    feed_url = reverse("events:feed") + "?kind=workshop"
    assert f'href="{feed_url}"' in listing.content.decode()

    with django_assert_max_num_queries(6):
        filtered = client.get(feed_url).content.decode()
    assert "Workshop on data" in filtered
    assert "Webinar on skills" not in filtered and "Draft workshop" not in filtered
    everything = client.get(reverse("events:feed")).content.decode()
    assert "Workshop on data" in everything and "Webinar on skills" in everything
    # An unknown value filters nothing out rather than failing.
    assert client.get(reverse("events:feed"), {"kind": "nonsense"}).status_code == 200
