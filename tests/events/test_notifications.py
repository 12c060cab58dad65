"""Organisers hear about their events' registrations: an e-mail per change, a daily summary
(exactly once per event and day, only when something happened) or nothing, each member of
staff in their admin language."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from events import services
from events.emails import REFERENCE_HEADER
from events.models import Event, OrganiserDigest, OrganiserNotifications
from events.notifications import DIGEST_HEADER, day_start, organiser_digests_send
from next2met.models import StaffLanguage
from partners.models import MembershipRole
from tests.events.factories import EventFactory, RegistrationFactory
from tests.events.test_concurrency import run_at_once
from tests.partners.factories import MembershipFactory, OrganisationFactory
from tests.reviews.conftest import post_form

EACH, DIGEST, NONE = (
    OrganiserNotifications.EACH,
    OrganiserNotifications.DIGEST,
    OrganiserNotifications.NONE,
)


def staff(organisation, username, language=None, role=MembershipRole.EDITOR):
    user = MembershipFactory(
        organisation=organisation,
        role=role,
        user__username=username,
        user__first_name=username.capitalize(),
    ).user
    if language:
        StaffLanguage.objects.create(user=user, language=language)
    return user


def organiser_mails(**headers):
    """Queued messages to organisers' staff (addresses at example.org of staff users)."""
    queryset = Email.objects.filter(to__icontains="@example.org").exclude(to__icontains="person")
    return list(queryset.filter(**{f"headers__{k}": v for k, v in headers.items()}).order_by("pk"))


def to(email) -> str:
    return email.to[0] if isinstance(email.to, list) else email.to


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name_en="Alpha Agency", slug="alpha")


@pytest.fixture
def team(organisation):
    """A German-speaking manager, a Polish-speaking editor and an editor who never opened the
    admin (English), all of the organiser; and staff of another organisation."""
    other = OrganisationFactory(slug="other")
    return {
        "de": staff(organisation, "dora", "de", MembershipRole.MANAGER),
        "pl": staff(organisation, "piotr", "pl"),
        "en": staff(organisation, "emma"),
        "other": staff(other, "oskar", "de"),
    }


def event_with(organisation, mode, **fields):
    return EventFactory(
        organiser=organisation, organiser_notifications=mode, title_en="Matchmaking day", **fields
    )


# --- One e-mail per change ----------------------------------------------------------------


@pytest.mark.django_db
def test_each_mode_mails_every_member_of_staff_about_a_confirmation(organisation, team):
    event = event_with(organisation, EACH, capacity=10)
    registration = RegistrationFactory(
        event=event, first_name="Anna", last_name="Nowak", organisation="Klaster ICT", country="PL"
    )

    services.registration_confirm(registration=registration)

    mails = organiser_mails()
    assert sorted(to(mail) for mail in mails) == sorted(
        f"{name}@example.org" for name in ("dora", "piotr", "emma")
    )
    for mail in mails:
        assert mail.headers[REFERENCE_HEADER] == str(registration.pk)
        assert mail.expires_at >= event.end
        assert "Anna Nowak" in mail.subject
        assert "Klaster ICT" in mail.message
    seats = {to(mail): mail.message for mail in mails}
    assert "Seats taken: 1 of 10" in seats["emma@example.org"]
    assert "Belegte Plätze: 1 von 10" in seats["dora@example.org"]
    assert "Zajęte miejsca: 1 z 10" in seats["piotr@example.org"]
    assert "oskar@example.org" not in [to(mail) for mail in mails]


@pytest.mark.django_db
def test_each_mode_mails_are_in_each_staff_members_admin_language(organisation, team):
    event = event_with(organisation, EACH)
    services.registration_confirm(registration=RegistrationFactory(event=event, country="PL"))

    by_recipient = {to(mail): mail for mail in organiser_mails()}
    german, polish, english = (
        by_recipient["dora@example.org"],
        by_recipient["piotr@example.org"],
        by_recipient["emma@example.org"],
    )
    assert german.message.startswith("Guten Tag Dora,")
    assert '<html lang="de">' in german.html_message
    assert "/de/admin/events/registration/" in german.message
    assert "Polen" in german.message
    assert "IT-Unternehmen" in german.message
    assert polish.message.startswith("Dzień dobry Piotr,")
    assert '<html lang="pl">' in polish.html_message
    assert "/pl/admin/events/event/" in polish.message
    assert "Polska" in polish.message
    assert english.message.startswith("Hello Emma,")
    assert "/en/admin/" in english.message


