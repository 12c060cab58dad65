"""A Polish participant marked present answers the feedback form from the manage page and
downloads the certificate of participation — in a real browser, with axe-core on each page."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect
from pypdf import PdfReader

from events import attendance
from events.models import Feedback, RegistrationStatus
from tests.events.factories import EventFactory, RegistrationFactory, manage_token

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registration(settings, live_server):
    settings.SITE_URL = live_server.url
    start = timezone.now() - datetime.timedelta(days=1)
    event = EventFactory(
        slug="warsztaty-2026",
        title_en="Digital skills workshop",
        title_pl="Warsztaty: łączność, źródła i gęś",
        start=start,
        end=start + datetime.timedelta(hours=2),
        time_zone="Europe/Warsaw",
    )
    registration = RegistrationFactory(
        event=event,
        first_name="Łucja",
        last_name="Żółkiewska-Ćwiąkała",
        language="pl",
        status=RegistrationStatus.CONFIRMED,
        confirmed_at=start - datetime.timedelta(days=5),
    )
    attendance.attendance_mark(event=event, registration_ids=[registration.pk], attended=True)
    return registration


def test_polish_participant_gives_feedback_and_downloads_the_certificate(page, axe, registration):
    with translation.override("pl"):
        manage = reverse("events:manage", kwargs={"token": manage_token(registration)})
    page.goto(manage)
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("#after-event-heading")).to_be_visible()
    axe(page, context="manage page after the event")

    page.locator("a[href$='/feedback/']").click()
    expect(page.locator("form.feedback-form")).to_be_visible()
    axe(page, context="feedback form")

    # Sent without a rating: the error summary links to the first rating; nothing is stored.
    page.locator("form.feedback-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a[href='#id_rating_0']")).to_be_visible()
    axe(page, context="feedback form with errors")
    assert not Feedback.objects.exists()

    page.locator("#id_rating_4").check()
    page.fill("#id_useful", "Rozmowy z firmami z Meklemburgii – bardzo przydatne.")
    page.fill("#id_improve", "Więcej czasu na pytania.")
    page.locator("form.feedback-form button[type=submit]").click()
    expect(page.locator("p.message--success")).to_be_visible()
    expect(page.locator("#id_rating_4")).to_be_checked()
    axe(page, context="feedback form after saving")
    answer = Feedback.objects.get()
    assert (answer.rating, answer.registration_id) == (5, registration.pk)
    assert answer.useful == "Rozmowy z firmami z Meklemburgii – bardzo przydatne."

    page.goto(manage)
    expect(page.locator(".after-event a[href$='/feedback/']")).to_be_visible()
    with page.expect_download() as download_info:
        page.locator("a[href$='/certificate.pdf']").click()
    download = download_info.value
    assert download.suggested_filename == "certificate-warsztaty-2026.pdf"
    with open(download.path(), "rb") as file:
        text = PdfReader(io.BytesIO(file.read())).pages[0].extract_text()
    flat = " ".join(text.split())
    assert "Łucja Żółkiewska-Ćwiąkała" in flat
    assert "Warsztaty: łączność, źródła i gęś" in flat
