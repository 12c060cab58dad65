"""One person's whole way through an event, in Polish and in a real browser: they answer the
organiser's question while registering for a full event, see their place on the waiting list,
move up when a seat becomes free, and download their certificate once the event is over."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from events import attendance, services
from events.models import (
    Answer,
    Event,
    Question,
    QuestionChoice,
    QuestionKind,
    Registration,
    RegistrationStatus,
)
from next2met.mail import mail_queue_send
from tests.events.factories import EventFactory, RegistrationFactory, in_days

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def event(settings, live_server):
    settings.SITE_URL = live_server.url
    settings.EVENTS_FORM_MIN_SECONDS = 0
    event = EventFactory(
        slug="warsztaty-komunikacja-2027",
        title_en="Effective communication across borders",
        title_pl="Skuteczna komunikacja ponad granicami",
        capacity=1,
        start=in_days(30),
        end=in_days(30, hour=13),
        time_zone="Europe/Warsaw",
        interpretation_languages=["de"],
    )
    question = Question.objects.create(
        event=event,
        kind=QuestionKind.CHOICE,
        text_en="Which interpretation do you need?",
        text_pl="Jakiego tłumaczenia potrzebujesz?",
        required=True,
    )
    for position, (label_en, label_pl) in enumerate(
        [("Polish–German", "polsko-niemieckie"), ("None", "żadnego")]
    ):
        QuestionChoice.objects.create(
            question=question, label_en=label_en, label_pl=label_pl, position=position
        )
    # The only seat is taken: whoever registers now waits.
    RegistrationFactory(
        event=event,
        email="first@example.org",
        status=RegistrationStatus.CONFIRMED,
        confirmed_at=timezone.now() - datetime.timedelta(days=1),
    )
    Event.objects.filter(pk=event.pk).update(seats_taken=1)
    return event


def test_polish_registrant_answers_waits_moves_up_and_downloads_the_certificate(
    page, axe, event, live_server
):
    question = Question.objects.get(event=event)
    interpreted = QuestionChoice.objects.get(question=question, label_en="Polish–German")

    page.goto(f"/pl/events/{event.slug}/register/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_text("Jakiego tłumaczenia potrzebujesz?")).to_be_visible()
    page.fill("#id_first_name", "Łucja")
    page.fill("#id_last_name", "Żółkiewska")
    page.fill("#id_email", "lucja@example.org")
    page.fill("#id_organisation", "Klaster ICT Pomorze Zachodnie")
    page.select_option("#id_organisation_type", "it_company")
    page.select_option("#id_country", "PL")
    page.check("#id_consent")
    # The required question left out: refused in Polish, what was typed stays, nothing stored.
    page.locator("form.registration-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_last_name")).to_have_value("Żółkiewska")
    assert not Registration.objects.filter(email="lucja@example.org").exists()
    axe(page, context="registration form with a question left out")

    page.locator(f"input[name='{question.field_name}'][value='{interpreted.pk}']").check()
    page.locator("form.registration-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/pl/events/{event.slug}/register/sent/$"))

    mail_queue_send()
    link = re.search(
        re.escape(live_server.url) + r"/pl/events/registration/[0-9a-f]+/", mail.outbox[-1].body
    )[0]
    page.goto(link)
    page.locator("form:has(input[value=confirm]) button").click()

    # On the waiting list, with the place and the rule for who moves up, in Polish.
    registration = Registration.objects.get(email="lucja@example.org")
    assert registration.status == RegistrationStatus.WAITLISTED
    expect(page.locator(".waitlist-position")).to_contain_text("1")
    expect(page.locator("form:has(input[value=cancel]) button")).to_be_visible()
    answer = Answer.objects.get(registration=registration)
    assert list(answer.choices.values_list("pk", flat=True)) == [interpreted.pk]
    axe(page, context="manage page on the waiting list")

    # The person with the seat cancels: the seat goes to the first one waiting.
    services.registration_cancel(registration=Registration.objects.get(email="first@example.org"))
    page.reload()
    expect(page.locator(".event-state--open")).to_be_visible()
    expect(page.locator(".waitlist-position")).to_have_count(0)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED

    # The event took place and the organisers marked her present.
    start = timezone.now() - datetime.timedelta(days=2)
    Event.objects.filter(pk=event.pk).update(start=start, end=start + datetime.timedelta(hours=3))
    event.refresh_from_db()
    attendance.attendance_mark(event=event, registration_ids=[registration.pk], attended=True)
    page.reload()
    expect(page.locator("#after-event-heading")).to_be_visible()
    axe(page, context="manage page after the event")
    with page.expect_download() as download_info:
        page.locator("a[href$='/certificate.pdf']").click()
    with open(download_info.value.path(), "rb") as file:
        text = " ".join(PdfReader(io.BytesIO(file.read())).pages[0].extract_text().split())
    assert "Łucja Żółkiewska" in text
    assert "Skuteczna komunikacja ponad granicami" in text
