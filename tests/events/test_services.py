"""Registration rules: double opt-in, duplicates, expiry, capacity, waiting list, erasure."""

import datetime
import zoneinfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from post_office.models import STATUS, Email

from events import services
from events.models import Event, Registration, RegistrationStatus
from tests.events.factories import EventFactory, RegistrationFactory, manage_token
from tests.events.mailbox import deliver

pytestmark = pytest.mark.django_db

MARCH_2027 = datetime.datetime(2027, 3, 18, 13, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))

DATA = {
    "first_name": "Anna",
    "last_name": "Nowak",
    "email": "Anna.Nowak@Example.org",
    "organisation": "Klaster",
    "organisation_type": "it_company",
    "country": "PL",
    "position": "",
    "message": "",
}


def submit(event, **changes):
    return services.registration_submit(event=event, data={**DATA, **changes}, language="pl")


def test_submission_stores_a_pending_registration_and_queues_the_confirmation_link():
    event = EventFactory(capacity=10)
    result = submit(event)
    registration = Registration.objects.get()
    assert result.created
    assert registration.status == RegistrationStatus.PENDING
    assert registration.language == "pl"
    assert registration.consent_at is not None
    event.refresh_from_db()
    assert event.seats_taken == 0  # no seat before the address is confirmed
    [message] = deliver()
    assert message.to == ["Anna.Nowak@Example.org"]
    token = manage_token(registration)
    assert f"/pl/events/registration/{token}/" in message.body
    # The link's token is not stored in the database, only its hash.
    assert token not in str(Registration.objects.values().get())


def test_second_submission_with_same_address_in_other_case_resends_the_link():
    event = EventFactory()
    submit(event)
    result = submit(event, email="anna.nowak@EXAMPLE.ORG", first_name="Someone else")
    assert not result.created
    assert Registration.objects.count() == 1
    assert Registration.objects.get().first_name == "Anna"
    messages = deliver()
    assert len(messages) == 2
    assert messages[0].body == messages[1].body


def test_database_refuses_a_second_active_registration_for_the_same_address():
    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="A@EXAMPLE.org")
    # A cancelled registration does not block a new one.
    Registration.objects.update(status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now())
    RegistrationFactory(event=event, email="A@EXAMPLE.org")


def test_resubmission_for_a_confirmed_registration_sends_its_status_again():
    event = EventFactory()
    registration = RegistrationFactory(event=event, email="anna.nowak@example.org")
    services.registration_confirm(registration=registration)
    deliver()
    result = submit(event)
    assert not result.created
    [message] = deliver()
    assert "confirmed" in message.subject.lower() or "potwierdz" in message.subject.lower()


def test_confirmation_takes_a_seat_once():
    event = EventFactory(capacity=2)
    registration = RegistrationFactory(event=event)
    services.registration_confirm(registration=registration)
    services.registration_confirm(registration=registration)  # a second click changes nothing
    registration.refresh_from_db()
    event.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert event.seats_taken == 1


def test_expired_registration_cannot_be_confirmed_and_is_replaced_by_a_new_submission(settings):
    settings.EVENTS_CONFIRMATION_HOURS = 24
    event = EventFactory()
    old = RegistrationFactory(
        event=event,
        email="anna.nowak@example.org",
        created_at=timezone.now() - datetime.timedelta(hours=25),
    )
    with pytest.raises(services.RegistrationError) as error:
        services.registration_confirm(registration=old)
    assert error.value.code == "expired"
    result = submit(event)
    assert result.created
    assert not Registration.objects.filter(pk=old.pk).exists()


def test_full_event_puts_confirmations_on_the_waiting_list_in_order():
    event = EventFactory(capacity=1)
    first, second, third = RegistrationFactory.create_batch(3, event=event)
    for registration in (first, second, third):
        services.registration_confirm(registration=registration)
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: RegistrationStatus.CONFIRMED,
        second.pk: RegistrationStatus.WAITLISTED,
        third.pk: RegistrationStatus.WAITLISTED,
    }


