"""The empty portal in a real browser: language, navigation, skip link and accessibility."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["de", "en", "pl"]
PAGES = ["", "imprint/", "privacy/", "accessibility/", "measures/", "partners/", "events/"]


def test_root_redirects_by_browser_language_and_switches_language(browser, live_server):
    context = browser.new_context(locale="pl-PL", extra_http_headers={"Accept-Language": "pl"})
    tab = context.new_page()
    tab.goto(live_server.url + "/")
    assert tab.url == live_server.url + "/pl/"
    expect(tab.locator("html")).to_have_attribute("lang", "pl")

    tab.get_by_role("navigation", name="Wybierz język").get_by_role("link", name="Deutsch").click()
    assert tab.url == live_server.url + "/de/"
    expect(tab.locator("html")).to_have_attribute("lang", "de")
    expect(tab.get_by_role("heading", level=1)).to_contain_text("Digitalisierung")
    context.close()


def test_language_switch_keeps_the_visitor_on_the_same_page(page):
    page.goto("/en/privacy/")
    page.get_by_role("link", name="Polski").click()
    expect(page).to_have_url(re.compile(r"/pl/privacy/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Informacja o ochronie danych")


def test_skip_link_moves_keyboard_focus_to_the_main_content(page):
    page.goto("/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside the main content, not in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_passes_axe(page, axe, language):
    for path in PAGES:
        page.goto(f"/{language}/{path}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        axe(page, context=f"/{language}/{path}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_not_found_page_passes_axe(browser, live_server, axe, language):
    context = browser.new_context()
    tab = context.new_page()
    response = tab.goto(f"{live_server.url}/{language}/no-such-page/")
    assert response.status == 404
    expect(tab.locator("html")).to_have_attribute("lang", language)
    axe(tab, context=f"404 in {language}")
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_with_news_passes_axe(page, axe, language):
    from tests.events.factories import EventFactory
    from tests.measures.factories import MeasureFactory

    MeasureFactory()
    EventFactory()
    page.goto(f"/{language}/")
    expect(page.locator(".home-list li")).to_have_count(2)
    axe(page, context=f"home with news in {language}")
