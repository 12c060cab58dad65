"""E-mail that must not be lost: retries for as long as a message is useful, repeat limits."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email, Log

from events import emails, services
from events.models import Registration
from tests.events.factories import EventFactory, RegistrationFactory
from tests.events.helpers import registration_data
from tests.events.mailbox import deliver

pytestmark = pytest.mark.django_db

FAILING = "tests.events.failing_backend.FailingBackend"
WORKING = "django.core.mail.backends.locmem.EmailBackend"

DATA = {
    "first_name": "Anna",
    "last_name": "Nowak",
    "email": "anna@example.org",
    "organisation": "Klaster",
    "organisation_type": "it_company",
    "country": "PL",
}


@pytest.fixture(autouse=True)
def _retry_settings(settings):
    settings.EMAIL_RETRY_MINUTES = 5
    settings.EMAIL_RETRY_MAX_MINUTES = 60
    settings.EVENTS_CONFIRMATION_HOURS = 48


def submit(event, **changes):
    return services.registration_submit(event=event, data={**DATA, **changes}, language="en")


def queue(registration, kind, **kwargs):
    with transaction.atomic():
        return emails.registration_email_queue(registration=registration, kind=kind, **kwargs)


def pause_has_passed(email):
    """Let the pause before the next attempt run out (instead of waiting for it)."""
    Email.objects.filter(pk=email.pk).update(
        scheduled_time=timezone.now() - datetime.timedelta(seconds=1)
    )


# --- Retries for as long as a message is useful ------------------------------------------------


def test_outage_of_many_hours_retries_with_growing_pauses_and_delivers_afterwards(settings):
    settings.EMAIL_BACKEND = FAILING
    submit(EventFactory())
    email = Email.objects.get()
    pauses = []
    for attempt in range(1, 11):
        before = timezone.now()
        assert deliver() == []
        email.refresh_from_db()
        assert email.status == STATUS.requeued, f"given up after {attempt} attempts"
        assert email.number_of_retries == attempt
        pauses.append(round((email.scheduled_time - before).total_seconds() / 60))
        pause_has_passed(email)
    # Doubling pauses up to an hour: ten attempts cover more than seven hours of outage.
    assert pauses == [5, 10, 20, 40, 60, 60, 60, 60, 60, 60]
    assert Log.objects.filter(email=email, status=STATUS.failed).count() == 10

    settings.EMAIL_BACKEND = WORKING
    [message] = deliver()
    assert message.to == ["anna@example.org"]
    email.refresh_from_db()
    assert email.status == STATUS.sent


def test_a_message_not_yet_due_is_not_sent_before_its_pause_is_over(settings):
    settings.EMAIL_BACKEND = FAILING
    submit(EventFactory())
    deliver()
    settings.EMAIL_BACKEND = WORKING
    assert deliver() == []  # the pause of five minutes has not passed
    pause_has_passed(Email.objects.get())
    assert len(deliver()) == 1


def test_confirmation_is_given_up_only_when_its_link_would_have_expired(settings):
    settings.EMAIL_BACKEND = FAILING
    event = EventFactory()
    # The link expires in half an hour.
    registration = RegistrationFactory(
        event=event, created_at=timezone.now() - datetime.timedelta(hours=47, minutes=30)
    )
    email = queue(registration, "confirm")
    assert email.expires_at == registration.confirmation_expires_at()

    statuses = []
    for _attempt in range(4):
        deliver()
        email.refresh_from_db()
        statuses.append(email.status)
        pause_has_passed(email)
    # Pauses of 5, 10 and 20 minutes end before the link expires; 40 would not.
    assert statuses == [STATUS.requeued] * 3 + [STATUS.failed]
    assert email.number_of_retries == 4
    last = Log.objects.filter(email=email).latest("date")
    assert "mail server unreachable" in last.message

    settings.EMAIL_BACKEND = WORKING
    assert deliver() == []  # a failed message stays failed


def test_each_message_is_useful_until_its_link_or_event_is_over(settings):
    settings.EVENTS_PURGE_DAYS = 90
    now = timezone.now()
    event = EventFactory(
        start=now + datetime.timedelta(days=10), end=now + datetime.timedelta(days=10, hours=2)
    )
    registration = RegistrationFactory(event=event)
    assert queue(registration, "confirm").expires_at == registration.confirmation_expires_at()
    for kind in ("confirmed", "waitlisted", "promoted", "reminder", "event_changed"):
        assert queue(registration, kind).expires_at == event.end, kind
    # The recording is worth sending until the registrations are anonymised.
    recording = queue(registration, "recording")
    assert recording.expires_at == event.end + datetime.timedelta(days=90)

    # A confirmation link cannot be used once the event has started.
    tomorrow = EventFactory(
        start=now + datetime.timedelta(hours=20), end=now + datetime.timedelta(hours=22)
    )
    early = RegistrationFactory(event=tomorrow)
    assert queue(early, "confirm").expires_at == tomorrow.start

    # A message to the participants after the event is still worth sending.
    past = EventFactory(
        start=now - datetime.timedelta(days=2), end=now - datetime.timedelta(days=1, hours=22)
    )
    after = queue(RegistrationFactory(event=past), "organiser_message", context={})
    assert after.expires_at == past.end + datetime.timedelta(days=90)


def test_message_whose_time_ran_out_in_the_queue_is_failed_visibly_not_sent():
    registration = RegistrationFactory(event=EventFactory())
    email = queue(registration, "confirm")
    Email.objects.filter(pk=email.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert deliver() == []
    email.refresh_from_db()
    assert email.status == STATUS.failed
    log = Log.objects.get(email=email)
    assert log.exception_type == "Expired"
    assert "stopped being useful" in log.message


def test_message_without_own_deadline_is_retried_for_the_configured_hours(settings):
    settings.EMAIL_BACKEND = FAILING
    settings.EMAIL_RETRY_HOURS = 1
    email = queue(RegistrationFactory(event=EventFactory()), "confirmed")
    Email.objects.filter(pk=email.pk).update(expires_at=None)
    statuses = []
    for _attempt in range(5):
        deliver()
        email.refresh_from_db()
        statuses.append(email.status)
        pause_has_passed(email)
    # Pauses of 5 to 40 minutes end within the hour after queuing; the next one of 60 would not.
    assert statuses == [STATUS.requeued] * 4 + [STATUS.failed]


# --- Repeated registrations ----------------------------------------------------------------------


def test_twenty_registrations_with_one_address_send_the_link_at_most_limit_times(settings):
    settings.EVENTS_RESEND_LIMIT = 3
    event = EventFactory()
    for number in range(20):
        result = submit(event, email="Anna@Example.org" if number % 2 else "anna@example.org")
        assert result.created == (number == 0)
    messages = deliver()
    # The first e-mail and three repeats in this hour, not twenty.
    assert len(messages) == 4
    assert {message.to[0].lower() for message in messages} == {"anna@example.org"}

    # An hour later the address may ask for its link again.
    Email.objects.update(created=timezone.now() - datetime.timedelta(minutes=61))
    submit(event)
    assert len(deliver()) == 1


def test_repeat_limit_counts_per_registration(settings):
    settings.EVENTS_RESEND_LIMIT = 1
    first, second = EventFactory(), EventFactory()
    for _round in range(3):
        submit(first)
        submit(second)
    # Per event: the link and one repeat.
    assert len(deliver()) == 4


def test_repeat_limit_also_holds_for_a_confirmed_registration(settings):
    settings.EVENTS_RESEND_LIMIT = 2
    event = EventFactory()
    submit(event)
    services.registration_confirm(registration=Registration.objects.get())
    deliver()
    for _round in range(5):
        submit(event)
    messages = deliver()
    assert len(messages) == 2
    assert all("confirmed" in message.subject.lower() for message in messages)


def test_registration_sent_page_is_the_same_whether_new_resent_or_suppressed(client, settings):
    settings.EVENTS_RESEND_LIMIT = 2
    event = EventFactory()
    url = reverse("events:register", args=[event.slug])
    pages = []
    for number in range(5):  # new, resent twice, then suppressed twice
        response = client.post(
            url, registration_data(), REMOTE_ADDR=f"192.0.2.{number + 1}", follow=True
        )
        assert response.status_code == 200
        pages.append(response.content)
    assert len(set(pages)) == 1
    html = pages[0].decode()
    assert "no more than 2 e-mails an hour" in html
    assert len(deliver()) == 3


def test_registration_sent_page_names_the_limit_in_every_language(client, settings):
    settings.EVENTS_RESEND_LIMIT = 3
    event = EventFactory()
    expected = {
        "de": "höchstens 3 E-Mails pro Stunde",
        "en": "no more than 3 e-mails an hour",
        "pl": "nie więcej niż 3 wiadomości na godzinę",
    }
    for language, text in expected.items():
        response = client.get(f"/{language}/events/{event.slug}/register/sent/")
        assert text in response.content.decode(), language


def test_delivered_messages_carry_no_malformed_expires_header(settings):
    settings.EMAIL_BACKEND = WORKING
    submit(EventFactory())
    assert Email.objects.get().expires_at is not None
    (message,) = deliver()
    assert "Expires" not in message.extra_headers
    assert "Expires:" not in message.message().as_string()
