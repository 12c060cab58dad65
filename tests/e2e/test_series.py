"""A Polish visitor registers for two events of a series with one form, confirms both with one
link, in a real browser; the series pages pass axe-core in every language."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import EventKind, Registration, RegistrationStatus, Series
from next2met.mail import mail_queue_send
from tests.events.factories import EventFactory, in_days
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def series(settings, live_server):
    settings.SITE_URL = live_server.url
    settings.EVENTS_FORM_MIN_SECONDS = 0
    organiser = OrganisationFactory()
    series = Series.objects.create(
        slug="cooperation-2027",
        organiser=organiser,
        title_en="Cross-border cooperation",
        title_pl="Współpraca transgraniczna",
        title_de="Grenzüberschreitende Zusammenarbeit",
        description_en="Online meetings of organisations from both sides of the border.",
    )
    for number, (title_en, title_pl) in enumerate(
        (
            ("Get to know each other", "Poznajmy się"),
            ("Business in Germany", "Biznes w Niemczech"),
            ("Designing services", "Projektowanie usług"),
        ),
        start=1,
    ):
        EventFactory(
            series=series,
            organiser=organiser,
            slug=f"meeting-{number}",
            title_en=title_en,
            title_pl=title_pl,
            kind=EventKind.MATCHMAKING if number == 1 else EventKind.WORKSHOP,
            start=in_days(10 * number),
            end=in_days(10 * number) + datetime.timedelta(hours=2),
            capacity=20,
        )
    return series


def test_polish_visitor_registers_for_two_events_and_confirms_once(page, axe, series, live_server):
    page.goto("/pl/events/meeting-1/")
    page.get_by_role("link", name="Współpraca transgraniczna").click()
    expect(page).to_have_url(re.compile(r"/pl/events/series/cooperation-2027/$"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Współpraca transgraniczna")

    # Sent empty: the error summary comes first; nothing is stored.
    page.locator("form.registration-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    axe(page, context="series form with errors")
    assert not Registration.objects.exists()

    page.get_by_label("Poznajmy się").check()
    page.get_by_label("Projektowanie usług").check()
    page.fill("#id_first_name", "Zofia")
    page.fill("#id_last_name", "Wójcik")
    page.fill("#id_email", "zofia.wojcik@example.org")
    page.fill("#id_organisation", "Klaster ICT Pomorze Zachodnie")
    page.select_option("#id_organisation_type", "it_company")
    page.select_option("#id_country", "PL")
    page.check("#id_consent")
    page.locator("form.registration-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/pl/events/series/cooperation-2027/sent/$"))
    axe(page, context="series form sent")

    registrations = Registration.objects.order_by("event__start")
    assert [r.event.slug for r in registrations] == ["meeting-1", "meeting-3"]
    assert {(r.language, r.status) for r in registrations} == {("pl", RegistrationStatus.PENDING)}

    mail_queue_send()
    assert len(mail.outbox) == 1
    found = re.search(
        re.escape(live_server.url) + r"/pl/events/series/cooperation-2027/registration/\w+/",
        mail.outbox[0].body,
    )
    assert found, mail.outbox[0].body
    page.goto(found[0])
    axe(page, context="series confirmation page (pending)")
    assert not Registration.objects.exclude(status=RegistrationStatus.PENDING).exists()
    page.locator("form[action*='/registration/'] button").click()
    expect(page.locator("form[action*='/registration/'] button")).to_have_count(0)
    assert set(Registration.objects.values_list("status", flat=True)) == {
        RegistrationStatus.CONFIRMED
    }
    axe(page, context="series confirmation page (confirmed)")


@pytest.mark.parametrize("language", ["de", "en", "pl"])
def test_series_page_passes_axe_in_every_language(page, axe, series, language):
    page.goto(f"/{language}/events/series/{series.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    axe(page, context=f"/{language}/events/series/")
