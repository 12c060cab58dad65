"""The map of the list and region pages in a real browser: without JavaScript, by keyboard, in
Polish and German; axe-core checks the pages with it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PageProblems
from tests.measures.factories import MeasureFactory, ThemeFactory
from tests.partners.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def places():
    energy = ThemeFactory(slug="energy", name_en="Energy", name_de="Energie", name_pl="Energia")
    health = ThemeFactory(slug="health", name_en="Health", name_de="Gesundheit", name_pl="Zdrowie")
    west = RegionFactory(
        nuts_code="PL42",
        country="PL",
        name_en="West Pomerania",
        name_de="Westpommern",
        name_pl="Zachodniopomorskie",
        latitude=53.6,
        longitude=15.6,
    )
    mv = RegionFactory(
        nuts_code="DE80",
        country="DE",
        name_en="Mecklenburg-Vorpommern",
        name_pl="Meklemburgia-Pomorze Przednie",
        latitude=53.8,
        longitude=12.6,
    )
    szczecin = OrganisationFactory(slug="szczecin", country="PL", region=west)
    witeno = OrganisationFactory(slug="witeno", country="DE", region=mv)
    for themes in ([energy], [energy], [health]):
        MeasureFactory(organisation=szczecin, themes=themes)
    MeasureFactory(organisation=witeno, themes=[energy])


@pytest.fixture
def no_script(browser, live_server):
    """A tab with JavaScript switched off, Polish preferred; fails on foreign requests."""
    context = browser.new_context(
        locale="pl-PL", base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    problems = PageProblems(live_server.url)
    tab.on("request", problems.on_request)
    yield tab
    context.close()
    assert problems.foreign_requests == [], "requests left the site"


def test_the_polish_map_works_without_javascript(no_script, places):
    tab = no_script
    tab.goto("/pl/measures/?theme=energy")
    figure = tab.locator("figure.map")
    expect(figure.locator("svg")).to_be_visible()
    # The counts of the filtered list, as links with their names, and in the table.
    poland = figure.get_by_role("link", name="Polska: 2 działania")
    expect(poland).to_have_count(1)
    expect(figure.get_by_role("link", name="Zachodniopomorskie: 2 działania")).to_have_count(1)
    expect(figure.get_by_role("link", name="Niemcy: 1 działanie")).to_have_count(1)
    table = figure.locator("table")
    expect(table.get_by_role("row", name=re.compile(r"^Polska 2$"))).to_have_count(1)
    # By keyboard: the country is a link that keeps the theme.
    poland.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"/pl/measures/\?theme=energy&country=PL$"))
    expect(tab.locator(".results__count")).to_contain_text("2")
    expect(
        tab.locator("figure.map").get_by_role("link", name="Polska: 2 działania")
    ).to_be_visible()


def test_the_german_map_is_accessible_and_shows_focus(page, axe, places):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/de/measures/")
    figure = page.locator("figure.map")
    expect(figure.get_by_role("link", name="Polen: 3 Maßnahmen")).to_have_count(1)
    expect(figure.get_by_role("link", name="Deutschland: 1 Maßnahme")).to_have_count(1)
    expect(
        figure.get_by_role("rowheader", name=re.compile(r"^Westpommern PL42\s*, Polen$"))
    ).to_be_visible()
    axe(page, context="measure list with its map, German, 390 px")

    circle = figure.get_by_role("link", name="Mecklenburg-Vorpommern: 1 Maßnahme")
    circle.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    stroke = circle.locator("circle").evaluate("node => getComputedStyle(node).strokeWidth")
    assert stroke == "3px"  # the focus is visible

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/de/regions/")
    expect(
        page.locator("figure.map").get_by_role("link", name="Polen: 3 Maßnahmen")
    ).to_be_visible()
    axe(page, context="regions with their map, German")
    page.locator("figure.map").get_by_role("link", name="Westpommern: 3 Maßnahmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Westpommern")
    axe(page, context="a region's page with its map, German")
    page.goto("/de/partners/")
    axe(page, context="partner list with its map, German")
