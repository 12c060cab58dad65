"""A waiting list people can understand: their place on it, in the page and the e-mail, the rule
for who moves up, and leaving it in one click."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import override
from post_office.models import Email

from events import selectors, services
from events.emails import REFERENCE_HEADER
from events.models import Event, Registration, RegistrationStatus
from tests.events.factories import EventFactory, RegistrationFactory, manage_token
from tests.events.test_concurrency import run_at_once

PLACE = {
    "en": "You are number {} on the waiting list.",
    "de": "Sie stehen auf Platz {} der Warteliste.",
    "pl": "Jesteś na {}. miejscu na liście oczekujących.",
}
LEAVE = {
    "en": "Leave the waiting list",
    "de": "Warteliste verlassen",
    "pl": "Opuść listę oczekujących",
}


def full_event(*, waiting: int, language: str = "en", capacity: int = 2):
    """An event whose seats are taken, with people waiting in the order of the list."""
    event = EventFactory(capacity=capacity)
    people = RegistrationFactory.create_batch(capacity + waiting, event=event, language=language)
    for person in people:
        services.registration_confirm(registration=person)
    return event, people[:capacity], people[capacity:]


def manage_page(client, registration: Registration) -> str:
    with override(registration.language):
        url = reverse("events:manage", args=[manage_token(registration)])
    return client.get(url).content.decode()


def positions(people) -> list[int | None]:
    return [
        selectors.waitlist_position(registration=Registration.objects.get(pk=person.pk))
        for person in people
    ]


@pytest.mark.django_db
def test_places_follow_the_order_of_confirmation():
    _event, holders, waiting = full_event(waiting=3)

    assert positions(holders) == [None, None]
    assert positions(waiting) == [1, 2, 3]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "pl"])
def test_the_manage_page_shows_the_place_the_rule_and_a_way_out(client, language):
    _event, _holders, waiting = full_event(waiting=3, language=language)

    html = manage_page(client, waiting[1])

    assert PLACE[language].format(2) in html
    assert LEAVE[language] in html
    rule = {
        "en": "goes automatically to the person who has waited longest",
        "de": "geht automatisch an die Person, die am längsten wartet",
        "pl": "trafia automatycznie do osoby, która czeka najdłużej",
    }[language]
    assert rule in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "pl"])
def test_the_waiting_list_email_tells_the_place(language):
    _event, _holders, waiting = full_event(waiting=2, language=language)

    email = Email.objects.get(**{f"headers__{REFERENCE_HEADER}": str(waiting[1].pk)})

    assert PLACE[language].format(2) in email.message
    assert PLACE[language].format(2) in email.html_message
    assert manage_token(waiting[1]) in email.message


@pytest.mark.django_db
def test_leaving_in_one_click_moves_the_others_up(client):
    _event, _holders, waiting = full_event(waiting=3)
    url = reverse("events:manage", args=[manage_token(waiting[0])])

    response = client.post(url, {"action": "cancel"})

    assert response.status_code == 302
    assert Registration.objects.get(pk=waiting[0].pk).status == RegistrationStatus.CANCELLED
    assert positions(waiting) == [None, 1, 2]
    assert PLACE["en"].format(1) in manage_page(client, waiting[1])
    assert "Your registration is cancelled." in manage_page(client, waiting[0])


@pytest.mark.django_db
def test_a_free_seat_goes_to_number_one_and_the_rest_move_up():
    _event, holders, waiting = full_event(waiting=3)

    services.registration_cancel(registration=holders[0], by_registrant=True)

    assert Registration.objects.get(pk=waiting[0].pk).status == RegistrationStatus.CONFIRMED
    assert positions(waiting) == [None, 1, 2]


@pytest.mark.django_db
def test_the_manage_page_of_a_waiting_person_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    _event, _holders, waiting = full_event(waiting=12)
    url = reverse("events:manage", args=[manage_token(waiting[-1])])
    with django_assert_max_num_queries(8):
        assert PLACE["en"].format(12) in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_places_after_concurrent_cancellations_and_departures():
    """Seat holders cancel and waiting people leave, all at once: the seats go to the longest
    waiting of those who stayed, and the others' places close up without gaps."""
    _event, holders, waiting = full_event(waiting=8, capacity=3)
    leaving = [waiting[1], waiting[4]]
    everyone = [*holders, *leaving]

    results = run_at_once(
        len(everyone),
        lambda i: services.registration_cancel(registration=everyone[i], by_registrant=True),
    )

    assert not [r for r in results if isinstance(r, Exception)]
    stayed = [person for person in waiting if person not in leaving]
    statuses = [Registration.objects.get(pk=person.pk).status for person in stayed]
    assert statuses[:3] == [RegistrationStatus.CONFIRMED] * 3
    assert statuses[3:] == [RegistrationStatus.WAITLISTED] * 3
    assert positions(stayed) == [None, None, None, 1, 2, 3]
    assert Event.objects.get(pk=holders[0].event_id).seats_taken == 3


@pytest.mark.django_db
def test_organisers_see_each_waiting_persons_place_even_in_a_search(client_a, org_a):
    event = EventFactory(organiser=org_a, capacity=1)
    people = [
        RegistrationFactory(event=event, last_name=name) for name in ("Holder", "First", "Second")
    ]
    for person in people:
        services.registration_confirm(registration=person)
    url = reverse("admin:events_registration_changelist")

    listing = client_a.get(url, {"event__id__exact": event.pk}).context["cl"].result_list
    assert {r.last_name: r.waitlist_place for r in listing} == {
        "Holder": None,
        "First": 1,
        "Second": 2,
    }
    # A search leaves the others out of the list, not out of the count.
    found = client_a.get(url, {"q": "Second"}).context["cl"].result_list
    assert [(r.last_name, r.waitlist_place) for r in found] == [("Second", 2)]
