"""The content version rises with every change of public content, and only then: taking a seat,
registering and staff memberships never write (or lock) its row."""

import threading

import pytest
from django.db import connection, transaction

from events import services
from events.models import Event, RegistrationStatus
from next2met.contentversion import PRIVATE_TABLES, content_tables, content_version
from partners.models import Organisation
from tests.events.factories import EventFactory, RegistrationFactory
from tests.measures.factories import MeasureFactory, ThemeFactory
from tests.partners.factories import MembershipFactory, OrganisationFactory


def watched_tables() -> dict[str, set[str]]:
    """Table name → names of its content-version triggers, as installed by the migrations."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE p.proname = 'next2met_content_version_raise'"
        )
        watched: dict[str, set[str]] = {}
        for table, trigger in cursor.fetchall():
            watched.setdefault(table, set()).add(trigger)
    return watched


@pytest.mark.django_db
def test_every_public_table_is_watched_and_no_private_one():
    watched = watched_tables()
    tables = content_tables()
    assert {"measures_measure", "partners_organisation", "events_event"} <= set(tables)
    # A table added to a content app needs a migration that watches it (next2met.contentversion
    # .watch) or a place in PRIVATE_TABLES.
    assert set(tables) <= set(watched)
    assert not PRIVATE_TABLES & set(watched)


@pytest.mark.django_db
def test_changes_of_public_content_raise_it():
    organisation = OrganisationFactory()
    measure = MeasureFactory(organisation=organisation)
    event = EventFactory(organiser=organisation)

    version = content_version()
    organisation.name_en = "WITENO science park"
    organisation.save()
    assert content_version() > version

    version = content_version()
    measure.themes.add(ThemeFactory())
    assert content_version() > version

    version = content_version()
    Event.objects.filter(pk=event.pk).update(title_en="Matchmaking in Szczecin")
    assert content_version() > version

    version = content_version()
    event.co_organisers.add(OrganisationFactory())
    assert content_version() > version


@pytest.mark.django_db
def test_taking_and_freeing_seats_leave_it_alone():
    event = EventFactory(capacity=1)
    first, second = RegistrationFactory.create_batch(2, event=event)
    version = content_version()

    services.registration_confirm(registration=first)  # takes the only seat
    services.registration_confirm(registration=second)  # the event is full: waiting list
    services.registration_cancel(registration=first)  # frees the seat, which goes to second

    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert Event.objects.get(pk=event.pk).seats_taken == 1
    assert content_version() == version


@pytest.mark.django_db
def test_registrations_and_memberships_leave_it_alone():
    event = EventFactory()
    version = content_version()
    registration = RegistrationFactory(event=event)
    MembershipFactory(organisation=event.organiser)
    registration.delete()
    assert content_version() == version


@pytest.mark.django_db
def test_an_update_that_changes_nothing_leaves_it_alone():
    event = EventFactory()
    version = content_version()
    Event.objects.filter(pk=event.pk).update(title_en=event.title_en)
    assert content_version() == version


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_in_progress_blocks_neither_other_confirmations_nor_editors():
    first_event, second_event = EventFactory(capacity=10), EventFactory(capacity=10)
    first = RegistrationFactory(event=first_event)
    second = RegistrationFactory(event=second_event)
    organisation = Organisation.objects.get(pk=second_event.organiser_id)
    version = content_version()
    holding, release = threading.Event(), threading.Event()
    errors = []

    def confirm_and_hold_the_transaction_open():
        try:
            with transaction.atomic():
                services.registration_confirm(registration=first)
                holding.set()
                release.wait(timeout=30)
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            holding.set()
            connection.close()

    thread = threading.Thread(target=confirm_and_hold_the_transaction_open)
    thread.start()
    try:
        assert holding.wait(timeout=10)
        with connection.cursor() as cursor:
            # Waiting for a lock the first transaction holds fails instead of hanging.
            cursor.execute("SET lock_timeout = '2s'")
        try:
            services.registration_confirm(registration=second)
            after_confirmations = content_version()
            Organisation.objects.filter(pk=organisation.pk).update(name_en="ICT Cluster")
            after_edit = content_version()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
    finally:
        release.set()
        thread.join(timeout=30)

    assert not errors
    assert after_confirmations == version
    assert after_edit > version
    assert Event.objects.get(pk=first_event.pk).seats_taken == 1
    assert Event.objects.get(pk=second_event.pk).seats_taken == 1
