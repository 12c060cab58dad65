"""Open data: CSV for spreadsheets, JSON with field descriptions, the Atom feed, sitemaps."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from itertools import chain

import pytest
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from core.spreadsheets import spreadsheet_safe
from core.workflow import Status
from measures.exports import FIELDS, measure_export_chunks
from measures.models import Measure, TargetGroup, Theme
from tests.measures.factories import MeasureFactory, TargetGroupFactory, ThemeFactory
from tests.partners.factories import OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def rows():
    theme = ThemeFactory(slug="clusters")
    MeasureFactory(
        slug="umlauts",
        title_de="Übergänge für Gründerinnen in Großstädten",
        title_pl="Żółć gęślą jaźń – współpraca",
        title_en='=HYPERLINK("http://evil.example")',
        summary_en="+1 more summary",
        country="PL",
        themes=[theme],
    )
    MeasureFactory(slug="other", country="DE", summary_en="@mention and -minus")
    MeasureFactory(slug="hidden", status=Status.DRAFT)


def test_csv_is_excel_friendly_and_neutralises_formulas(client, rows):
    response = client.get(url("measures:export_csv"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    by_slug = {record["slug"]: record for record in records}
    assert set(by_slug) == {"umlauts", "other"}
    assert by_slug["umlauts"]["title"].startswith("'=HYPERLINK")
    assert by_slug["umlauts"]["summary"] == "'+1 more summary"
    assert by_slug["other"]["summary"] == "'@mention and -minus"
    assert by_slug["umlauts"]["themes"] == "clusters"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "Übergänge für Gründerinnen in Großstädten"), ("pl", "Żółć gęślą jaźń – współpraca")],
)
def test_csv_keeps_umlauts_and_polish_letters(client, rows, language, expected):
    raw = body(client.get(url("measures:export_csv", language), {"country": "PL"}))
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [record["title"] for record in records] == [expected]


def test_json_export_documents_fields_and_licence(client, rows):
    response = client.get(url("measures:export_json"), {"country": "PL"})
    assert response.streaming
    data = json.loads(body(response))
    assert "CC BY 4.0" in data["licence"]["name"]
    assert set(data["fields"]) == set(data["measures"][0])
    assert [m["slug"] for m in data["measures"]] == ["umlauts"]
    assert data["measures"][0]["themes"] == ["clusters"]
    assert data["measures"][0]["url"].endswith("/en/measures/umlauts/")


def test_exports_run_a_fixed_number_of_queries(client, rows, django_assert_max_num_queries):
    MeasureFactory.create_batch(20)
    published = Measure.objects.filter(status=Status.PUBLISHED).count()
    with django_assert_max_num_queries(3):  # themes and target groups, then the rows
        response = client.get(url("measures:export_csv"))
        text = body(response).decode("utf-8-sig")
    assert response.status_code == 200
    assert len(list(csv.reader(io.StringIO(text)))) == published + 1  # and the header
    with django_assert_max_num_queries(3):
        response = client.get(url("measures:export_json"))
        data = json.loads(body(response))
    assert response.status_code == 200
    assert len(data["measures"]) == published


@pytest.fixture
def tricky():
    """Measures whose texts fall back to other languages, start like formulas and hold
    delimiters, quotes, line breaks and characters that JSON escapes."""
    lead, other = ThemeFactory(slug="-lead"), ThemeFactory(slug="other")
    organisation = OrganisationFactory(
        slug="-org", name_en="", name_de="@Verein", name_pl="Stowarzyszenie"
    )
    MeasureFactory(
        slug="-minus",
        title_en="",
        title_de="=Titel",
        title_pl='Tytuł "w cudzysłowie"',
        summary_en='Line one\n=line two; "quoted", done',
        summary_de="",
        summary_pl='Ukośnik \\ i "cudzysłów",\ttab\x0b pion\r\nkoniec \u2028 😀',
        city="\tTabbed",
        funding="+EU, region",
        website="https://example.org/?a=1;b=2",
        organisation=organisation,
        source_project=ProjectFactory(slug="=project"),
        themes=[other, lead],
        target_groups=[TargetGroupFactory(slug="=group"), TargetGroupFactory(slug="older")],
        start_year=None,
        end_year=None,
    )
    MeasureFactory(slug="bare", themes=[], summary_en="-", city="")
    # Whole seconds: ISO 8601 without microseconds.
    Measure.objects.filter(slug="bare").update(updated_at=datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC))
    return Measure.objects.published().order_by("pk")


def expected_record(measure: Measure, language: str) -> dict:
    """What an export holds for a measure: texts in the language or its fallback, codes."""
    order = [language] + [code for code in ("en", "de", "pl") if code != language]

    def shown(obj, field):
        texts = (getattr(obj, f"{field}_{code}") for code in order)
        return next((text for text in texts if text), "")

    themes = {theme.pk: theme.slug for theme in Theme.objects.all()}
    groups = {group.pk: group.slug for group in TargetGroup.objects.all()}
    with translation.override(language):
        path = reverse("measures:detail", args=[measure.slug])
    return {
        "slug": measure.slug,
        "url": settings.SITE_URL + path,
        "title": shown(measure, "title"),
        "summary": shown(measure, "summary"),
        "kind": measure.kind,
        "themes": [themes[pk] for pk in measure.theme_ids],
        "target_groups": [groups[pk] for pk in measure.target_group_ids],
        "country": str(measure.country),
        "region": measure.region.nuts_code if measure.region else "",
        "city": measure.city,
        "organisation": measure.organisation.slug,
        "organisation_name": shown(measure.organisation, "name"),
        "source_project": measure.source_project.slug if measure.source_project else "",
        "start_year": measure.start_year,
        "end_year": measure.end_year,
        "funding": measure.funding,
        "website": measure.website,
        "languages": list(measure.languages),
        "published": measure.first_published_at.astimezone(UTC).isoformat(),
        "updated": measure.updated_at.astimezone(UTC).isoformat(),
    }


def spreadsheet_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(value)
    return value if isinstance(value, int) else spreadsheet_safe(value)


@pytest.mark.parametrize(("language", "delimiter"), [("en", ","), ("de", ";"), ("pl", ";")])
def test_csv_is_what_the_csv_module_writes_of_the_fallbacks_made_safe(
    client, tricky, language, delimiter
):
    raw = body(client.get(url("measures:export_csv", language)))
    expected = io.StringIO()
    writer = csv.writer(expected, delimiter=delimiter)
    writer.writerow(FIELDS)
    for measure in tricky:
        record = expected_record(measure, language)
        writer.writerow([spreadsheet_cell(value) for value in record.values()])
    assert raw.decode("utf-8") == "\ufeff" + expected.getvalue()
    by_slug = {
        row["slug"]: row
        for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter)
    }
    if language == "en":
        assert by_slug["'-minus"]["title"] == "'=Titel"  # German, the first fallback
        assert by_slug["'-minus"]["summary"] == 'Line one\n=line two; "quoted", done'
        assert by_slug["'-minus"]["organisation_name"] == "'@Verein"
        assert by_slug["'-minus"]["themes"] == "'-lead, other"  # in the order of the ids
        assert by_slug["'-minus"]["start_year"] == by_slug["bare"]["themes"] == ""
        assert by_slug["bare"]["summary"] == "'-"
        assert by_slug["bare"]["updated"] == "2024-05-06T07:08:09+00:00"


def test_json_is_what_json_dumps_writes_of_lists_numbers_and_unguarded_texts(client, tricky):
    raw = body(client.get(url("measures:export_json", "pl"))).decode("utf-8")
    records = [expected_record(measure, "pl") for measure in tricky]
    dumped = ",".join(json.dumps(record, ensure_ascii=False) for record in records)
    assert raw.endswith(', "measures": [' + dumped + "]}")
    assert "\\u000b" in raw and "\\r\\n" in raw and "\u2028" in raw
    data = json.loads(raw)
    assert data["measures"] == records
    assert records[0]["title"] == 'Tytuł "w cudzysłowie"'
    assert records[0]["start_year"] is None and records[1]["themes"] == []


def test_rows_come_in_chunks_in_id_order(tricky):
    MeasureFactory.create_batch(4)
    whole = list(
        chain.from_iterable(
            measure_export_chunks(data=QueryDict(), language="en", file_format="csv")
        )
    )
    chunks = list(
        measure_export_chunks(data=QueryDict(), language="en", file_format="csv", chunk_size=2)
    )
    assert [len(chunk) for chunk in chunks] == [2, 2, 2]
    assert list(chain.from_iterable(chunks)) == whole
    slugs = Measure.objects.published().order_by("pk").values_list("slug", flat=True)
    assert [spreadsheet_safe(slug) for slug in slugs] == [
        line.split(",", 1)[0] for (line,) in whole
    ]


def test_atom_feed_per_language(client, rows):
    response = client.get(url("measures:feed", "de"))
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    titles = [entry.find("atom:title", ns).text for entry in feed.findall("atom:entry", ns)]
    assert "Übergänge für Gründerinnen in Großstädten" in titles
    assert len(titles) == 2
    links = [e.find("atom:link", ns).get("href") for e in feed.findall("atom:entry", ns)]
    assert all("/de/measures/" in link for link in links)


def test_sitemap_lists_every_measure_in_every_language_with_alternates(client, rows):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert b"sitemap-measures.xml" in index.content
    response = client.get("/sitemap-measures.xml")
    content = response.content.decode()
    for language in ("de", "en", "pl"):
        assert f"/{language}/measures/umlauts/</loc>" in content
    assert 'hreflang="x-default"' in content
    assert "/measures/hidden/" not in content
    pages = client.get("/sitemap-pages.xml").content.decode()
    for path in ("/en/imprint/", "/pl/privacy/", "/de/accessibility/", "/en/measures/"):
        assert path in pages


def test_robots_txt_names_the_sitemap(client):
    assert b"Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content


def test_sitemap_pages_through_many_measures(client, monkeypatch, django_assert_max_num_queries):
    from measures.sitemaps import MeasureSitemap

    MeasureFactory.create_batch(7)
    monkeypatch.setattr(MeasureSitemap, "limit", 6)  # 7 measures × 3 languages: 4 pages
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-measures.xml?p=4" in index
    locations = []
    for page in range(1, 5):
        with django_assert_max_num_queries(3):  # one page of rows, not every measure
            content = client.get(f"/sitemap-measures.xml?p={page}").content.decode()
        locations += [part.split("</loc>")[0] for part in content.split("<loc>")[1:]]
    assert len(locations) == len(set(locations)) == 21


def test_feed_summary_is_text_even_for_feed_readers_that_parse_html(client):
    MeasureFactory(summary_en="Plain <img src=x onerror=alert(1)> & text")
    feed = ET.fromstring(client.get(url("measures:feed")).content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    summary = feed.find("atom:entry/atom:summary", ns)
    assert summary.get("type") == "html"
    # After XML parsing, what a reader renders as HTML is escaped text, not an element.
    assert summary.text == "Plain &lt;img src=x onerror=alert(1)&gt; &amp; text"
