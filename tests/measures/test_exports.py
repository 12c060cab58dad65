"""Open data: CSV for spreadsheets, JSON with field descriptions, the Atom feed, sitemaps."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from core.workflow import Status
from measures.models import Measure
from tests.measures.factories import MeasureFactory, ThemeFactory

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
    with django_assert_max_num_queries(4):
        response = client.get(url("measures:export_csv"))
        text = body(response).decode("utf-8-sig")
    assert response.status_code == 200
    assert len(list(csv.reader(io.StringIO(text)))) == published + 1  # and the header
    with django_assert_max_num_queries(4):
        response = client.get(url("measures:export_json"))
        data = json.loads(body(response))
    assert response.status_code == 200
    assert len(data["measures"]) == published


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
