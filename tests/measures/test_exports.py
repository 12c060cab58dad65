"""Open data: CSV for spreadsheets, JSON with field descriptions, the Atom feed, sitemaps."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser
from itertools import chain

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from PIL import Image

from core.spreadsheets import spreadsheet_safe
from core.workflow import Status
from events.models import EventStatus
from measures.exports import CSV_COLUMNS, measure_export_chunks
from measures.models import RICH_TEXT_FIELDS, Inspiration, Measure, TargetGroup, Theme
from measures.services import rich_text_sanitise
from tests.events.factories import EventFactory
from tests.measures.factories import (
    InspirationFactory,
    MeasureFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from tests.partners.factories import OrganisationFactory, ProjectFactory, RegionFactory

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


LANGUAGES = ("de", "en", "pl")
PUBLISHED_EVENTS = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


class _PlainText(HTMLParser):
    """Sanitised HTML as plain text, as a reader would copy it from the page: blocks apart by
    a blank line, list items and line breaks on lines of their own."""

    BLOCKS = {"p", "h3", "h4", "ul", "ol", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag in ("br", "li"):
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"[\r\n\t]", " ", data))


def plain_text(html: str) -> str:
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    text = re.sub(r" *\n *", "\n", "".join(parser.parts))
    return re.sub(r"\n{3,}", "\n\n", text).strip(" \n")


def texts(obj, field) -> dict | None:
    """A translated field as the JSON export writes it (None for a missing object)."""
    if obj is None:
        return None
    return {code: getattr(obj, f"{field}_{code}") or None for code in LANGUAGES}


def shown(obj, field, language) -> tuple[str, str]:
    """The text in the language or its fallback, and the fallback's code ('' when none)."""
    order = [language] + [code for code in ("en", "de", "pl") if code != language]
    for code in order:
        text = getattr(obj, f"{field}_{code}", None) if obj is not None else None
        if text:
            return text, "" if code == language else code
    return "", ""


def page(name, slug, language):
    with translation.override(language):
        return settings.SITE_URL + reverse(name, args=[slug])


def iso(moment):
    return moment.astimezone(UTC).isoformat() if moment else ""


def relations(measure: Measure, language: str) -> dict:
    """What the measure's page lists of other entries, read through the ORM."""
    stakeholders = sorted(
        measure.stakeholders.filter(status=Status.PUBLISHED),
        key=lambda organisation: (shown(organisation, "name", language)[0], organisation.pk),
    )
    return {
        "stakeholders": stakeholders,
        "inspired_by": list(
            Inspiration.objects.filter(measure=measure, source__status=Status.PUBLISHED)
            .select_related("source")
            .order_by("pk")
        ),
        "inspired": list(
            Inspiration.objects.filter(source=measure, measure__status=Status.PUBLISHED)
            .select_related("measure")
            .order_by("pk")
        ),
        "events": list(measure.events.filter(status__in=PUBLISHED_EVENTS).order_by("start", "pk")),
    }


