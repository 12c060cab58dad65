"""Public pages of the empty portal in every language: language, alternates, navigation."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "pl"]
PAGE_NAMES = ["home", "imprint", "privacy", "accessibility"]
HEADINGS = {
    ("home", "de"): "Digitalisierungsideen aus Regionen im Umfeld von Metropolen",
    ("home", "en"): "Digitalisation ideas from regions next to metropolises",
    ("home", "pl"): "Pomysły na cyfryzację z regionów sąsiadujących z metropoliami",
    ("imprint", "de"): "Impressum",
    ("imprint", "pl"): "Nota prawna",
    ("privacy", "de"): "Datenschutzhinweise",
    ("privacy", "pl"): "Informacja o ochronie danych",
    ("accessibility", "de"): "Erklärung zur Barrierefreiheit",
    ("accessibility", "pl"): "Deklaracja dostępności",
}


def url_in(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("de-DE,de;q=0.9", "/de/"),
        ("pl", "/pl/"),
        ("en-GB", "/en/"),
        ("fr-FR,fr", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept, expected):
    response = client.get("/", headers={"accept-language": accept} if accept else {})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_unprefixed_page_redirects_to_the_visitor_language(client):
    response = client.get("/privacy/", headers={"accept-language": "pl"})
    assert response.status_code == 302
    assert response["Location"] == "/pl/privacy/"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_language_alternates_and_navigation(
    client, django_assert_max_num_queries, name, language
):
    path = url_in(name, language)
    assert path.startswith(f"/{language}/")
    with django_assert_max_num_queries(2 if name == "home" else 0):
        response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    for other in LANGUAGES:
        other_path = url_in(name, other)
        assert (
            f'<link rel="alternate" hreflang="{other}" href="http://testserver{other_path}">'
            in html
        )
    unprefixed = path.removeprefix(f"/{language}")
    assert (
        f'<link rel="alternate" hreflang="x-default" href="http://testserver{unprefixed}">' in html
    )
    # The language switcher names each language in its own language and keeps the page.
    for other, native in [("de", "Deutsch"), ("en", "English"), ("pl", "Polski")]:
        assert re.search(
            rf'<a href="{re.escape(url_in(name, other))}" lang="{other}" hreflang="{other}"'
            rf"[^>]*>{native}</a>",
            html,
        )
    assert (
        'aria-current="true">' + {"de": "Deutsch", "en": "English", "pl": "Polski"}[language]
        in html
    )
    # Header navigation, skip link and footer links in the page's language.
    for section in ("measures:index", "partners:index", "events:index"):
        assert f'href="{url_in(section, language)}"' in html
    assert 'href="#main"' in html and 'id="main"' in html
    for footer_page in ("imprint", "privacy", "accessibility"):
        assert f'href="{url_in(footer_page, language)}"' in html
    if (name, language) in HEADINGS:
        assert HEADINGS[(name, language)] in html


def test_language_switcher_keeps_the_query_string(client):
    html = client.get("/en/privacy/?page=2&q=x").content.decode()
    assert 'href="/de/privacy/?page=2&amp;q=x"' in html


@pytest.mark.parametrize(
    ("language", "title", "skip"),
    [
        ("de", "Seite nicht gefunden", "Zum Hauptinhalt springen"),
        ("en", "Page not found", "Skip to main content"),
        ("pl", "Nie znaleziono strony", "Przejdź do treści głównej"),
    ],
)
def test_not_found_page_is_translated(client, language, title, skip):
    response = client.get(f"/{language}/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert title in html and skip in html
    # Alternates of a missing page point at the same path in the other languages.
    assert 'hreflang="de" href="http://testserver/de/does-not-exist/"' in html


@pytest.mark.parametrize(
    ("language", "title"),
    [("de", "Serverfehler"), ("en", "Server error"), ("pl", "Błąd serwera")],
)
def test_server_error_page_is_translated(client, language, title, monkeypatch):
    def broken(request, *args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr("next2met.views.HomeView.get", broken)
    client.raise_request_exception = False
    response = client.get(f"/{language}/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert title in html


def test_home_page_explains_the_portal(client):
    html = client.get("/de/").content.decode()
    assert "weichen Digitalisierungsmaßnahmen" in html
    html = client.get("/pl/").content.decode()
    assert "miękkich działaniach cyfryzacyjnych" in html


def test_static_pages_name_the_contact_address(client, settings):
    settings.CONTACT_EMAIL = "kontakt@portal.test"
    for name in ("imprint", "accessibility"):
        html = client.get(url_in(name, "de")).content.decode()
        assert 'href="mailto:kontakt@portal.test"' in html


def test_home_page_shows_the_newest_measures_and_the_next_events(
    client, django_assert_max_num_queries
):
    from core.workflow import Status
    from tests.events.factories import EventFactory, in_days
    from tests.measures.factories import MeasureFactory

    for number in range(6):
        MeasureFactory(title_en=f"Measure {number}", status=Status.PUBLISHED)
        EventFactory(title_en=f"Event {number}", start=in_days(10 + number))
    EventFactory(title_en="Event long past", start=in_days(-30))
    MeasureFactory(title_en="Draft measure", status=Status.DRAFT)
    with django_assert_max_num_queries(2):
        html = client.get("/en/").content.decode()
    assert "Newly published measures" in html and "Upcoming events" in html
    assert html.count('class="home-list__meta"') == 6
    assert "Draft measure" not in html
    assert "Event 0" in html and "Event 2" in html and "Event 3" not in html
    assert "Event long past" not in html
