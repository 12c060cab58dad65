"""Certificates of participation: a PDF in the participant's language, for those marked present,
only through the registration's secret link, never cached."""

import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import formats, translation
from pypdf import PdfReader

from events import certificates
from events.models import RegistrationStatus
from tests.events.after_event import participant, past_event
from tests.events.factories import manage_token
from tests.partners.factories import OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
START = datetime.datetime(2025, 3, 12, 10, 0, tzinfo=WARSAW)


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def event(org_a):
    partner = OrganisationFactory(name_en="Zachodniopomorska Agencja Rozwoju")
    event = past_event(
        organiser=org_a,
        title_en="Digital skills for small firms",
        title_pl="Umiejętności cyfrowe: źródła, łączność, żółty ślimak, gęś",
        title_de="Digitale Kompetenzen für Kleinbetriebe: Größe und Übung",
        start=START,
        end=START + datetime.timedelta(hours=2, minutes=30),
        time_zone="Europe/Warsaw",
        project=ProjectFactory(
            acronym="NEXT2MET",
            title_en="Regions next to metropolises",
            programme_en="Interreg Europe",
            fund_en="European Regional Development Fund",
        ),
    )
    event.co_organisers.add(partner)
    return event


@pytest.fixture
def polish(event):
    return participant(
        event, first_name="Łucja", last_name="Źdźbło-Gęślą", language="pl", attended=True
    )


def local_date(language: str) -> str:
    with translation.override(language):
        return formats.date_format(START, "DATE_FORMAT")


def test_polish_certificate_carries_name_title_date_and_organisers(polish, org_a):
    text = flat(pdf_text(certificates.certificate_pdf(registration=polish)))
    assert "Łucja Źdźbło-Gęślą" in text
    assert "Umiejętności cyfrowe: źródła, łączność, żółty ślimak, gęś" in text
    # The date in Polish (Django's own month names) and the times in the event's time zone.
    assert local_date("pl") in text
    assert "10:00–12:30 (CET)" in text
    assert org_a.name in text and "Zachodniopomorska Agencja Rozwoju" in text
    assert "NEXT2MET" in text and "Interreg Europe" in text
    assert "European Regional Development Fund" in text


def test_polish_certificate_is_written_in_polish(polish):
    """Needs the Polish catalogue with this feature's messages."""
    text = flat(pdf_text(certificates.certificate_pdf(registration=polish)))
    assert "Zaświadczenie o uczestnictwie" in text
    assert "2 godziny 30 minut" in text


def test_german_certificate_is_written_in_german(event):
    """Needs the German catalogue with this feature's messages."""
    person = participant(
        event, first_name="Jürgen", last_name="Größe", language="de", attended=True
    )
    text = flat(pdf_text(certificates.certificate_pdf(registration=person)))
    assert "Jürgen Größe" in text
    assert "Digitale Kompetenzen für Kleinbetriebe: Größe und Übung" in text
    assert local_date("de") in text
    assert "Teilnahmebescheinigung" in text


def test_english_certificate_states_duration_and_project(event):
    person = participant(event, language="en", attended=True)
    text = flat(pdf_text(certificates.certificate_pdf(registration=person)))
    assert "Certificate of participation" in text
    assert "2 hours 30 minutes" in text
    assert "Part of the project NEXT2MET – Regions next to metropolises" in text
    assert "Programme: Interreg Europe · Fund: European Regional Development Fund" in text


def test_without_project_no_project_line(org_a):
    event = past_event(organiser=org_a, project=None)
    person = participant(event, attended=True)
    text = flat(pdf_text(certificates.certificate_pdf(registration=person)))
    assert "Part of the project" not in text
    assert "Programme" not in text


def test_duration_texts(org_a):
    event = past_event(organiser=org_a)
    assert certificates.event_duration_text(event) == "2 hours"
    event.end = event.start + datetime.timedelta(minutes=45)
    assert certificates.event_duration_text(event) == "45 minutes"
    event.dates_only = True
    event.end = event.start + datetime.timedelta(days=2)
    assert certificates.event_duration_text(event) == "3 days"


def test_an_organiser_that_only_took_part_is_not_named_organiser(event, org_a):
    event.organiser_only_took_part = True
    assert certificates.event_organisers(event) == ["Zachodniopomorska Agencja Rozwoju"]


# --- Download through the secret link ---------------------------------------------------------


def certificate_url(registration, language="pl"):
    with translation.override(language):
        return reverse("events:manage_certificate", kwargs={"token": manage_token(registration)})


def test_present_participants_download_it_privately(client, polish):
    response = client.get(certificate_url(polish))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "noindex" in response["X-Robots-Tag"]
    assert "Łucja Źdźbło-Gęślą" in pdf_text(response.content)


@pytest.mark.parametrize(
    "fields",
    [
        {"attended": None},
        {"attended": False},
        {"attended": True, "status": RegistrationStatus.CANCELLED},
    ],
)
def test_no_certificate_for_others(client, event, fields):
    person = participant(event, **fields)
    assert client.get(certificate_url(person)).status_code == 404


def test_only_the_secret_link_opens_it(client, polish):
    url = certificate_url(polish)
    assert client.get(url.replace(manage_token(polish), "0" * 64)).status_code == 404
    page = client.get(polish.event.get_absolute_url())
    assert b"certificate.pdf" not in page.content


def test_never_in_the_page_cache(client, polish, settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_VIEWS = [*settings.PAGE_CACHE_VIEWS, "events:manage_certificate"]
    first = client.get(certificate_url(polish))
    second = client.get(certificate_url(polish))
    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second


def test_erased_registrations_have_none(client, polish):
    from events.services import registration_erase

    url = certificate_url(polish)
    registration_erase(registration=polish)
    assert client.get(url).status_code == 404


# --- The manage page ----------------------------------------------------------------------------


def manage_url(registration, language="pl"):
    with translation.override(language):
        return reverse("events:manage", kwargs={"token": manage_token(registration)})


def test_manage_page_links_the_certificate_for_present_participants_only(client, event, polish):
    page = client.get(manage_url(polish))
    assert certificate_url(polish).encode() in page.content
    unknown = participant(event)
    page = client.get(manage_url(unknown))
    assert b"certificate.pdf" not in page.content
    assert b"/feedback/" in page.content  # feedback is open to them all the same


def test_manage_page_after_the_event_needs_a_fixed_number_of_queries(
    client, polish, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get(manage_url(polish))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("language", "taken_place", "see_you"),
    [
        ("en", "The event has taken place.", "See you there!"),
        ("de", "Die Veranstaltung hat stattgefunden.", "Bis bald!"),
        ("pl", "Wydarzenie już się odbyło.", "Do zobaczenia!"),
    ],
)
def test_manage_page_after_the_event_says_it_took_place(
    client, polish, language, taken_place, see_you
):
    html = client.get(manage_url(polish, language)).content.decode()
    assert taken_place in html
    assert see_you not in html
