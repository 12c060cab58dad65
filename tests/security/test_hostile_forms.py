"""Hostile submissions of the public forms: never a server error, never half a registration.

After every submission the database holds either one more whole, valid registration (with its
e-mail queued) or exactly what it held before; seat counters always match the confirmed
registrations and never exceed the capacity.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from post_office.models import Email

from events import services
from events.forms import HONEYPOT_FIELD, RegistrationForm
from events.models import Event, EventKind, Registration, RegistrationStatus
from tests.events.factories import EventFactory, RegistrationFactory, in_days, manage_token

from .helpers import started_value

pytestmark = pytest.mark.django_db

HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
hostile = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "Anna\x00",
        "\r\n",
        "a" * 101,
        "b" * 3000,
        "x" * 10_240,
        "<script>alert(1)</script>",
        "=1+2",
        "' OR 1=1 --",
        "ąęłńóśźż ÄÖÜß 😀",
        "\u202e",
        "on",
        "it_company",
        "PL",
        "XX",
    ]
)
emails = st.one_of(
    st.sampled_from(
        [
            "anna@example.org",
            "ANNA@example.org",
            " anna@example.org ",
            "anna@example.org\nBcc: x@y.org",
            "anna@example.org\r\nBcc: x@y.org",
            "anna@example.org,x@y.org",
            "anna@",
            "@example.org",
            "anna@example.org\x00",
            "ąna@przykład.pl",
            "a" * 250 + "@example.org",
            "",
        ]
    ),
    st.emails(),
    any_text,
)


def field(valid: str):
    return st.one_of(st.just(valid), hostile, any_text)


registration_forms = st.fixed_dictionaries(
    {
        "first_name": field("Anna"),
        "last_name": field("Nowak"),
        "email": emails,
        "organisation": field("Klaster ICT"),
        "organisation_type": field("it_company"),
        "country": field("PL"),
        "consent": field("on"),
        "started": st.one_of(
            st.just("fresh"), st.just("expired"), st.just(""), st.just("forged"), any_text
        ),
    },
    optional={
        "position": field("Manager"),
        "message": field("Hello"),
        "profile_offer": field("IT services"),
        "profile_seek": field("Partners"),
        "profile_shared": field("on"),
        HONEYPOT_FIELD: st.one_of(st.just(""), hostile),
        "extra": any_text,
    },
)


def with_start_time(data: dict) -> dict:
    started = data.get("started")
    if started == "fresh":
        data["started"] = started_value()
    elif started == "expired":
        data["started"] = started_value(seconds_ago=25 * 3600)
    elif started == "forged":
        data["started"] = started_value()[:-2] + "xx"
    return data


def snapshot():
    return {
        "registrations": Registration.objects.count(),
        "emails": Email.objects.count(),
        "events": list(Event.objects.order_by("pk").values_list("pk", "seats_taken")),
    }


def assert_seats_consistent():
    for event in Event.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed"))
    ):
        assert event.seats_taken == event.confirmed, event
        assert event.capacity is None or event.seats_taken <= event.capacity


def assert_whole(registration: Registration):
    """A stored registration passes every rule of the model and has its e-mail queued."""
    registration.full_clean()
    assert registration.consent_at is not None
    assert registration.token_nonce and registration.token_hash
    assert "\x00" not in "".join(
        str(getattr(registration, name))
        for name in ("first_name", "last_name", "email", "organisation", "message")
    )
    assert Email.objects.filter(to__icontains=registration.email.lower()).exists() or (
        Email.objects.filter(to__icontains=registration.email).exists()
    )


@pytest.fixture
def events(settings):
    settings.EVENTS_RATE_LIMIT = 100_000
    settings.EVENTS_RATE_LIMIT_ATTEMPTS = 100_000
    return {
        "open": EventFactory(slug="open-event", capacity=3),
        "matchmaking": EventFactory(slug="matchmaking", kind=EventKind.MATCHMAKING),
        "closed": EventFactory(slug="closed-event", registration_closes_at=in_days(-1)),
        "over": EventFactory(slug="over-event", start=in_days(-2), end=in_days(-2, hour=12)),
    }


@HYPOTHESIS
@given(data=registration_forms, which=st.sampled_from(["open", "matchmaking", "closed", "over"]))
def test_registration_form_stores_a_whole_registration_or_nothing(client, events, data, which):
    event = events[which]
    before = snapshot()
    existing = set(Registration.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("events:register", args=[event.slug]), with_start_time(dict(data))
    )
    after = snapshot()
    # The form as the server received it decides the answer.
    form = RegistrationForm(response.wsgi_request.POST, event=event)
    if which in ("closed", "over"):
        expected = 409  # refused whatever was typed
    elif form.is_spam or form.is_valid():
        expected = 302  # accepted, or answered like a success (spam trap)
    else:
        expected = 200  # the form again, with its errors
    assert response.status_code == expected, (response.status_code, form.errors)
    new = Registration.objects.exclude(pk__in=existing)
    if response.status_code == 302:
        assert response["Location"] == reverse("events:registration_sent", args=[event.slug])
        if form.is_spam:
            assert after == before
        elif new.exists():
            (registration,) = new
            assert registration.event_id == event.pk
            assert registration.status == RegistrationStatus.PENDING
            assert_whole(registration)
            assert after["emails"] == before["emails"] + 1
        else:
            # An address already registered: its link is sent again, a few times an hour.
            assert after["registrations"] == before["registrations"]
            assert after["emails"] - before["emails"] in (0, 1)
    else:
        assert not new.exists()
        assert after == before
    if response.status_code == 200:
        # The error summary at the top says what to correct.
        assert b'class="error-summary" role="alert"' in response.content
        assert "There is a problem" in response.content.decode()
    if which in ("closed", "over"):
        assert not new.exists()
    assert_seats_consistent()


def test_a_valid_registration_is_stored_whole(client, events):
    data = with_start_time(
        {
            "first_name": "Anna",
            "last_name": "Nowak",
            "email": "anna@example.org",
            "organisation": "Klaster",
            "organisation_type": "it_company",
            "country": "PL",
            "consent": "on",
            "started": "fresh",
        }
    )
    response = client.post(reverse("events:register", args=["open-event"]), data)
    assert response.status_code == 302
    assert_whole(Registration.objects.get())


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("first_name", "Anna\x00", "Null characters are not allowed."),
        ("first_name", "a" * 101, "Ensure this value has at most 100 characters"),
        ("message", "m" * 2001, "Ensure this value has at most 2000 characters"),
        ("email", "anna@example.org\nBcc: x@y.org", "Enter a valid email address."),
        ("organisation_type", "admin", "Select a valid choice."),
        ("country", "XX", "Select a valid choice."),
        ("consent", "", "Please agree to the privacy notice to register."),
    ],
)
def test_invalid_input_is_explained_and_kept(client, events, name, value, message):
    data = with_start_time(
        {
            "first_name": "Anna",
            "last_name": "Nowak",
            "email": "anna@example.org",
            "organisation": "Klaster <Ost>",
            "organisation_type": "it_company",
            "country": "PL",
            "consent": "on",
            "started": "fresh",
            name: value,
        }
    )
    before = snapshot()
    response = client.post(reverse("events:register", args=["open-event"]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Klaster &lt;Ost&gt;"' in html  # what was typed is shown again, escaped
    assert snapshot() == before


# --- Manage page ------------------------------------------------------------------------------


@HYPOTHESIS
@given(
    steps=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=3),
            st.one_of(
                st.sampled_from(["confirm", "cancel", "erase", "", "delete", "promote"]),
                any_text,
            ),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_manage_page_actions_keep_every_registration_consistent(client, settings, steps):
    settings.EVENTS_CONFIRMATION_HOURS = 48
    event = Event.objects.filter(slug="manage-fuzz").first() or EventFactory(
        slug="manage-fuzz", capacity=1
    )
    people = list(Registration.objects.filter(event=event).order_by("pk"))
    while len(people) < 4:
        people.append(RegistrationFactory(event=event))
    for index, action in steps:
        registration = Registration.objects.get(pk=people[index].pk)
        token = manage_token(people[index]) if registration.token_nonce else "gone"
        before_status = registration.status
        # An erased registration's link is unknown; the event lies ahead and the links are
        # fresh, so every known link takes every action (unknown ones change nothing).
        if action == "erase":
            response = client.post(reverse("events:manage_erase", args=[token]))
            assert response.status_code == (404 if token == "gone" else 200)
        else:
            response = client.post(reverse("events:manage", args=[token]), {"action": action})
            assert response.status_code == (404 if token == "gone" else 302)
        registration.refresh_from_db()
        if action not in ("confirm", "cancel", "erase") or response.status_code == 404:
            assert registration.status == before_status
        assert_seats_consistent()
        active = Registration.objects.filter(event=event, status="confirmed").count()
        assert active <= 1
    # Whoever waits while a seat is free would be a lost seat.
    event.refresh_from_db()
    if event.seats_taken < event.capacity:
        assert not Registration.objects.filter(event=event, status="waitlisted").exists()


@pytest.mark.parametrize("action", ["confirm", "cancel"])
def test_manage_actions_on_an_event_that_is_over_change_nothing(client, action):
    event = EventFactory(start=in_days(-1), end=in_days(-1, hour=12), capacity=2)
    registration = RegistrationFactory(event=event)
    before = snapshot()
    response = client.post(
        reverse("events:manage", args=[manage_token(registration)]), {"action": action}
    )
    assert response.status_code == 409
    assert "The event has already started." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    assert registration.cancelled_at is None
    assert snapshot() == before


def test_a_confirmed_participant_cannot_cancel_after_the_event(client):
    """The page offers no cancel button once the event is over; a crafted POST changes nothing."""
    event = EventFactory(start=in_days(5), capacity=2)
    registration = services.registration_confirm(registration=RegistrationFactory(event=event))
    Event.objects.filter(pk=event.pk).update(start=in_days(-1), end=in_days(-1, hour=12))
    url = reverse("events:manage", args=[manage_token(registration)])
    assert "Cancel my registration" not in client.get(url).content.decode()
    response = client.post(url, {"action": "cancel"})
    assert response.status_code == 409
    assert "The event has already started." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert Event.objects.get(pk=event.pk).seats_taken == 1


def test_a_registration_stored_half_way_cannot_exist():
    """The database itself refuses a confirmed registration without its time stamp."""
    event = EventFactory()
    registration = RegistrationFactory.build(event=event, status=RegistrationStatus.CONFIRMED)
    with pytest.raises(ValidationError):
        registration.full_clean()


def test_spam_trap_answers_like_success_and_stores_nothing(client, events):
    before = snapshot()
    data = with_start_time(
        {
            "first_name": "Bot",
            "last_name": "Bot",
            "email": "bot@example.org",
            "organisation": "Bots",
            "organisation_type": "it_company",
            "country": "PL",
            "consent": "on",
            "started": "fresh",
            HONEYPOT_FIELD: "https://spam.example",
        }
    )
    response = client.post(reverse("events:register", args=["open-event"]), data)
    assert response.status_code == 302
    assert snapshot() == before


def test_confirming_twice_takes_one_seat(client, events):
    registration = RegistrationFactory(event=events["open"])
    url = reverse("events:manage", args=[manage_token(registration)])
    for _ in range(3):
        assert client.post(url, {"action": "confirm"}).status_code == 302
    assert Event.objects.get(pk=events["open"].pk).seats_taken == 1
    services.registration_cancel(registration=Registration.objects.get(pk=registration.pk))
    assert Event.objects.get(pk=events["open"].pk).seats_taken == 0


def test_line_breaks_in_names_never_reach_e_mail_headers(client, events):
    from tests.events.mailbox import deliver

    data = with_start_time(
        {
            "first_name": "Anna\r\nBcc: victim@example.org",
            "last_name": "Nowak\nX-Injected: 1",
            "email": "anna@example.org",
            "organisation": "Klaster\r\nCc: victim@example.org",
            "organisation_type": "it_company",
            "country": "PL",
            "consent": "on",
            "started": "fresh",
        }
    )
    before = snapshot()
    response = client.post(reverse("events:register", args=["open-event"]), data)
    # The form takes names on one line only ...
    assert response.status_code == 200
    assert "Please write this on one line, without line breaks." in response.content.decode()
    assert snapshot() == before and deliver() == []
    # ... and names that reach the service by another way still stay out of the headers.
    services.registration_submit(
        event=events["open"],
        data={**data, "consent": True, "profile_shared": False, "position": "", "message": ""},
        language="en",
    )
    (message,) = deliver()
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert "victim@example.org" not in headers and "X-Injected" not in headers
    assert message.to == ["anna@example.org"] and message.bcc == [] and message.cc == []
    assert "\n" not in message.subject