@pytest.mark.django_db
def test_each_mode_covers_waiting_list_moving_up_and_cancellation(organisation, team):
    event = event_with(organisation, EACH, capacity=1)
    first, second = RegistrationFactory.create_batch(2, event=event)
    services.registration_confirm(registration=first)
    services.registration_confirm(registration=second)
    Email.objects.all().delete()

    services.registration_cancel(registration=first, by_registrant=True)

    subjects = sorted(
        mail.subject.split(":")[0] for mail in organiser_mails() if to(mail) == "emma@example.org"
    )
    assert subjects == ["Cancelled", "Moved up from the waiting list"]
    assert len(organiser_mails()) == 6  # two changes, three members of staff


@pytest.mark.django_db
def test_the_waiting_list_is_announced_as_such(organisation, team):
    event = event_with(organisation, EACH, capacity=1)
    first, second = RegistrationFactory.create_batch(2, event=event)
    services.registration_confirm(registration=first)
    Email.objects.all().delete()

    services.registration_confirm(registration=second)

    subjects = {to(mail): mail.subject.split(":")[0] for mail in organiser_mails()}
    assert subjects == {
        "emma@example.org": "On the waiting list",
        "dora@example.org": "Auf der Warteliste",
        "piotr@example.org": "Na liście oczekujących",
    }


@pytest.mark.django_db
def test_unconfirmed_registrations_are_never_announced(organisation, team):
    event = event_with(organisation, EACH)
    registration = RegistrationFactory(event=event)

    services.registration_cancel(registration=registration)

    assert organiser_mails() == []


@pytest.mark.django_db
def test_erasure_deletes_the_organisers_message_naming_the_person(organisation, team):
    event = event_with(organisation, EACH)
    registration = RegistrationFactory(event=event, last_name="Nowak")
    services.registration_confirm(registration=registration)
    assert organiser_mails()

    services.registration_erase(registration=registration)

    assert not [mail for mail in organiser_mails() if "Nowak" in mail.message]


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [NONE, DIGEST])
def test_other_modes_send_nothing_per_change(organisation, team, mode):
    event = event_with(organisation, mode, capacity=1)
    first, second = RegistrationFactory.create_batch(2, event=event)
    services.registration_confirm(registration=first)
    services.registration_confirm(registration=second)
    services.registration_cancel(registration=first)

    assert organiser_mails() == []


@pytest.mark.django_db
def test_new_events_default_to_the_daily_summary(organisation):
    assert Event(organiser=organisation).organiser_notifications == DIGEST


# --- The daily summary ----------------------------------------------------------------------


def yesterday_at(hour: int) -> datetime.datetime:
    return day_start(timezone.now()) - datetime.timedelta(days=1) + datetime.timedelta(hours=hour)


@pytest.fixture
def busy_day(organisation, team):
    """Yesterday: two people confirmed, one joined the waiting list, one cancelled and the one
    waiting moved up; one registration is still unconfirmed."""
    event = event_with(organisation, DIGEST, capacity=2)
    people = [
        RegistrationFactory(
            event=event, first_name=first, last_name=last, created_at=yesterday_at(8)
        )
        for first, last in (("Anna", "Nowak"), ("Jonas", "Schulz"), ("Maria", "Kowalska"))
    ]
    RegistrationFactory(event=event, first_name="Pending", last_name="Person")
    for hour, registration in zip((9, 10, 11), people, strict=True):
        services.registration_confirm(registration=registration, now=yesterday_at(hour))
    services.registration_cancel(registration=people[0], now=yesterday_at(12))
    return event