def expected_json(measure: Measure, language: str) -> dict:
    """What a JSON export holds for a measure: every text in every language, codes, links."""
    themes = {theme.pk: theme.slug for theme in Theme.objects.all()}
    groups = {group.pk: group.slug for group in TargetGroup.objects.all()}
    related = relations(measure, language)
    project = measure.source_project
    return {
        "slug": measure.slug,
        "url": page("measures:detail", measure.slug, language),
        "title": texts(measure, "title"),
        "summary": texts(measure, "summary"),
        **{field: texts(measure, field) for field in RICH_TEXT_FIELDS},
        "kind": measure.kind,
        "themes": [themes[pk] for pk in measure.theme_ids],
        "target_groups": [groups[pk] for pk in measure.target_group_ids],
        "organisation": measure.organisation.slug,
        "organisation_name": texts(measure.organisation, "name"),
        "stakeholders": [
            {"slug": organisation.slug, "name": texts(organisation, "name")}
            for organisation in related["stakeholders"]
        ],
        "other_stakeholders": measure.other_stakeholders,
        "country": str(measure.country),
        "region": measure.region.nuts_code if measure.region else "",
        "region_name": texts(measure.region, "name"),
        "city": measure.city,
        "source_project": project.slug if project else "",
        "source_project_acronym": project.acronym if project else "",
        "source_project_title": texts(project, "title"),
        "start_year": measure.start_year,
        "end_year": measure.end_year,
        "funding": measure.funding,
        "website": measure.website,
        "contact_name": measure.contact_name,
        "contact_email": measure.contact_email,
        "image": settings.SITE_URL + measure.image.url if measure.image else "",
        "image_alt": texts(measure, "image_alt"),
        "inspired_by": [
            {
                "slug": link.source.slug,
                "url": page("measures:detail", link.source.slug, language),
                "note": texts(link, "note"),
            }
            for link in related["inspired_by"]
        ],
        "inspired": [
            {
                "slug": link.measure.slug,
                "url": page("measures:detail", link.measure.slug, language),
                "note": texts(link, "note"),
            }
            for link in related["inspired"]
        ],
        "events": [
            {
                "slug": event.slug,
                "url": page("events:detail", event.slug, language),
                "title": texts(event, "title"),
                "start": iso(event.start),
            }
            for event in related["events"]
        ],
        "languages": list(measure.languages),
        "published": iso(measure.first_published_at),
        "updated": iso(measure.updated_at),
    }


def lines(objects, field, language) -> tuple[str, str]:
    """Texts one per line and their fallback languages, as the CSV export joins them."""
    pairs = [shown(obj, field, language) for obj in objects]
    joined = ["\n".join(part[index] for part in pairs) for index in (0, 1)]
    return tuple(
        text if any(part[index] for part in pairs) else "" for index, text in enumerate(joined)
    )


def expected_csv(measure: Measure, language: str) -> dict:
    """What a CSV export holds for a measure (before it is made spreadsheet-safe): texts in
    the language or its fallback with the fallback's code, sections as plain text, lists."""
    record = expected_json(measure, language)
    related = relations(measure, language)
    sources = {"organisation_name": measure.organisation, "region_name": measure.region}
    sources["source_project_title"] = measure.source_project
    row = {}
    for name, value in record.items():
        if name in ("title", "summary", *RICH_TEXT_FIELDS, "image_alt"):
            text, code = shown(measure, name, language)
            row[name] = plain_text(text) if name in RICH_TEXT_FIELDS else text
            row[f"{name}_language"] = code
        elif name in sources:
            row[name], row[f"{name}_language"] = shown(
                sources[name], "name" if name != "source_project_title" else "title", language
            )
        elif name == "stakeholders":
            row["stakeholders"] = [item["slug"] for item in value]
            names = lines(related["stakeholders"], "name", language)
            row["stakeholder_names"], row["stakeholder_names_language"] = names
        elif name in ("inspired_by", "inspired"):
            row[name] = [item["slug"] for item in value]
            row[f"{name}_urls"] = [item["url"] for item in value]
            notes = lines(related[name], "note", language)
            row[f"{name}_notes"], row[f"{name}_notes_language"] = notes
        elif name == "events":
            row["events"] = [item["slug"] for item in value]
            row["event_urls"] = [item["url"] for item in value]
            titles = lines(related["events"], "title", language)
            row["event_titles"], row["event_titles_language"] = titles
            row["event_starts"] = [item["start"] for item in value]
        else:
            row[name] = value
    assert tuple(row) == CSV_COLUMNS
    return row


def spreadsheet_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(value)
    return value if isinstance(value, int) else spreadsheet_safe(value)


def expected_csv_file(measures, language: str, delimiter: str) -> str:
    expected = io.StringIO()
    writer = csv.writer(expected, delimiter=delimiter)
    writer.writerow(CSV_COLUMNS)
    for measure in measures:
        writer.writerow(
            spreadsheet_cell(value) for value in expected_csv(measure, language).values()
        )
    return "\ufeff" + expected.getvalue()


