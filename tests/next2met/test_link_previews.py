"""Link previews (Open Graph, Twitter cards) of every public page and the schema.org JSON-LD of
the measure, organisation and event pages: values, languages, images, escaping, privacy."""

from __future__ import annotations

import datetime
import io
import json
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from PIL import Image

from events.models import EventFormat, EventStatus
from events.selectors import event_detail_queryset
from measures.selectors import measure_detail
from partners.selectors import organisation_detail_queryset
from tests.events.factories import EventFactory
from tests.measures.factories import MeasureFactory, ThemeFactory
from tests.partners.factories import OrganisationFactory, ProjectFactory, RegionFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "pl"]
OG_LOCALES = {"de": "de_DE", "en": "en_GB", "pl": "pl_PL"}
TAGLINES = {
    "de": "Regionen im Umfeld von Metropolen",
    "en": "Regions next to metropolises",
    "pl": "Regiony w sąsiedztwie metropolii",
}
FALLBACK_IMAGE = "http://testserver/static/img/og-default.png"
SCRIPT_BREAKOUT = "</script><script>alert(1)</script>"


# --- Reading a page ----------------------------------------------------------------------------


class PageReader(HTMLParser):
    """The head's meta tags and canonical link, the h1's text and the JSON-LD blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.canonical: str | None = None
        self.title = ""
        self.h1 = ""
        self.json_ld: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta.setdefault(key, []).append(attributes.get("content", ""))
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes["href"]
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._in = "json_ld"
            self.json_ld.append("")
        elif tag in ("title", "h1"):
            self._in = tag

    def handle_endtag(self, tag):
        if tag in ("title", "h1", "script"):
            self._in = None

    def handle_data(self, data):
        if self._in == "json_ld":
            self.json_ld[-1] += data
        elif self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def structured_data(self) -> dict:
        assert len(self.json_ld) == 1, self.json_ld
        return json.loads(self.json_ld[0])


def read(client, path: str) -> tuple[PageReader, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    reader = PageReader()
    reader.feed(html)
    return reader, html


def url_in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def squash(text: str) -> str:
    return " ".join(text.split())


def png(size=(800, 420), name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# --- Content ---------------------------------------------------------------------------------


@pytest.fixture
def region():
    return RegionFactory(
        nuts_code="PL84",
        country="PL",
        name_en="Podlaskie",
        name_de="Podlachien",
        name_pl="Podlasie",
    )


@pytest.fixture
def organisation(region):
    """An organisation without a logo."""
    return OrganisationFactory(
        slug="podlaskie-agency",
        name_en="Podlaskie Agency",
        country="PL",
        region=region,
        city="Białystok",
        acronym="PRA",
        website="https://agency.example.org/",
    )


@pytest.fixture
def organisation_with_logo():
    return OrganisationFactory(slug="witeno", name_en="WITENO", logo=png((400, 200), "logo.png"))


@pytest.fixture
def themes():
    return [
        ThemeFactory(slug="energy", name_en="Energy", name_de="Energie", name_pl="Energia"),
        ThemeFactory(slug="health", name_en="Health", name_de="Gesundheit", name_pl="Zdrowie"),
    ]


@pytest.fixture
def measure(organisation, themes):
    """A measure without an image."""
    return MeasureFactory(slug="plain", organisation=organisation, themes=themes)


@pytest.fixture
def measure_with_image(organisation_with_logo):
    return MeasureFactory(
        slug="pictured",
        organisation=organisation_with_logo,
        image=png(),
        image_alt_en="People at a workshop",
        image_alt_de="Menschen in einer Werkstatt",
        image_alt_pl="Ludzie na warsztatach",
    )


@pytest.fixture
def project(organisation):
    return ProjectFactory(slug="next2met", acronym="Next2Met", title_en="Regions next door")


def summer(hour_utc: int, day: int = 1) -> datetime.datetime:
    return datetime.datetime(2031, 7, day, hour_utc, 0, tzinfo=datetime.UTC)


@pytest.fixture
def online_event(organisation):
    """An online event in Warsaw time (UTC+2 in July) with a secret join link."""
    return EventFactory(
        slug="online-talk",
        title_en="Online talk",
        title_de="Online-Gespräch",
        title_pl="Rozmowa online",
        format=EventFormat.ONLINE,
        time_zone="Europe/Warsaw",
        start=summer(8),
        end=summer(10),
        join_link="https://zoom.example.org/j/987654321?pwd=very-secret",
        organiser=organisation,
    )


# --- Open Graph and Twitter cards on every page type -------------------------------------------


PAGES = [
    "home",
    "imprint",
    "privacy",
    "accessibility",
    "measures:index",
    "partners:index",
    "events:index",
    "regions:index",
]


def assert_link_preview(reader: PageReader, path: str, language: str, *, og_type="website"):
    """The tags every page has, with the values of the page itself."""
    page_title = reader.title.rsplit(" – Next2Met", 1)[0]
    assert reader.one("og:site_name") == "Next2Met"
    assert reader.one("og:type") == og_type
    assert reader.one("og:title") == page_title
    assert reader.one("og:description") == reader.one("description")
    assert reader.one("og:url") == reader.canonical == f"http://testserver{path}"
    assert reader.one("og:locale") == OG_LOCALES[language]
    assert sorted(reader.meta["og:locale:alternate"]) == sorted(
        locale for code, locale in OG_LOCALES.items() if code != language
    )
    assert reader.one("og:image").startswith("http://testserver/")
    assert reader.one("og:image:alt")
    assert reader.one("twitter:card") == "summary_large_image"
    assert reader.one("twitter:title") == page_title
    assert reader.one("twitter:description") == reader.one("description")
    assert reader.one("twitter:image") == reader.one("og:image")
    assert reader.one("twitter:image:alt") == reader.one("og:image:alt")


def assert_fallback_image(reader: PageReader, language: str):
    assert reader.one("og:image") == FALLBACK_IMAGE
    assert reader.one("og:image:width") == "1200"
    assert reader.one("og:image:height") == "630"
    assert reader.one("og:image:alt") == f"Next2Met – {TAGLINES[language]}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_pages_without_an_entry_have_link_previews_with_the_fallback_image(
    client, measure, online_event, name, language
):
    path = url_in(language, name)
    reader, _html = read(client, path)
    assert_link_preview(reader, path, language)
    assert reader.one("og:title") == squash(reader.h1)
    assert_fallback_image(reader, language)
    assert reader.json_ld == []


def test_the_fallback_image_is_a_1200_by_630_png(client):
    response = client.get("/static/img/og-default.png")
    assert response.status_code == 200
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)


@pytest.mark.parametrize("language", LANGUAGES)
def test_measure_without_image(client, measure, language):
    path = url_in(language, "measures:detail", slug=measure.slug)
    reader, _html = read(client, path)
    assert_link_preview(reader, path, language, og_type="article")
    with translation.override(language):
        title = measure.title
    assert reader.one("og:title") == squash(reader.h1) == title
    assert_fallback_image(reader, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_measure_with_image(client, measure_with_image, language):
    measure = measure_with_image
    path = url_in(language, "measures:detail", slug=measure.slug)
    reader, _html = read(client, path)
    assert_link_preview(reader, path, language, og_type="article")
    assert reader.one("og:title") == squash(reader.h1)
    assert reader.one("og:image") == f"http://testserver{measure.image.url}"
    assert reader.one("og:image:width") == "800"
    assert reader.one("og:image:height") == "420"
    with translation.override(language):
        assert reader.one("og:image:alt") == measure.image_alt


@pytest.mark.parametrize("language", LANGUAGES)
def test_organisation_without_logo(client, organisation, language):
    path = url_in(language, "partners:organisation_detail", slug=organisation.slug)
    reader, _html = read(client, path)
    assert_link_preview(reader, path, language)
    assert reader.one("og:title") == "Podlaskie Agency"
    assert squash(reader.h1) == "Podlaskie Agency (PRA)"  # the acronym is not part of the title
    assert_fallback_image(reader, language)


@pytest.mark.parametrize(
    ("language", "alt"),
    [("de", "Logo von WITENO"), ("en", "Logo of WITENO"), ("pl", "Logo organizacji WITENO")],
)
def test_organisation_with_logo(client, organisation_with_logo, language, alt):
    organisation = organisation_with_logo
    path = url_in(language, "partners:organisation_detail", slug=organisation.slug)
    reader, _html = read(client, path)
    assert_link_preview(reader, path, language)
    assert reader.one("og:title") == squash(reader.h1) == "WITENO"
    assert reader.one("og:image") == f"http://testserver{organisation.logo.url}"
    assert reader.one("og:image:width") == str(organisation.logo_width)
    assert reader.one("og:image:height") == str(organisation.logo_height)
    assert reader.one("og:image:alt") == alt


@pytest.mark.parametrize("language", LANGUAGES)
def test_project(client, project, language):
    path = url_in(language, "projects:detail", slug=project.slug)
    reader, _html = read(client, path)
    assert_link_preview(reader, path, language)
    assert reader.one("og:title") == "Next2Met – Regions next door"
    assert squash(reader.h1) == "Next2Met Regions next door"
    assert_fallback_image(reader, language)
    assert reader.json_ld == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", ["PL84", "PL"])
def test_region_and_country(client, measure, code, language):
    path = url_in(language, "regions:detail", code=code)
    reader, _html = read(client, path)
    assert_link_preview(reader, path, language)
    assert reader.one("og:title") == squash(reader.h1)
    assert_fallback_image(reader, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_event(client, online_event, language):
    path = url_in(language, "events:detail", slug=online_event.slug)
    reader, _html = read(client, path)
    assert_link_preview(reader, path, language)
    with translation.override(language):
        title = online_event.title
    assert reader.one("og:title") == squash(reader.h1) == title
    assert_fallback_image(reader, language)


def test_values_with_quotes_and_markup_stay_inside_their_attributes(client, organisation):
    measure = MeasureFactory(
        slug="quoted",
        organisation=organisation,
        title_en='The "best" <b>measure</b> & more',
        summary_en="Summary with \"quotes\" and 'apostrophes' <i>tags</i>.",
    )
    path = url_in("en", "measures:detail", slug=measure.slug)
    reader, html = read(client, path)
    assert reader.one("og:title") == 'The "best" <b>measure</b> & more'
    assert reader.one("og:description") == "Summary with \"quotes\" and 'apostrophes' <i>tags</i>."
    assert "<b>measure</b>" not in html


# --- JSON-LD -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_measure_json_ld(client, measure, language):
    path = url_in(language, "measures:detail", slug=measure.slug)
    reader, _html = read(client, path)
    data = reader.structured_data()
    with translation.override(language):
        expected = {
            "title": measure.title,
            "summary": measure.summary,
            "themes": [theme.name for theme in measure.themes.all()],
            "organisation": measure.organisation.name,
            "organisation_url": "http://testserver" + measure.organisation.get_absolute_url(),
            "country": str(measure.country.name),
        }
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CreativeWork"
    assert data["url"] == reader.canonical
    assert data["name"] == expected["title"]
    assert data["description"] == expected["summary"]
    assert data["inLanguage"] == language
    assert [thing["name"] for thing in data["about"]] == expected["themes"]
    assert {"Energie", "Gesundheit", "Energy", "Health", "Energia", "Zdrowie"} >= set(
        expected["themes"]
    )
    assert data["author"] == {
        "@type": "Organization",
        "name": expected["organisation"],
        "url": expected["organisation_url"],
    }
    assert [place["name"] for place in data["spatialCoverage"]] == [
        {"de": "Podlachien", "en": "Podlaskie", "pl": "Podlasie"}[language],
        expected["country"],
    ]
    assert expected["country"] == {"de": "Polen", "en": "Poland", "pl": "Polska"}[language]
    measure.refresh_from_db()
    assert data["dateModified"] == measure.updated_at.isoformat(timespec="seconds")
    assert data["dateModified"].endswith("+00:00")
    assert "image" not in data


def test_measure_json_ld_names_its_image(client, measure_with_image):
    reader, _html = read(client, url_in("en", "measures:detail", slug=measure_with_image.slug))
    assert reader.structured_data()["image"] == reader.one("og:image")


@pytest.mark.parametrize("language", LANGUAGES)
def test_organisation_json_ld(client, organisation, language):
    path = url_in(language, "partners:organisation_detail", slug=organisation.slug)
    reader, _html = read(client, path)
    data = reader.structured_data()
    assert data["@type"] == "Organization"
    assert data["name"] == "Podlaskie Agency"
    assert data["alternateName"] == "PRA"
    assert data["url"] == "https://agency.example.org/"
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Białystok",
        "addressRegion": {"de": "Podlachien", "en": "Podlaskie", "pl": "Podlasie"}[language],
        "addressCountry": "PL",
    }
    assert "logo" not in data


def test_organisation_json_ld_with_logo_and_without_website(client, organisation_with_logo):
    organisation = organisation_with_logo
    path = url_in("de", "partners:organisation_detail", slug=organisation.slug)
    reader, _html = read(client, path)
    data = reader.structured_data()
    assert data["logo"] == f"http://testserver{organisation.logo.url}"
    assert data["url"] == reader.canonical  # no website of its own: its page on the portal
    assert "alternateName" not in data


@pytest.mark.parametrize("language", LANGUAGES)
def test_online_event_json_ld(client, online_event, language):
    path = url_in(language, "events:detail", slug=online_event.slug)
    reader, _html = read(client, path)
    data = reader.structured_data()
    with translation.override(language):
        title, summary = online_event.title, online_event.summary
    assert data["@type"] == "Event"
    assert data["name"] == title
    assert data["description"] == summary
    # In the event's own time zone: 08:00 UTC is 10:00 in Warsaw in July.
    assert data["startDate"] == "2031-07-01T10:00:00+02:00"
    assert data["endDate"] == "2031-07-01T12:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": reader.canonical}
    assert data["organizer"] == [
        {
            "@type": "Organization",
            "name": "Podlaskie Agency",
            "url": "http://testserver"
            + url_in(language, "partners:organisation_detail", slug="podlaskie-agency"),
        }
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event_format", [EventFormat.ONLINE, EventFormat.HYBRID])
def test_the_join_link_is_never_on_the_event_page(client, organisation, event_format, language):
    secret = "https://zoom.example.org/j/123456789?pwd=do-not-share"
    event = EventFactory(slug="with-link", format=event_format, venue="Town hall", join_link=secret)
    reader, html = read(client, url_in(language, "events:detail", slug=event.slug))
    assert "zoom.example.org" not in html
    assert "do-not-share" not in html
    assert "123456789" not in html
    assert secret not in json.dumps(reader.structured_data())


def test_on_site_event_in_london_winter(client, organisation):
    event = EventFactory(
        slug="on-site",
        format=EventFormat.ON_SITE,
        venue="Guildhall, London",
        time_zone="Europe/London",
        start=datetime.datetime(2031, 1, 15, 9, 30, tzinfo=datetime.UTC),
        end=datetime.datetime(2031, 1, 15, 17, 0, tzinfo=datetime.UTC),
        organiser=organisation,
    )
    reader, _html = read(client, url_in("en", "events:detail", slug=event.slug))
    data = reader.structured_data()
    assert data["startDate"] == "2031-01-15T09:30:00+00:00"
    assert data["endDate"] == "2031-01-15T17:00:00+00:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": "Guildhall, London"}


def test_hybrid_cancelled_event_with_dates_only(client, organisation):
    co_organiser = OrganisationFactory(name_en="Bravo Bureau", slug="bravo")
    event = EventFactory(
        slug="hybrid",
        format=EventFormat.HYBRID,
        venue="Technology park",
        status=EventStatus.CANCELLED,
        dates_only=True,
        time_zone="Europe/Berlin",
        # 23:00 UTC on 30 June is already 1 July in Berlin.
        start=datetime.datetime(2031, 6, 30, 23, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2031, 7, 2, 15, 0, tzinfo=datetime.UTC),
        organiser=organisation,
        organiser_only_took_part=True,
    )
    event.co_organisers.add(co_organiser)
    reader, _html = read(client, url_in("en", "events:detail", slug=event.slug))
    data = reader.structured_data()
    assert data["startDate"] == "2031-07-01"
    assert data["endDate"] == "2031-07-02"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"] == [
        {"@type": "Place", "name": "Technology park"},
        {"@type": "VirtualLocation", "url": reader.canonical},
    ]
    # The organiser only took part: the co-organiser is the one who organised it.
    assert [organizer["name"] for organizer in data["organizer"]] == ["Bravo Bureau"]


# --- No text can leave the script element ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_title_cannot_break_out_of_the_json_ld(client, organisation, language):
    hostile = f"Evil {SCRIPT_BREAKOUT} & <!-- more"
    measure = MeasureFactory(
        slug="hostile",
        organisation=organisation,
        title_en=hostile,
        title_de=hostile,
        title_pl=hostile,
        summary_en=hostile,
        summary_de=hostile,
        summary_pl=hostile,
    )
    reader, html = read(client, url_in(language, "measures:detail", slug=measure.slug))
    assert SCRIPT_BREAKOUT not in html
    assert "<script>" not in html
    assert "<!--" not in reader.json_ld[0]
    data = reader.structured_data()  # one block, parsed whole
    assert data["name"] == hostile
    assert data["description"] == hostile
    assert reader.one("og:title") == hostile


def test_names_cannot_break_out_of_the_organisation_and_event_json_ld(client):
    hostile = f"Org {SCRIPT_BREAKOUT}"
    organisation = OrganisationFactory(slug="hostile-org", name_en=hostile, city=hostile)
    event = EventFactory(
        slug="hostile-event",
        title_en=hostile,
        summary_en=hostile,
        venue=hostile,
        format=EventFormat.HYBRID,
        organiser=organisation,
    )
    for path in (organisation.get_absolute_url(), event.get_absolute_url()):
        reader, html = read(client, path)
        assert SCRIPT_BREAKOUT not in html
        assert hostile in json.dumps(reader.structured_data(), ensure_ascii=False)


# --- No extra queries ----------------------------------------------------------------------------


def test_link_preview_and_json_ld_use_only_what_the_detail_views_loaded(
    rf, measure_with_image, measure, organisation, online_event, django_assert_num_queries
):
    """Rendered from the objects the detail selectors return, the tags ask nothing more."""
    request = rf.get("/en/")
    loaded_measure = measure_detail(slug=measure.slug, user=None)
    loaded_pictured = measure_detail(slug=measure_with_image.slug, user=None)
    loaded_organisation = organisation_detail_queryset().get(pk=organisation.pk)
    loaded_event = event_detail_queryset().get(pk=online_event.pk)
    page = Template(
        "{% load structured_data %}"
        "{% measure_json_ld measure %}{% measure_json_ld pictured %}"
        "{% organisation_json_ld organisation %}{% event_json_ld event %}"
        "{% link_preview_image pictured.image pictured.image_width pictured.image_height"
        " pictured.image_alt as image %}{{ image.url }}"
    )
    context = Context(
        {
            "request": request,
            "measure": loaded_measure,
            "pictured": loaded_pictured,
            "organisation": loaded_organisation,
            "event": loaded_event,
        }
    )
    with django_assert_num_queries(0):
        html = page.render(context)
    assert html.count('<script type="application/ld+json">') == 4


# Queries of the detail pages before link previews and JSON-LD were added, measured with the
# templates of the commit before on the content below: the pages ask for nothing more.
DETAIL_QUERIES = {"measure": 11, "organisation": 5, "event": 3}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", DETAIL_QUERIES)
def test_detail_pages_take_no_more_queries(
    client,
    measure_with_image,
    organisation_with_logo,
    online_event,
    django_assert_max_num_queries,
    kind,
    language,
):
    online_event.co_organisers.add(organisation_with_logo)
    path = {
        "measure": url_in(language, "measures:detail", slug=measure_with_image.slug),
        "organisation": url_in(
            language, "partners:organisation_detail", slug=organisation_with_logo.slug
        ),
        "event": url_in(language, "events:detail", slug=online_event.slug),
    }[kind]
    with django_assert_max_num_queries(DETAIL_QUERIES[kind]):
        response = client.get(path)
    assert response.status_code == 200
    assert b'<meta property="og:image"' in response.content
    assert b'<script type="application/ld+json">' in response.content
