"""Security headers on every kind of public response: pages, files, feeds, errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events import services
from events.models import RegistrationStatus
from tests.events.factories import EventFactory, RegistrationFactory, manage_token
from tests.measures.factories import MeasureFactory
from tests.partners.factories import ParticipationFactory

from .helpers import registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    participation = ParticipationFactory()
    organisation = participation.organisation
    measure = MeasureFactory(organisation=organisation, source_project=participation.project)
    event = EventFactory(organiser=organisation, project=participation.project, capacity=10)
    registration = services.registration_confirm(registration=RegistrationFactory(event=event))
    assert registration.status == RegistrationStatus.CONFIRMED
    return {
        "organisation": organisation,
        "project": participation.project,
        "measure": measure,
        "event": event,
        "token": manage_token(registration),
    }


# Pages reached by a secret link (and an unknown one) keep the link from other sites.
SECRET_ADDRESSES = {"manage page", "erase page", "participant iCalendar", "unknown manage link"}
NEVER_STORED = {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}


def public_responses(content) -> dict[str, tuple[str, int]]:
    """Name → (path, status) of one response of each kind a visitor can get."""
    event, token = content["event"], content["token"]
    return {
        "home": ("/en/", 200),
        "imprint": ("/de/imprint/", 200),
        "partner list": ("/en/partners/", 200),
        "partner page": (content["organisation"].get_absolute_url(), 200),
        "project page": (f"/en/projects/{content['project'].slug}/", 200),
        "measure list": ("/pl/measures/?q=digital", 200),
        "measure page": (content["measure"].get_absolute_url(), 200),
        "measures CSV": ("/de/measures/export.csv", 200),
        "measures JSON": ("/en/measures/export.json", 200),
        "measures Atom": ("/en/measures/feed.atom", 200),
        "event list": ("/en/events/", 200),
        "event page": (event.get_absolute_url(), 200),
        "registration form": (reverse("events:register", args=[event.slug]), 200),
        "registration sent": (reverse("events:registration_sent", args=[event.slug]), 200),
        "events iCalendar feed": ("/en/events/calendar.ics", 200),
        "event iCalendar": (reverse("events:calendar", args=[event.slug]), 200),
        "manage page": (reverse("events:manage", args=[token]), 200),
        "erase page": (reverse("events:manage_erase", args=[token]), 200),
        "participant iCalendar": (reverse("events:manage_calendar", args=[token]), 200),
        "unknown manage link": (reverse("events:manage", args=["0" * 64]), 404),
        "sitemap index": ("/sitemap.xml", 200),
        "sitemap section": ("/sitemap-measures.xml", 200),
        "robots.txt": ("/robots.txt", 200),
        "404 page": ("/en/no-such-page/", 404),
        "404 of a detail": ("/en/measures/no-such-measure/", 404),
        "health check": ("/healthz", 200),
        "admin login": ("/en/admin/login/", 200),
    }


def assert_security_headers(response, name):
    csp = response.get("Content-Security-Policy", "")
    assert csp, f"{name}: no Content-Security-Policy"
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    script_sources = directives.get("script-src", directives.get("default-src"))
    assert script_sources == ["'self'"], f"{name}: script-src {script_sources}"
    assert "'unsafe-inline'" not in script_sources and "'unsafe-eval'" not in script_sources
    assert directives.get("default-src") == ["'self'"], name
    assert directives.get("frame-ancestors") == ["'none'"], name
    assert directives.get("object-src") == ["'none'"], name
    assert directives.get("base-uri") == ["'self'"], name
    assert response.get("X-Content-Type-Options") == "nosniff", name
    referrer = "same-origin" if name in SECRET_ADDRESSES else "strict-origin-when-cross-origin"
    assert response.get("Referrer-Policy") == referrer, name
    assert response.get("X-Frame-Options") == "DENY", name
    policy = response.get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy, f"{name}: {feature} not switched off"


def test_every_public_response_type_carries_the_security_headers(client, content):
    seen_types = set()
    for name, (path, status) in public_responses(content).items():
        response = client.get(path)
        assert response.status_code == status, f"{name}: {response.status_code}"
        assert_security_headers(response, name)
        seen_types.add(response["Content-Type"].split(";")[0])
    # The loop really covered every kind of content the portal serves.
    assert {
        "text/html",
        "text/csv",
        "application/json",
        "application/atom+xml",
        "text/calendar",
        "application/xml",
        "text/plain",
    } <= seen_types


def test_the_rate_limit_answer_429_carries_the_security_headers(client, settings, content):
    settings.EVENTS_RATE_LIMIT = 1
    url = reverse("events:register", args=[content["event"].slug])
    client.post(url, registration_data(email="first@example.org"))
    response = client.post(url, registration_data(email="second@example.org"))
    assert response.status_code == 429
    assert_security_headers(response, "429")


def test_pages_with_a_secret_in_their_address_keep_it_from_other_sites(client, content):
    token = content["token"]
    for path in (
        reverse("events:manage", args=[token]),
        reverse("events:manage_erase", args=[token]),
        reverse("events:manage_calendar", args=[token]),
        reverse("events:manage", args=["0" * 64]),
    ):
        response = client.get(path)
        assert response["Referrer-Policy"] == "same-origin", path
        assert set(response["Cache-Control"].split(", ")) == NEVER_STORED, path
        assert response["X-Robots-Tag"] == "noindex, nofollow", path


def test_the_csp_of_a_page_matches_what_the_page_loads(client, content):
    """No inline script on any HTML page, so the strict policy costs nothing."""
    from .helpers import html_findings

    checked = []
    for name, (path, _status) in public_responses(content).items():
        response = client.get(path)
        if not response["Content-Type"].startswith("text/html"):
            continue
        findings = html_findings(response.content.decode())
        assert findings.scripts == [], f"{name}: inline or foreign script"
        assert findings.handlers == [], f"{name}: inline event handler"
        checked.append(name)
    assert {"home", "measure page", "registration form", "manage page", "404 page"} <= set(checked)