@pytest.mark.parametrize(("language", "delimiter"), [("en", ","), ("de", ";"), ("pl", ";")])
def test_csv_is_what_the_csv_module_writes_of_the_fallbacks_made_safe(
    client, tricky, language, delimiter
):
    raw = body(client.get(url("measures:export_csv", language)))
    assert raw.decode("utf-8") == expected_csv_file(tricky, language, delimiter)
    by_slug = {
        row["slug"]: row
        for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter)
    }
    if language == "en":
        assert by_slug["'-minus"]["title"] == "'=Titel"  # German, the first fallback
        assert by_slug["'-minus"]["title_language"] == "de"
        assert by_slug["'-minus"]["summary"] == 'Line one\n=line two; "quoted", done'
        assert by_slug["'-minus"]["summary_language"] == ""
        assert by_slug["'-minus"]["organisation_name"] == "'@Verein"
        assert by_slug["'-minus"]["organisation_name_language"] == "de"
        assert by_slug["'-minus"]["themes"] == "'-lead, other"  # in the order of the ids
        assert by_slug["'-minus"]["start_year"] == by_slug["bare"]["themes"] == ""
        assert by_slug["bare"]["summary"] == "'-"
        assert by_slug["bare"]["updated"] == "2024-05-06T07:08:09+00:00"


def test_json_is_what_json_dumps_writes_of_lists_numbers_and_unguarded_texts(client, tricky):
    raw = body(client.get(url("measures:export_json", "pl"))).decode("utf-8")
    records = [expected_json(measure, "pl") for measure in tricky]
    dumped = ",".join(json.dumps(record, ensure_ascii=False) for record in records)
    assert raw.endswith(', "measures": [' + dumped + "]}")
    assert "\\u000b" in raw and "\\r\\n" in raw and "\u2028" in raw
    data = json.loads(raw)
    assert data["measures"] == records
    assert records[0]["title"] == {"de": "=Titel", "en": None, "pl": 'Tytuł "w cudzysłowie"'}
    assert records[0]["start_year"] is None and records[1]["themes"] == []
    assert set(data["fields"]) == set(records[0])


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


DESCRIPTION = (
    "<p>First <strong>bold</strong> &amp; more</p>\n<p>Second<br>line</p><ul><li>one</li>"
    '<li>two <a href="https://example.org/?a=1&b=2">link</a></li></ul><h3>Sub</h3>'
    "<blockquote><p>Quote &lt;x&gt; and\xa0space</p></blockquote>"
)