@pytest.mark.django_db
def test_digest_lists_what_happened_with_names_once_per_member_of_staff(busy_day):
    assert organiser_digests_send() == 1

    mails = organiser_mails()
    assert sorted(to(mail) for mail in mails) == sorted(
        f"{name}@example.org" for name in ("dora", "piotr", "emma")
    )
    english = next(mail for mail in mails if to(mail) == "emma@example.org")
    text = english.message
    assert "2 new confirmed registrations" in text
    assert "1 person joined the waiting list" in text
    assert "1 person moved up from the waiting list" in text
    assert "1 registration cancelled" in text
    for name in ("Anna Nowak", "Jonas Schulz", "Maria Kowalska"):
        assert name in text
    assert "Pending Person" not in text
    assert "Now: 2 confirmed of 2 seats, 0 on the waiting list." in text
    assert english.headers[DIGEST_HEADER].startswith(f"{busy_day.pk}:")
    german = next(mail for mail in mails if to(mail) == "dora@example.org")
    assert german.message.startswith("Guten Tag Dora,")
    assert '<html lang="de">' in german.html_message
    polish = next(mail for mail in mails if to(mail) == "piotr@example.org")
    assert polish.message.startswith("Dzień dobry Piotr,")


@pytest.mark.django_db
def test_digest_goes_out_once_a_day_and_again_only_after_new_changes(busy_day):
    assert organiser_digests_send() == 1
    assert organiser_digests_send() == 0
    assert len(organiser_mails()) == 3

    # Something happens today: it is in tomorrow's summary, not in a second one today.
    services.registration_confirm(registration=RegistrationFactory(event=busy_day))
    assert organiser_digests_send() == 0
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert organiser_digests_send(now=tomorrow) == 1
    latest = organiser_mails()[-1]
    assert "1 person joined the waiting list" in latest.message
    assert "Anna Nowak" not in latest.message
    assert OrganiserDigest.objects.filter(event=busy_day).count() == 2


@pytest.mark.django_db
def test_no_digest_when_nothing_happened(organisation, team):
    quiet = event_with(organisation, DIGEST)
    RegistrationFactory(event=quiet, created_at=yesterday_at(9))  # never confirmed

    assert organiser_digests_send() == 0

    assert organiser_mails() == []


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [NONE, EACH])
def test_no_digest_for_other_modes(busy_day, mode):
    Event.objects.filter(pk=busy_day.pk).update(organiser_notifications=mode)
    Email.objects.all().delete()

    assert organiser_digests_send() == 0
    assert organiser_mails() == []


@pytest.mark.django_db
def test_the_command_queues_the_digests(busy_day, capsys):
    call_command("send_organiser_digests")

    assert "1 organisers' summary(ies) queued." in capsys.readouterr().out
    assert len(organiser_mails()) == 3


@pytest.mark.django_db(transaction=True)
def test_two_digest_runs_at_once_send_each_summary_once():
    organisation = OrganisationFactory(slug="alpha")
    staff(organisation, "dora", "de")
    staff(organisation, "emma")
    events = [event_with(organisation, DIGEST, slug=f"event-{n}") for n in range(3)]
    for event in events:
        registration = RegistrationFactory(event=event, created_at=yesterday_at(8))
        services.registration_confirm(registration=registration, now=yesterday_at(9))

    results = run_at_once(2, lambda i: organiser_digests_send())

    assert not [r for r in results if isinstance(r, Exception)]
    assert sum(results) == 3
    mails = Email.objects.filter(**{f"headers__{DIGEST_HEADER}__isnull": False})
    assert mails.count() == 3 * 2
    assert OrganiserDigest.objects.count() == 3


# --- The setting ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_untrusted_staff_change_the_setting_of_a_published_event_at_once(client, organisation):
    editor = staff(organisation, "edda")
    event = event_with(organisation, DIGEST)
    client.force_login(editor)

    response = post_form(client, event, {"organiser_notifications": EACH, "title_en": "Renamed"})

    assert response.status_code == 302
    live = Event.objects.get(pk=event.pk)
    # The title waits for review; the notification setting applies at once.
    assert (live.title_en, live.organiser_notifications) == ("Matchmaking day", EACH)


@pytest.mark.django_db
def test_the_setting_is_on_the_event_form(client, organisation):
    client.force_login(staff(organisation, "edda"))
    event = event_with(organisation, DIGEST)

    page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()

    assert 'name="organiser_notifications"' in page
