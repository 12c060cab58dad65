"""Many requests at once, each thread on its own database connection (real transactions)."""

import datetime
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone
from post_office.models import Email

from events import services
from events.emails import REFERENCE_HEADER
from events.models import Event, Registration, RegistrationStatus
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(count: int, function):
    """Call function(i) from `count` threads released together; return results or errors."""
    barrier = threading.Barrier(count)

    def worker(index):
        try:
            barrier.wait(timeout=10)
            return function(index)
        except Exception as error:  # noqa: BLE001 - reported to the test
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, range(count)))


def test_thirty_simultaneous_confirmations_never_exceed_ten_seats():
    event = EventFactory(capacity=10)
    registrations = RegistrationFactory.create_batch(30, event=event)

    results = run_at_once(
        30, lambda i: services.registration_confirm(registration=registrations[i])
    )

    assert not [r for r in results if isinstance(r, Exception)]
    statuses = Counter(Registration.objects.values_list("status", flat=True))
    assert statuses == {RegistrationStatus.CONFIRMED: 10, RegistrationStatus.WAITLISTED: 20}
    assert Event.objects.get(pk=event.pk).seats_taken == 10
    # Every person got exactly the message that matches their status.
    subjects = Counter(email.subject.split(":")[0] for email in Email.objects.all())
    assert subjects == {"Registration confirmed": 10, "You are on the waiting list": 20}


def test_simultaneous_cancellations_promote_each_waiting_person_once():
    event = EventFactory(capacity=5)
    registrations = RegistrationFactory.create_batch(15, event=event)
    for registration in registrations:
        services.registration_confirm(registration=registration)
    holders = registrations[:5]

    results = run_at_once(5, lambda i: services.registration_cancel(registration=holders[i]))

    assert not [r for r in results if isinstance(r, Exception)]
    confirmed = set(
        Registration.objects.filter(status=RegistrationStatus.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    # The five who waited longest, no one else.
    assert confirmed == {r.pk for r in registrations[5:10]}
    assert Event.objects.get(pk=event.pk).seats_taken == 5


def test_simultaneous_submissions_with_one_address_store_one_registration(settings):
    settings.EVENTS_RESEND_LIMIT = 3
    event = EventFactory()
    data = {
        "first_name": "Jan",
        "last_name": "Kowalski",
        "email": "jan@example.org",
        "organisation": "Firma",
        "organisation_type": "company",
        "country": "PL",
    }

    results = run_at_once(
        10,
        lambda i: services.registration_submit(
            event=event,
            data={**data, "email": ["jan@example.org", "JAN@example.org"][i % 2]},
            language="pl",
        ),
    )

    assert not [r for r in results if isinstance(r, Exception)]
    assert Registration.objects.count() == 1
    assert sum(1 for r in results if r.created) == 1
    # The link, and the repeats allowed per hour, not one more (counted under the row lock).
    assert Email.objects.count() == 1 + 3


def test_two_reminder_runs_at_once_send_each_participant_one_reminder(settings):
    settings.EVENTS_REMINDER_DAYS = 3
    soon = timezone.now() + datetime.timedelta(days=2)
    event = EventFactory(start=soon, end=soon + datetime.timedelta(hours=2))
    registrations = RegistrationFactory.create_batch(25, event=event)
    for registration in registrations:
        services.registration_confirm(registration=registration)
    Email.objects.all().delete()

    results = run_at_once(2, lambda i: services.reminders_send())

    assert sum(results) == 25
    per_registration = Counter(email.headers[REFERENCE_HEADER] for email in Email.objects.all())
    assert per_registration == {str(r.pk): 1 for r in registrations}
    assert not Registration.objects.filter(reminder_sent_at__isnull=True).exists()