@pytest.fixture
def full():
    """A measure with every field filled, linked to published and unpublished entries."""
    region = RegionFactory(nuts_code="PL91", country="PL", name_en="Warsaw", name_pl="Warszawa")
    organisation = OrganisationFactory(slug="main-org", name_en="Main", name_pl="Główna")
    partner = OrganisationFactory(slug="partner", name_en="", name_de="Partner DE")
    hidden_partner = OrganisationFactory(slug="hidden-partner", status=Status.DRAFT)
    measure = MeasureFactory(
        slug="full",
        title_en="Full measure",
        title_de="Volle Maßnahme",
        title_pl="Pełne działanie",
        summary_pl="Podsumowanie",
        description_en=rich_text_sanitise(html=DESCRIPTION),
        description_de=rich_text_sanitise(html="<p>Beschreibung</p>"),
        description_pl="",
        challenge_en="",
        challenge_de=rich_text_sanitise(html="Nur deutsch\n\nZweiter Absatz"),
        results_en=rich_text_sanitise(html="<p>=SUM(A1) results</p>"),
        resources_needed_pl=rich_text_sanitise(html="<p>Zasoby</p>"),
        transfer_potential_en=rich_text_sanitise(html="<p>Transfer</p>"),
        transfer_potential_de=rich_text_sanitise(html="<p>Übertragung</p>"),
        transfer_potential_pl=rich_text_sanitise(html="<p>Transfer PL</p>"),
        image_alt_de="Ein Bild",
        kind="network",
        themes=[ThemeFactory(slug="skills"), ThemeFactory(slug="health")],
        target_groups=[TargetGroupFactory(slug="smes")],
        organisation=organisation,
        other_stakeholders="Chamber of Commerce, =University",
        country="PL",
        region=region,
        city="Pruszków",
        source_project=ProjectFactory(slug="next2met", acronym="N2M", title_en="", title_de="Nah"),
        start_year=2019,
        end_year=2022,
        funding="ERDF",
        website="https://example.org/full",
        contact_name="Anna Nowak",
        contact_email="contact@example.org",
    )
    measure.stakeholders.set([partner, hidden_partner])
    picture = io.BytesIO()
    Image.new("RGB", (4, 3)).save(picture, "WEBP")
    name = default_storage.save("measures/images/full.webp", ContentFile(picture.getvalue()))
    Measure.objects.filter(pk=measure.pk).update(image=name)
    source = MeasureFactory(slug="source")
    follower = MeasureFactory(slug="follower")
    draft = MeasureFactory(slug="draft-source", status=Status.DRAFT)
    InspirationFactory(measure=measure, source=source, note_en="Took the idea", note_pl="")
    InspirationFactory(measure=measure, source=draft, note_en="Never shown")
    InspirationFactory(measure=follower, source=measure, note_en="", note_de="Idee übernommen")
    InspirationFactory(measure=draft, source=measure, note_en="Never shown either")
    shown_event = EventFactory(slug="shown-event", title_en="Matchmaking", title_pl="Spotkanie")
    shown_event.measures.add(measure)
    EventFactory(slug="draft-event", status=EventStatus.DRAFT).measures.add(measure)
    return Measure.objects.get(pk=measure.pk)


def test_json_carries_every_public_field_in_every_language(client, full):
    data = json.loads(body(client.get(url("measures:export_json"), {"q": "Full measure"})))
    assert [record["slug"] for record in data["measures"]] == ["full"]
    record = data["measures"][0]
    assert record == expected_json(full, "en")
    assert set(data["fields"]) == set(record)
    assert record["title"] == {
        "de": "Volle Maßnahme",
        "en": "Full measure",
        "pl": "Pełne działanie",
    }
    assert record["challenge"]["en"] is None and record["challenge"]["de"].startswith("<p>Nur")
    assert record["description"]["en"].startswith("<p>First <strong>bold</strong> &amp; more")
    assert record["image_alt"] == {"de": "Ein Bild", "en": None, "pl": None}
    assert record["organisation_name"] == {"de": None, "en": "Main", "pl": "Główna"}
    assert record["stakeholders"] == [
        {"slug": "partner", "name": {"de": "Partner DE", "en": None, "pl": None}}
    ]
    assert record["region"] == "PL91"
    assert record["region_name"] == {"de": None, "en": "Warsaw", "pl": "Warszawa"}
    assert record["source_project_acronym"] == "N2M"
    assert record["contact_email"] == "contact@example.org"
    assert record["image"] == settings.SITE_URL + "/media/measures/images/full.webp"
    assert record["inspired_by"] == [
        {
            "slug": "source",
            "url": settings.SITE_URL + "/en/measures/source/",
            "note": {"de": None, "en": "Took the idea", "pl": None},
        }
    ]
    assert [link["slug"] for link in record["inspired"]] == ["follower"]
    assert [event["slug"] for event in record["events"]] == ["shown-event"]
    assert record["events"][0]["title"] == {"de": None, "en": "Matchmaking", "pl": "Spotkanie"}
    assert record["events"][0]["url"] == settings.SITE_URL + "/en/events/shown-event/"
    assert record["end_year"] == 2022 and record["other_stakeholders"].endswith("=University")


