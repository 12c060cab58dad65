"""Scheduled commands: join-link reminders and the purge of personal data."""

import datetime
import io

import icalendar
import pytest
from django.core.management import call_command
from django.utils import timezone
from post_office.models import Email

from events import services
from events.models import Event, Registration, RegistrationStatus
from tests.events.factories import EventFactory, RegistrationFactory
from tests.events.mailbox import deliver

pytestmark = pytest.mark.django_db


def confirmed(event, **kwargs):
    registration = RegistrationFactory(event=event, **kwargs)
    return services.registration_confirm(registration=registration)


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_reminder_goes_to_confirmed_participants_inside_the_window_once(settings):
    settings.EVENTS_REMINDER_DAYS = 3
    now = timezone.now()
    soon = EventFactory(
        start=now + datetime.timedelta(days=2), end=now + datetime.timedelta(days=2, hours=2)
    )
    later = EventFactory(
        start=now + datetime.timedelta(days=5), end=now + datetime.timedelta(days=5, hours=2)
    )
    participant = confirmed(soon, language="pl")
    RegistrationFactory(event=soon)  # pending: no join link
    confirmed(later)
    deliver()

    assert "1 reminder(s) queued" in run("send_event_reminders")
    assert "0 reminder(s) queued" in run("send_event_reminders")

    [message] = deliver()
    assert message.to == [participant.email]
    assert soon.join_link in message.body
    assert "/pl/events/registration/" in message.body
    [(name, content, mimetype)] = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    [vevent] = calendar.walk("VEVENT")
    assert soon.join_link in str(vevent["description"])


def test_no_late_reminder_for_events_that_have_started(settings):
    now = timezone.now()
    running = EventFactory(
        start=now + datetime.timedelta(hours=1), end=now + datetime.timedelta(hours=3)
    )
    confirmed(running)
    Event.objects.filter(pk=running.pk).update(start=now - datetime.timedelta(minutes=5))
    Email.objects.all().delete()
    run("send_event_reminders")
    assert not Email.objects.exists()


def test_cancelled_event_gets_no_reminder():
    now = timezone.now()
    event = EventFactory(
        start=now + datetime.timedelta(days=1), end=now + datetime.timedelta(days=1, hours=1)
    )
    confirmed(event)
    services.event_cancel(event=event)
    Email.objects.all().delete()
    run("send_event_reminders")
    assert not Email.objects.exists()


def test_purge_anonymises_old_registrations_and_keeps_counts(settings):
    settings.EVENTS_PURGE_DAYS = 30
    now = timezone.now()
    old = EventFactory(
        start=now - datetime.timedelta(days=40),
        end=now - datetime.timedelta(days=40) + datetime.timedelta(hours=2),
    )
    recent = EventFactory(
        start=now - datetime.timedelta(days=5),
        end=now - datetime.timedelta(days=5) + datetime.timedelta(hours=2),
    )
    kept = RegistrationFactory(event=recent, status=RegistrationStatus.CONFIRMED, confirmed_at=now)
    for _ in range(3):
        RegistrationFactory(
            event=old,
            status=RegistrationStatus.CONFIRMED,
            confirmed_at=now,
            country="DE",
            message="Please call me",
            position="CEO",
        )

    assert "3 anonymised" in run("purge_registrations")

    purged = Registration.objects.filter(event=old)
    assert purged.count() == 3
    assert set(purged.values_list("status", "country")) == {(RegistrationStatus.CONFIRMED, "DE")}
    for registration in purged:
        assert registration.first_name == registration.last_name == registration.message == ""
        assert registration.email == f"{registration.pk}@anonymised.invalid"
        assert registration.token_hash == ""
    kept.refresh_from_db()
    assert kept.anonymised_at is None and kept.first_name
    assert "0 anonymised" in run("purge_registrations")


def test_purge_deletes_expired_unconfirmed_registrations(settings):
    settings.EVENTS_CONFIRMATION_HOURS = 48
    event = EventFactory()
    expired = RegistrationFactory(
        event=event, created_at=timezone.now() - datetime.timedelta(hours=49)
    )
    fresh = RegistrationFactory(event=event)
    assert "1 expired registration(s) deleted" in run("purge_registrations")
    assert list(Registration.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not Registration.objects.filter(pk=expired.pk).exists()


def test_no_personal_data_in_logs(caplog, settings):
    settings.EVENTS_REMINDER_DAYS = 3
    now = timezone.now()
    event = EventFactory(
        start=now + datetime.timedelta(days=1), end=now + datetime.timedelta(days=1, hours=1)
    )
    participant = confirmed(event, email="private.person@example.org")
    with caplog.at_level("DEBUG"):
        services.reminders_send()
        services.registration_cancel(registration=participant)
        services.registrations_purge()
    assert "private.person" not in caplog.text


def test_reminder_for_an_on_site_event_has_no_join_link(settings):
    settings.EVENTS_REMINDER_DAYS = 3
    now = timezone.now()
    event = EventFactory(
        format="on_site",
        join_link="",
        platform="",
        venue_en="Technology park <Greifswald>",
        title_en="Visit & talk",
        start=now + datetime.timedelta(days=1),
        end=now + datetime.timedelta(days=1, hours=3),
    )
    confirmed(event)
    deliver()
    services.reminders_send()
    [message] = deliver()
    assert message.subject == "Reminder: Visit & talk"
    assert "Join link" not in message.body
    html = message.alternatives[0][0]
    assert "Technology park &lt;Greifswald&gt;" in html
    assert "Technology park <Greifswald>" in message.body
