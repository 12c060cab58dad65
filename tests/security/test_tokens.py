"""Secret links: long and random, compared in constant time, expiring, and never leaked."""

from __future__ import annotations

import datetime
import logging
import re

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from post_office.models import Email

from core import tokens as core_tokens
from events import services
from events.models import Event, Registration, RegistrationStatus
from next2met.logging import RedactPrivateData
from tests.events.factories import EventFactory, RegistrationFactory, in_days, manage_token
from tests.events.mailbox import deliver
from tests.measures.factories import MeasureFactory

from .helpers import registration_data

pytestmark = pytest.mark.django_db

TOKEN_IN_LINK = re.compile(r"/events/registration/([^/\s\"'<>]+)/")
JOIN_LINK = "https://meet.example.org/j/987654321?pwd=very-secret-passcode"


def register(client, event, email="anna.nowak@example.org", **changes):
    response = client.post(
        reverse("events:register", args=[event.slug]), registration_data(email=email, **changes)
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Registration.objects.get(event=event, email=email)


def token_from_mail(message) -> str:
    tokens_found = set(TOKEN_IN_LINK.findall(message.body))
    assert len(tokens_found) == 1
    return tokens_found.pop()


# --- Length and randomness --------------------------------------------------------------------


def test_manage_links_carry_at_least_128_random_bits(client, settings):
    settings.EVENTS_RATE_LIMIT = 100
    event = EventFactory()
    links = []
    for number in range(40):
        register(client, event, email=f"person{number}@example.org")
    for message in deliver():
        links.append(token_from_mail(message))
    assert len(links) == 40
    assert len(set(links)) == 40
    for token in links:
        assert re.fullmatch(r"[0-9a-f]+", token)
        assert len(token) * 4 >= 128
    # Every position varies between links: nothing fixed, counted or derived from the person.
    for position in range(len(links[0])):
        assert len({token[position] for token in links}) > 1
    # The nonce behind a link comes from the operating system's random source (256 bits).
    nonces = list(Registration.objects.values_list("token_nonce", flat=True))
    assert len(set(nonces)) == 40 and all(len(nonce) == 64 for nonce in nonces)


def test_the_database_holds_no_usable_link(client):
    event = EventFactory()
    registration = register(client, event)
    (message,) = deliver()
    token = token_from_mail(message)
    row = Registration.objects.filter(pk=registration.pk).values().get()
    assert all(token not in str(value) for value in row.values())
    # Knowing the stored hash does not help: it is not a valid link.
    response = client.get(reverse("events:manage", args=[row["token_hash"]]))
    assert response.status_code == 404
    assert "This registration link is not valid" in response.content.decode()


def test_links_are_looked_up_by_hash_and_compared_in_constant_time(client, monkeypatch):
    registration = RegistrationFactory()
    token = manage_token(registration)
    compared = []

    def spy(first, second):
        compared.append((first, second))
        return original(first, second)

    original = core_tokens.constant_time_compare
    monkeypatch.setattr(core_tokens, "constant_time_compare", spy)
    response = client.get(reverse("events:manage", args=[token]))
    assert response.status_code == 200
    assert compared == [(token, token)]
    # A link one character off finds nothing by its hash and is refused.
    wrong = token[:-1] + ("0" if token[-1] != "0" else "1")
    response = client.get(reverse("events:manage", args=[wrong]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "token",
    ["", "x" * 129, "../../admin", "%00", "ä" * 64, "0" * 64, "<script>alert(1)</script>"],
)
def test_malformed_links_answer_not_valid(client, token):
    RegistrationFactory()
    response = client.get(f"/en/events/registration/{token}/")
    assert response.status_code == 404
    assert b"<script>alert(1)</script>" not in response.content


def test_an_erased_registration_link_stops_working(client):
    registration = RegistrationFactory()
    token = manage_token(registration)
    response = client.post(reverse("events:manage_erase", args=[token]))
    assert response.status_code == 200
    response = client.get(reverse("events:manage", args=[token]))
    assert response.status_code == 404


# --- Expiry ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The confirmation link has expired. Please register again."),
        ("de", "Der Bestätigungslink ist abgelaufen."),
        ("pl", "Link potwierdzający wygasł."),
    ],
)
def test_an_expired_confirmation_link_changes_nothing_and_says_so(
    client, settings, language, message
):
    event = EventFactory(capacity=5)
    registration = RegistrationFactory(
        event=event,
        created_at=timezone.now()
        - datetime.timedelta(hours=settings.EVENTS_CONFIRMATION_HOURS, minutes=1),
    )
    token = manage_token(registration)
    emails_before = Email.objects.count()
    with translation.override(language):
        url = reverse("events:manage", args=[token])
    page = client.get(url)
    assert message in page.content.decode()
    assert b'value="confirm"' not in page.content
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 409
    assert message in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    assert registration.confirmed_at is None
    assert Event.objects.get(pk=event.pk).seats_taken == 0
    assert Email.objects.count() == emails_before


