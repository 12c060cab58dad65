"""The one-page PDF fact sheet of a measure: its content in each language, what is reachable,
and that rendering reads nothing but the portal's own files."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils.translation import override
from pypdf import PdfReader

from core.workflow import Status
from measures import factsheet
from tests.events.factories import EventFactory
from tests.measures.factories import InspirationFactory, MeasureFactory, ThemeFactory
from tests.partners.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def factsheet_url(language: str, slug: str) -> str:
    with override(language):
        return reverse("measures:factsheet", kwargs={"slug": slug})


def pdf_text(response) -> tuple[int, str]:
    """The number of pages and the text of a PDF answer."""
    reader = PdfReader(io.BytesIO(response.content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def measure(empty_cache):
    region = RegionFactory(nuts_code="PL42", country="PL", name_pl="Zachodniopomorskie")
    organisation = OrganisationFactory(
        slug="klaster", name_pl="Zachodniopomorski Klaster ICT", country="PL", region=region
    )
    measure = MeasureFactory(
        slug="zamowienia",
        organisation=organisation,
        country="PL",
        region=region,
        themes=[ThemeFactory(name_en="Clusters", name_de="Cluster", name_pl="Klastry")],
        title_en="Cluster order mechanism",
        title_de="Auftragsmechanismus des Clusters",
        title_pl="Klastrowy mechanizm zamówień",
        summary_en="Members bid together for larger orders.",
        summary_de="Mitglieder bewerben sich gemeinsam um größere Aufträge.",
        summary_pl="Członkowie wspólnie zabiegają o większe zlecenia.",
        description_en="<p>Firms share one bid.</p>",
        description_de="<p>Firmen geben ein gemeinsames Angebot ab.</p>",
        description_pl="<p>Firmy składają wspólną ofertę.</p>",
        transfer_potential_en="<p>Works in any cluster.</p>",
        transfer_potential_de="",
        transfer_potential_pl="",
        funding="Interreg Europe",
        start_year=2019,
        end_year=None,
    )
    InspirationFactory(
        measure=measure,
        source__title_pl="Kawa klastrowa",
        note_pl="Przejęliśmy ten format.",
    )
    event = EventFactory(title_en="Matchmaking in Szczecin", title_pl="Spotkanie w Szczecinie")
    event.measures.add(measure)
    return measure


def test_the_fact_sheet_is_one_page_in_polish_with_the_page_content(client, measure):
    response = client.get(factsheet_url("pl", "zamowienia"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="zamowienia-pl.pdf"'
    assert response["X-Robots-Tag"] == "noindex"
    pages, text = pdf_text(response)
    assert pages == 1
    for expected in (
        "Klastrowy mechanizm zamówień",
        "Członkowie wspólnie zabiegają o większe zlecenia.",
        "Firmy składają wspólną ofertę.",
        "Zachodniopomorski Klaster ICT",
        "Zachodniopomorskie (PL42), Polska",
        "Klastry",
        "Interreg Europe",
        "od 2019",  # since 2019, ongoing
        "Kawa klastrowa",
        "Przejęliśmy ten format.",
        "Spotkanie w Szczecinie",
        "/pl/measures/zamowienia/",
    ):
        assert expected in " ".join(text.split()), expected
    # A section with no Polish text falls back to English and says so.
    assert "Works in any cluster." in text


def test_the_fact_sheet_follows_the_language_of_its_address(client, measure):
    _pages, german = pdf_text(client.get(factsheet_url("de", "zamowienia")))
    _pages, english = pdf_text(client.get(factsheet_url("en", "zamowienia")))

    assert "Auftragsmechanismus des Clusters" in german
    assert "größere Aufträge" in german
    assert "Cluster order mechanism" in english
    assert "Auftragsmechanismus" not in english


def test_the_fonts_are_embedded(client, measure):
    reader = PdfReader(io.BytesIO(client.get(factsheet_url("pl", "zamowienia")).content))
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    # Composite fonts describe their glyphs in their descendant font.
    described = [
        font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        for font in fonts
    ]
    assert fonts
    assert all("+DejaVu-Sans" in str(font["/BaseFont"]) for font in fonts)
    for font in described:
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_the_measure_page_links_its_fact_sheet(client, measure):
    with override("de"):
        page = client.get(measure.get_absolute_url()).content.decode()
    assert f'href="{factsheet_url("de", "zamowienia")}"' in page


def test_a_change_of_the_measure_changes_the_kept_fact_sheet(client, measure):
    assert (
        "Klastrowy mechanizm zamówień" in pdf_text(client.get(factsheet_url("pl", "zamowienia")))[1]
    )
    measure.title_pl = "Wspólne zamówienia w klastrze"
    measure.save()

    text = pdf_text(client.get(factsheet_url("pl", "zamowienia")))[1]
    assert "Wspólne zamówienia w klastrze" in text
    assert "Klastrowy mechanizm" not in text


def test_the_fact_sheet_costs_a_fixed_number_of_queries(
    client, measure, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert client.get(factsheet_url("en", "zamowienia")).status_code == 200
    # Kept: the measure, its relations and the content version, no rendering.
    with django_assert_max_num_queries(8):
        assert client.get(factsheet_url("en", "zamowienia")).status_code == 200


def test_drafts_have_a_fact_sheet_only_for_their_editors(client, org_a, editor_a, manager_b):
    draft = MeasureFactory(
        slug="draft-sheet", organisation=org_a, status=Status.DRAFT, title_en="Draft plan"
    )
    assert client.get(factsheet_url("en", draft.slug)).status_code == 404
    client.force_login(manager_b)
    assert client.get(factsheet_url("en", draft.slug)).status_code == 404
    client.force_login(editor_a)
    response = client.get(factsheet_url("en", draft.slug))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Draft plan" in pdf_text(response)[1]


def test_unknown_measures_and_other_methods(client, measure):
    assert client.get(factsheet_url("en", "nothing-here")).status_code == 404
    assert client.post(factsheet_url("en", "zamowienia")).status_code == 405


@pytest.mark.parametrize(
    "address",
    [
        "https://example.com/logo.png",
        "file:///etc/passwd",
        "http://testserver/media/../../etc/passwd",
        "http://testserver/static/../../pyproject.toml",
        "http://testserver/static/img/no-such-file.svg",
    ],
)
def test_rendering_reads_no_other_address(address):
    with pytest.raises(factsheet.RefusedAddress):
        factsheet.local_fetcher().fetch(address)


def test_rendering_reads_the_portals_own_files():
    response = factsheet.local_fetcher().fetch("http://testserver/static/img/logo.svg")
    assert response.content_type == "image/svg+xml"
    assert b"<svg" in response._file_obj.read()