def test_cancellation_promotes_the_first_person_waiting_and_tells_them():
    event = EventFactory(capacity=1, start=MARCH_2027, end=MARCH_2027 + datetime.timedelta(hours=2))
    first, second, third = RegistrationFactory.create_batch(3, event=event, language="de")
    for registration in (first, second, third):
        services.registration_confirm(registration=registration)
    deliver()
    services.registration_cancel(registration=first)
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[second.pk] == RegistrationStatus.CONFIRMED
    assert statuses[third.pk] == RegistrationStatus.WAITLISTED
    event.refresh_from_db()
    assert event.seats_taken == 1
    recipients = {message.to[0]: message for message in deliver()}
    assert set(recipients) == {first.email, second.email}
    promoted = recipients[second.email]
    # In the registrant's language: German links and German dates.
    assert "/de/events/registration/" in promoted.body
    assert "18. März 2027" in promoted.body
    assert '<html lang="de">' in promoted.alternatives[0][0]


def test_newcomer_does_not_overtake_people_waiting_when_a_seat_is_free():
    event = EventFactory(capacity=1)
    holder, waiting = RegistrationFactory.create_batch(2, event=event)
    services.registration_confirm(registration=holder)
    services.registration_confirm(registration=waiting)
    late = RegistrationFactory(event=event)
    services.registration_cancel(registration=holder)
    services.registration_confirm(registration=late)
    waiting.refresh_from_db()
    late.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert late.status == RegistrationStatus.WAITLISTED


def test_database_refuses_more_seats_than_capacity():
    event = EventFactory(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(seats_taken=2)


def test_raising_the_capacity_fills_seats_from_the_waiting_list():
    event = EventFactory(capacity=1)
    registrations = RegistrationFactory.create_batch(3, event=event)
    for registration in registrations:
        services.registration_confirm(registration=registration)
    Event.objects.filter(pk=event.pk).update(capacity=2)
    event.refresh_from_db()
    promoted = services.event_waitlist_fill(event=event)
    assert [r.pk for r in promoted] == [registrations[1].pk]


def test_erasure_frees_the_seat_removes_personal_data_and_stored_mails():
    event = EventFactory(capacity=1)
    registration, waiting = RegistrationFactory.create_batch(2, event=event)
    services.registration_confirm(registration=registration)
    services.registration_confirm(registration=waiting)
    token = manage_token(registration)
    services.registration_erase(registration=registration)
    erased = Registration.objects.get(pk=registration.pk)
    assert erased.status == RegistrationStatus.CANCELLED
    assert erased.anonymised_at is not None
    assert (erased.first_name, erased.last_name, erased.organisation) == ("", "", "")
    assert erased.email.endswith("@anonymised.invalid")
    assert services.registration_by_token(token=token) is None
    assert not Email.objects.filter(to__contains=registration.email).exists()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_cancelling_the_event_tells_confirmed_and_waiting_people():
    event = EventFactory(capacity=1)
    confirmed, waiting, pending = RegistrationFactory.create_batch(3, event=event)
    services.registration_confirm(registration=confirmed)
    services.registration_confirm(registration=waiting)
    deliver()
    assert services.event_cancel(event=event) == 2
    assert {m.to[0] for m in deliver()} == {confirmed.email, waiting.email}
    assert services.event_cancel(event=event) == 0  # only once


def test_recording_is_announced_once_to_confirmed_participants():
    event = EventFactory(recording_url="https://video.example.org/1")
    confirmed = RegistrationFactory(event=event)
    services.registration_confirm(registration=confirmed)
    RegistrationFactory(event=event)  # pending: not told
    deliver()
    assert services.event_recording_publish(event=event) == 1
    assert services.event_recording_publish(event=event) == 0
    [message] = deliver()
    assert "https://video.example.org/1" in message.body


def test_mail_failure_keeps_the_registration_and_the_message_for_a_retry(settings):
    settings.EMAIL_BACKEND = "tests.events.failing_backend.FailingBackend"
    event = EventFactory()
    submit(event)
    deliver()
    assert Registration.objects.count() == 1
    email = Email.objects.get()
    assert email.status == STATUS.requeued
    assert email.scheduled_time > timezone.now()  # retried after the retry interval
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Email.objects.update(scheduled_time=timezone.now() - datetime.timedelta(minutes=1))
    assert len(deliver()) == 1