def test_a_confirmation_link_works_until_it_expires(client, settings):
    event = EventFactory(capacity=5)
    registration = RegistrationFactory(
        event=event,
        created_at=timezone.now()
        - datetime.timedelta(hours=settings.EVENTS_CONFIRMATION_HOURS, minutes=-5),
    )
    response = client.post(
        reverse("events:manage", args=[manage_token(registration)]), {"action": "confirm"}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_calendar_file_with_the_join_link_needs_a_confirmed_registration(client):
    event = EventFactory(start=in_days(1), join_link=JOIN_LINK)
    pending = RegistrationFactory(event=event)
    response = client.get(reverse("events:manage_calendar", args=[manage_token(pending)]))
    assert response.status_code == 404
    assert JOIN_LINK not in unfold(response.content.decode())


# --- The join link and personal data stay where they belong -----------------------------------


def as_text(content: str | bytes) -> str:
    return content.decode() if isinstance(content, bytes) else content


def unfold(text: str) -> str:
    return text.replace("\r\n ", "").replace("\r\n\t", "")


def public_documents(client, event) -> dict[str, str]:
    organisation = event.organiser
    paths = {
        "home": "/en/",
        "event list": "/en/events/",
        "event list filtered": f"/en/events/?organiser={organisation.slug}",
        "event page": event.get_absolute_url(),
        "registration form": reverse("events:register", args=[event.slug]),
        "registration sent": reverse("events:registration_sent", args=[event.slug]),
        "events feed": "/en/events/calendar.ics",
        "event calendar": reverse("events:calendar", args=[event.slug]),
        "partner page": organisation.get_absolute_url(),
        "partner list": "/en/partners/",
        "measure list": "/en/measures/",
        "measures CSV": "/en/measures/export.csv",
        "measures JSON": "/en/measures/export.json",
        "measures feed": "/en/measures/feed.atom",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
    }
    for section in ("pages", "measures", "partners", "projects"):
        paths[f"sitemap {section}"] = f"/sitemap-{section}.xml"
    documents = {}
    for name, path in paths.items():
        for language in ("de", "en", "pl"):
            localised = re.sub(r"^/en/", f"/{language}/", path)
            response = client.get(localised)
            assert response.status_code == 200, f"{name}: {response.status_code}"
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            # Calendar files fold long lines: a link split over two lines is still a link.
            documents[f"{name} ({language})"] = unfold(content.decode())
    return documents


def test_register_confirm_remind_cycle_leaks_neither_join_link_nor_address(
    client, caplog, settings
):
    caplog.set_level(logging.DEBUG)
    settings.EVENTS_REMINDER_DAYS = 3
    event = EventFactory(
        start=in_days(2), join_link=JOIN_LINK, capacity=10, title_en="Cross-border matchmaking"
    )
    MeasureFactory(organisation=event.organiser)
    event.measures.add(MeasureFactory(organisation=event.organiser))
    email = "anna.nowak+events@firma.example.pl"

    register(client, event, email=email)
    (confirm_mail,) = deliver()
    token = token_from_mail(confirm_mail)
    manage = reverse("events:manage", args=[token])
    assert client.post(manage, {"action": "confirm"}).status_code == 302
    deliver()
    assert services.reminders_send() == 1
    (reminder,) = deliver()
    # The participant does get the link: by e-mail, in the calendar file, on the manage page.
    assert JOIN_LINK in reminder.body
    attachment = reminder.attachments[0][1]
    attachment = attachment.decode() if isinstance(attachment, bytes) else attachment
    assert JOIN_LINK in unfold(attachment)
    assert JOIN_LINK in client.get(manage).content.decode()
    services.registrations_purge()

    for name, content in public_documents(client, event).items():
        assert JOIN_LINK not in content, f"join link on {name}"
        assert "very-secret-passcode" not in content, f"join link on {name}"
        assert email not in content, f"address on {name}"

    records = caplog.records
    assert records, "the cycle logs nothing: the check below would be empty"
    assert all(JOIN_LINK not in record.getMessage() for record in records)
    assert all("very-secret-passcode" not in (record.exc_text or "") for record in records)
    # What the configured console handler writes: no address either.
    (console,) = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactPrivateData) for f in handler.filters)
    ]
    written = "\n".join(console.format(record) for record in records if console.filter(record))
    assert email not in written
    assert JOIN_LINK not in written
    assert token not in written


