"""Rate limits of the public forms: exact under concurrency, fair to people who correct a form.

Valid registrations count against EVENTS_RATE_LIMIT; every submission, valid or not, against the
much higher EVENTS_RATE_LIMIT_ATTEMPTS. A refused form comes back as typed, with a message.
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from post_office.models import Email

from core.models import RateCounter
from events.models import Registration
from tests.events.factories import EventFactory

from .helpers import registration_data

pytestmark = pytest.mark.django_db


def register_url(event, language="en"):
    with translation.override(language):
        return reverse("events:register", args=[event.slug])


def windows_end():
    """Time passes: every client's window is over."""
    RateCounter.objects.update(window_ends_at=timezone.now() - datetime.timedelta(seconds=1))


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_from_one_address_let_exactly_the_limit_pass(settings):
    settings.EVENTS_RATE_LIMIT = 5
    event = EventFactory()
    url = register_url(event)
    senders = 16
    barrier = threading.Barrier(senders)
    statuses = []

    def send(number):
        try:
            client = Client()
            barrier.wait(timeout=30)
            response = client.post(url, registration_data(email=f"person{number}@example.org"))
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(number,)) for number in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [302] * 5 + [429] * 11
    assert Registration.objects.count() == 5
    assert Email.objects.count() == 5


def test_corrected_forms_do_not_use_up_the_allowance(client, settings):
    settings.EVENTS_RATE_LIMIT = 2
    event = EventFactory()
    url = register_url(event)
    # Someone forgets the consent, mistypes the address, leaves out the name ...
    for mistake in ({"consent": None}, {"email": "anna@"}, {"first_name": ""}) * 2:
        response = client.post(url, registration_data(**mistake))
        assert response.status_code == 200
    # ... and still registers, as do two colleagues behind the same address.
    assert client.post(url, registration_data(email="anna@example.org")).status_code == 302
    assert client.post(url, registration_data(email="jan@example.org")).status_code == 302
    refused = client.post(
        register_url(event, "de"),
        registration_data(email="ewa@example.org", organisation="Klaster <Ost>"),
    )
    assert refused.status_code == 429
    html = refused.content.decode()
    # The form again, as typed, with a translated message at the top.
    assert '<html lang="de"' in html
    assert "Von Ihrer Verbindung wurden in kurzer Zeit viele Formulare gesendet" in html
    assert html.index("Zu viele Anfragen") < html.index('<form method="post"')
    assert 'value="ewa@example.org"' in html
    assert 'value="Klaster &lt;Ost&gt;"' in html
    assert 0 < int(refused["Retry-After"]) <= settings.EVENTS_RATE_WINDOW_SECONDS
    assert sorted(Registration.objects.values_list("email", flat=True)) == [
        "anna@example.org",
        "jan@example.org",
    ]


def test_a_flood_of_invalid_submissions_meets_its_own_ceiling(client, settings):
    settings.EVENTS_RATE_LIMIT = 10
    settings.EVENTS_RATE_LIMIT_ATTEMPTS = 5
    event = EventFactory()
    url = register_url(event)
    for _attempt in range(5):
        assert client.post(url, registration_data(email="not-an-address")).status_code == 200
    flooded = client.post(url, registration_data(email="not-an-address", last_name="Kowalski"))
    assert flooded.status_code == 429
    assert 'value="Kowalski"' in flooded.content.decode()
    # Until the window ends, valid forms are refused too; then the address may register.
    assert client.post(url, registration_data()).status_code == 429
    assert not Registration.objects.exists()
    windows_end()
    assert client.post(url, registration_data()).status_code == 302
    assert Registration.objects.count() == 1


def test_other_addresses_keep_their_allowance(client, settings):
    settings.EVENTS_RATE_LIMIT = 1
    event = EventFactory()
    url = register_url(event)
    first = client.post(url, registration_data(email="a@example.org"), REMOTE_ADDR="192.0.2.1")
    second = client.post(url, registration_data(email="b@example.org"), REMOTE_ADDR="192.0.2.1")
    other = client.post(url, registration_data(email="c@example.org"), REMOTE_ADDR="192.0.2.2")
    assert [first.status_code, second.status_code, other.status_code] == [302, 429, 302]


def test_the_counters_hold_no_address(client, settings):
    event = EventFactory()
    client.post(register_url(event), registration_data(), REMOTE_ADDR="198.51.100.77")
    keys = list(RateCounter.objects.values_list("key", flat=True))
    assert len(keys) == 2  # attempts and registrations
    assert all("198.51.100.77" not in key and "198-51-100-77" not in key for key in keys)


def test_password_reset_counts_only_requests_that_would_send_mail(client, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = 1
    url = "/de/admin/password_reset/"
    for typo in ("anna@", "anna.example.org", "anna@exam\u202eple.org"):
        response = client.post(url, {"email": typo})
        assert response.status_code == 200
        assert 'value="' in response.content.decode()
    assert client.post(url, {"email": "anna@example.org"}).status_code == 302
    refused = client.post(url, {"email": "anna@example.org"})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Von Ihrer Verbindung wurden in kurzer Zeit viele Formulare gesendet" in html
    assert 'value="anna@example.org"' in html
    assert int(refused["Retry-After"]) > 0
