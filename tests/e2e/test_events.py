"""A visitor registers in Polish, confirms from the e-mail, and cancels — in a real browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import EventKind, Registration, RegistrationStatus
from next2met.mail import mail_queue_send
from tests.events.factories import EventFactory, in_days

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def event(settings, live_server):
    settings.SITE_URL = live_server.url
    settings.EVENTS_FORM_MIN_SECONDS = 0
    return EventFactory(
        slug="matchmaking-2027",
        title_en="Cross-border matchmaking",
        title_pl="Transgraniczny matchmaking",
        kind=EventKind.MATCHMAKING,
        capacity=10,
        start=in_days(40),
        end=in_days(40, hour=12),
        interpretation_languages=["de"],
    )


def link_from_last_email(live_server) -> str:
    mail_queue_send()
    message = mail.outbox[-1]
    found = re.search(
        re.escape(live_server.url) + r"/pl/events/registration/[0-9a-f]+/", message.body
    )
    assert found, message.body
    return found[0]


def test_register_in_polish_confirm_from_the_email_and_cancel(page, axe, event, live_server):
    page.goto("/pl/events/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    axe(page, context="event list")

    page.get_by_role("link", name="Transgraniczny matchmaking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Transgraniczny matchmaking")
    axe(page, context="event detail")

    page.locator(f"a.button[href='/pl/events/{event.slug}/register/']").click()
    # Sent empty: the error summary comes first and links to the fields; nothing is stored.
    page.locator("form.registration-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_email']")).to_be_visible()
    axe(page, context="registration form with errors")
    assert not Registration.objects.exists()

    page.fill("#id_first_name", "Zofia")
    page.fill("#id_last_name", "Wójcik")
    page.fill("#id_email", "zofia.wojcik@example.org")
    page.fill("#id_organisation", "Klaster ICT Pomorze Zachodnie")
    page.select_option("#id_organisation_type", "it_company")
    page.select_option("#id_country", "PL")
    page.fill("#id_profile_offer", "Aplikacje mobilne")
    page.check("#id_consent")
    page.locator("form.registration-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/pl/events/matchmaking-2027/register/sent/$"))

    registration = Registration.objects.get()
    assert (registration.language, registration.status) == ("pl", RegistrationStatus.PENDING)

    # The link in the e-mail leads to a page; only the button confirms.
    page.goto(link_from_last_email(live_server))
    axe(page, context="manage page (pending)")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    page.locator("form:has(input[value=confirm]) button").click()
    expect(page.locator(".event-state--open")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    axe(page, context="manage page (confirmed)")

    page.locator("form:has(input[value=cancel]) button").click()
    expect(page.locator("form:has(input[value=cancel])")).to_have_count(0)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    event.refresh_from_db()
    assert event.seats_taken == 0


@pytest.mark.parametrize("language", ["de", "en", "pl"])
def test_event_pages_pass_axe_in_every_language(page, axe, event, language):
    past = EventFactory(
        start=in_days(-20),
        end=in_days(-20, hour=12),
        report_en="A good meeting.",
        recording_url="https://video.example.org/1",
    )
    for path in (
        "events/",
        f"events/{event.slug}/",
        f"events/{event.slug}/register/",
        f"events/{past.slug}/",
        f"partners/{event.organiser.slug}/",
    ):
        page.goto(f"/{language}/{path}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        axe(page, context=f"/{language}/{path}")
