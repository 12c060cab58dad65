"""Registration rules: double opt-in, duplicates, expiry, capacity, waiting list, erasure."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from post_office.models import STATUS, Email

from events import services
from events.models import Event, EventStatus, Registration, RegistrationStatus
from events.selectors import RegistrationState
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


def test_a_registrant_cannot_cancel_once_the_event_is_over_but_the_organisers_can():
    event = EventFactory(capacity=2)
    registration = services.registration_confirm(registration=RegistrationFactory(event=event))
    after = event.end + datetime.timedelta(hours=1)
    with pytest.raises(services.RegistrationError) as error:
        services.registration_cancel(registration=registration, by_registrant=True, now=after)
    assert error.value.code == RegistrationState.OVER
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    # Before the end the registrant may; afterwards the organisers still may.
    services.registration_cancel(registration=registration, now=after)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert Event.objects.get(pk=event.pk).seats_taken == 0


# --- Changes of an event ----------------------------------------------------------------------


def test_saving_an_event_keeps_the_seats_taken_since_it_was_loaded():
    event = EventFactory(capacity=5)
    opened_in_the_form = Event.objects.get(pk=event.pk)
    services.registration_confirm(registration=RegistrationFactory(event=event))
    opened_in_the_form.title_en = "Renamed"
    services.event_update(event=opened_in_the_form, changed_fields=["title_en"])
    saved = Event.objects.get(pk=event.pk)
    assert (saved.title_en, saved.seats_taken) == ("Renamed", 1)


def test_more_seats_or_no_limit_give_the_people_waiting_longest_their_seats():
    event = EventFactory(capacity=1)
    registrations = RegistrationFactory.create_batch(4, event=event)
    for registration in registrations:
        services.registration_confirm(registration=registration)
    event = Event.objects.get(pk=event.pk)
    event.capacity = 2
    result = services.event_update(event=event, changed_fields=["capacity"])
    assert [r.pk for r in result.promoted] == [registrations[1].pk]
    event.capacity = None
    result = services.event_update(event=event, changed_fields=["capacity"])
    assert [r.pk for r in result.promoted] == [registrations[2].pk, registrations[3].pk]
    assert Event.objects.get(pk=event.pk).seats_taken == 4
    assert not Registration.objects.filter(status=RegistrationStatus.WAITLISTED).exists()


def test_capacity_below_the_seats_taken_is_refused_and_nothing_saved():
    event = EventFactory(capacity=3, title_en="Before")
    for registration in RegistrationFactory.create_batch(2, event=event):
        services.registration_confirm(registration=registration)
    event = Event.objects.get(pk=event.pk)
    event.capacity, event.title_en = 1, "After"
    with pytest.raises(ValidationError) as error:
        services.event_update(event=event, changed_fields=["capacity", "title_en"])
    assert "2 seats are already taken" in str(error.value.message_dict["capacity"])
    assert Event.objects.get(pk=event.pk).title_en == "Before"


def test_registrants_hear_of_changed_details_only_when_asked_and_published():
    event = EventFactory(capacity=1)
    confirmed, waiting, pending = RegistrationFactory.create_batch(3, event=event)
    services.registration_confirm(registration=confirmed)
    services.registration_confirm(registration=waiting)
    deliver()
    event = Event.objects.get(pk=event.pk)
    event.venue_de = "Raum 2"
    changed = ["venue_de", "title_en"]
    result = services.event_update(event=event, changed_fields=changed)
    assert (result.changes, result.notified, deliver()) == ([], 0, [])
    result = services.event_update(event=event, changed_fields=changed, notify_registrants=True)
    assert ([str(change) for change in result.changes], result.notified) == (["venue"], 2)
    assert {message.to[0] for message in deliver()} == {confirmed.email, waiting.email}
    # Unpublished by a review step: changes of a draft tell nobody.
    Event.objects.filter(pk=event.pk).update(status=EventStatus.DRAFT)
    event = Event.objects.get(pk=event.pk)
    event.venue_de = "Raum 3"
    result = services.event_update(event=event, changed_fields=changed, notify_registrants=True)
    assert (result.notified, deliver()) == (0, [])


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.IN_REVIEW])
def test_saving_an_event_never_changes_its_status(status):
    """Publishing and unpublishing are review steps (partners.services.workflow_transition)."""
    event = EventFactory(status=status)
    event = Event.objects.get(pk=event.pk)
    event.status = EventStatus.PUBLISHED
    with pytest.raises(ValidationError) as error:
        services.event_update(event=event)
    assert error.value.error_dict["status"][0].code == "workflow_status"
    assert Event.objects.get(pk=event.pk).status == status


def test_an_event_in_review_takes_no_registrations():
    event = EventFactory(status=EventStatus.IN_REVIEW)
    with pytest.raises(services.RegistrationError):
        services.registration_submit(
            event=event,
            data={"email": "someone@example.org", "first_name": "A", "last_name": "B"},
            language="en",
        )
    assert not event.registrations.exists()


def test_an_event_is_cancelled_only_through_the_cancellation_that_tells_everyone():
    event = EventFactory()
    RegistrationFactory(event=event)
    event = Event.objects.get(pk=event.pk)
    event.status = EventStatus.CANCELLED
    with pytest.raises(ValidationError) as error:
        services.event_update(event=event)
    assert "status" in error.value.message_dict
    assert Event.objects.get(pk=event.pk).status == EventStatus.PUBLISHED
    services.event_cancel(event=event)
    event = Event.objects.get(pk=event.pk)
    event.status = EventStatus.PUBLISHED
    with pytest.raises(ValidationError):
        services.event_update(event=event)
    assert Event.objects.get(pk=event.pk).status == EventStatus.CANCELLED


def test_an_event_moves_only_to_an_organisation_the_person_may_change_events_of(
    manager_a, org_a, org_b
):
    event = EventFactory(organiser=org_a, title_en="Ours")
    event = Event.objects.get(pk=event.pk)
    event.title_en = "Renamed by us"
    services.event_update(event=event, user=manager_a, changed_fields=["title_en"])
    event.organiser, event.title_en = org_b, "Given away"
    with pytest.raises(PermissionDenied):
        services.event_update(event=event, user=manager_a, changed_fields=["organiser"])
    saved = Event.objects.get(pk=event.pk)
    assert (saved.organiser_id, saved.title_en) == (org_a.pk, "Renamed by us")
    other = Event.objects.get(pk=EventFactory(organiser=org_b).pk)
    other.title_en = "Not ours"
    with pytest.raises(PermissionDenied):
        services.event_update(event=other, user=manager_a, changed_fields=["title_en"])


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.IN_REVIEW])
def test_an_unpublished_event_is_not_cancelled_into_public_view(status):
    """A cancelled event is public news; an event nobody has seen is returned to draft."""
    event = EventFactory(status=status)
    with pytest.raises(services.RegistrationError):
        services.event_cancel(event=event)
    event.refresh_from_db()
    assert event.status == status
    assert not Event.objects.published().filter(pk=event.pk).exists()