def test_the_join_link_stays_off_the_manage_page_before_the_window(client, settings):
    settings.EVENTS_REMINDER_DAYS = 3
    event = EventFactory(start=in_days(10), join_link=JOIN_LINK)
    registration = services.registration_confirm(registration=RegistrationFactory(event=event))
    token = manage_token(registration)
    for path in (
        reverse("events:manage", args=[token]),
        reverse("events:manage_calendar", args=[token]),
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert JOIN_LINK not in unfold(response.content.decode())


def test_stored_e_mails_of_an_erased_registration_are_gone(client):
    event = EventFactory()
    email = "erase.me@example.org"
    registration = register(client, event, email=email)
    (message,) = deliver()
    token = token_from_mail(message)
    client.post(reverse("events:manage_erase", args=[token]))
    registration.refresh_from_db()
    assert registration.email != email
    assert not Email.objects.filter(Q(to__icontains=email) | Q(message__icontains=token)).exists()


def test_only_the_reminder_to_confirmed_participants_carries_the_join_link(settings):
    settings.EVENTS_REMINDER_DAYS = 3
    event = EventFactory(start=in_days(2), join_link=JOIN_LINK, capacity=1)
    seated = services.registration_confirm(registration=RegistrationFactory(event=event))
    waiting = services.registration_confirm(registration=RegistrationFactory(event=event))
    assert waiting.status == RegistrationStatus.WAITLISTED
    RegistrationFactory(event=event)  # never confirmed
    services.reminders_send()
    services.event_changed_notify(event=event, changes=["join link"])
    services.event_participants_message(event=event, subject="News", body="See you")
    messages = deliver()
    carrying = [
        message
        for message in messages
        if JOIN_LINK in message.body
        or JOIN_LINK in message.alternatives[0][0]
        or any(JOIN_LINK in unfold(as_text(attachment[1])) for attachment in message.attachments)
    ]
    assert len(messages) >= 5
    assert [message.to for message in carrying] == [[seated.email]]
    assert "join link" in carrying[0].subject.lower()


def test_a_cancelled_event_gives_its_join_link_to_no_one(client, settings):
    settings.EVENTS_REMINDER_DAYS = 3
    event = EventFactory(start=in_days(1), join_link=JOIN_LINK)
    registration = services.registration_confirm(registration=RegistrationFactory(event=event))
    token = manage_token(registration)
    calendar_url = reverse("events:manage_calendar", args=[token])
    assert JOIN_LINK in unfold(client.get(calendar_url).content.decode())
    services.event_cancel(event=event)
    # The participant's page says so, without the link and without promising it by e-mail.
    response = client.get(reverse("events:manage", args=[token]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This event has been cancelled." in page
    assert JOIN_LINK not in page
    assert "We will send you the join link" not in page
    # The calendar file still answers, so that calendars that imported it learn of the
    # cancellation, but no longer carries the link.
    response = client.get(calendar_url)
    assert response.status_code == 200
    calendar = unfold(response.content.decode())
    assert "STATUS:CANCELLED" in calendar
    assert JOIN_LINK not in calendar