def test_csv_carries_every_public_field_with_fallback_languages(client, full):
    raw = body(client.get(url("measures:export_csv"), {"theme": "skills"})).decode("utf-8")
    measures = Measure.objects.filter(pk=full.pk)
    assert raw == expected_csv_file(measures, "en", ",")
    (row,) = csv.DictReader(io.StringIO(raw.removeprefix("\ufeff")))
    assert row["title"] == "Full measure" and row["title_language"] == ""
    assert row["summary"] == "A short summary of what was done." and row["summary_language"] == ""
    assert row["description"] == (
        "First bold & more\n\nSecond\nline\n\none\ntwo link\n\nSub\n\nQuote <x> and\xa0space"
    )
    assert row["description_language"] == ""
    assert row["challenge"] == "Nur deutsch\n\nZweiter Absatz"
    assert row["challenge_language"] == "de"
    assert row["results"] == "'=SUM(A1) results"  # made safe for spreadsheets
    assert row["resources_needed_language"] == "pl"
    assert row["difficulties"] == row["difficulties_language"] == ""
    assert row["transfer_potential"] == "Transfer" and row["transfer_potential_language"] == ""
    assert row["image_alt"] == "Ein Bild" and row["image_alt_language"] == "de"
    assert row["organisation_name"] == "Main" and row["organisation_name_language"] == ""
    assert row["stakeholders"] == "partner"
    assert row["stakeholder_names"] == "Partner DE"
    assert row["stakeholder_names_language"] == "de"
    assert row["other_stakeholders"] == "Chamber of Commerce, =University"
    assert row["region"] == "PL91" and row["region_name"] == "Warsaw"
    assert row["source_project_title"] == "Nah" and row["source_project_title_language"] == "de"
    assert row["themes"] == "skills, health" and row["target_groups"] == "smes"
    assert row["contact_name"] == "Anna Nowak"
    assert row["image"].endswith("/media/measures/images/full.webp")
    assert row["inspired_by"] == "source"
    assert row["inspired_by_urls"] == settings.SITE_URL + "/en/measures/source/"
    assert row["inspired_by_notes"] == "Took the idea" and row["inspired_by_notes_language"] == ""
    assert row["inspired"] == "follower"
    assert row["inspired_notes"] == "Idee übernommen" and row["inspired_notes_language"] == "de"
    assert row["events"] == "shown-event" and row["event_titles"] == "Matchmaking"
    assert row["event_titles_language"] == ""
    assert row["event_starts"] == iso(full.events.get(slug="shown-event").start)


def test_csv_in_polish_names_the_fallbacks(client, full):
    raw = body(client.get(url("measures:export_csv", "pl"), {"q": "Pełne"})).decode("utf-8")
    assert raw == expected_csv_file(Measure.objects.filter(pk=full.pk), "pl", ";")
    (row,) = csv.DictReader(io.StringIO(raw.removeprefix("\ufeff")), delimiter=";")
    assert row["title"] == "Pełne działanie" and row["title_language"] == ""
    assert row["description_language"] == "en"  # no Polish text: English, the first fallback
    assert row["inspired_by_notes"] == "Took the idea"
    assert row["inspired_by_notes_language"] == "en"
    assert row["event_titles"] == "Spotkanie" and row["event_titles_language"] == ""


def test_relations_do_not_add_queries(client, full, django_assert_max_num_queries):
    for measure in MeasureFactory.create_batch(10):
        measure.stakeholders.add(OrganisationFactory())
        InspirationFactory(measure=measure, source=full)
        EventFactory().measures.add(measure)
    published = Measure.objects.published().count()
    for name in ("measures:export_csv", "measures:export_json"):
        with django_assert_max_num_queries(3):  # themes and target groups, then the rows
            raw = body(client.get(url(name)))
        if name.endswith("csv"):
            assert len(list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))) == published
        else:
            assert len(json.loads(raw)["measures"]) == published
