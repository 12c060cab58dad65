"""A visitor searches, filters and reads measures in Polish; axe-core checks list and detail."""

import pytest
from playwright.sync_api import expect

from measures.models import MeasureKind
from tests.measures.factories import MeasureFactory, TargetGroupFactory, ThemeFactory
from tests.partners.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def measures():
    clusters = ThemeFactory(slug="clusters-networks", name_en="Clusters", name_pl="Klastry")
    health = ThemeFactory(slug="e-health-care", name_en="e-Health", name_pl="E-zdrowie")
    firms = TargetGroupFactory(
        slug="it-companies", name_en="IT companies", name_pl="Firmy informatyczne"
    )
    region = RegionFactory(
        nuts_code="PL42", country="PL", name_en="West Pomerania", name_pl="Pomorze Zachodnie"
    )
    cluster = OrganisationFactory(
        slug="klaster-ict",
        name_en="ICT Cluster",
        name_pl="Klaster ICT",
        country="PL",
        region=region,
    )
    finnish = OrganisationFactory(slug="paijat-hame", name_en="Päijät-Häme", country="FI")
    coffee = MeasureFactory(
        slug="online-cluster-coffee",
        organisation=cluster,
        kind=MeasureKind.NETWORK,
        themes=[clusters],
        target_groups=[firms],
        title_pl="Klastrowa kawa online co dwa tygodnie",
        summary_pl="Firmy członkowskie klastra spotykają się online co dwa tygodnie.",
        description_pl="<p>Krótka runda wiadomości i jeden temat.</p>",
        challenge_pl="<p>Śniadania klastrowe nie mogły się odbywać.</p>",
    )
    MeasureFactory(
        slug="procurement-channel",
        organisation=cluster,
        kind=MeasureKind.ADVICE,
        themes=[clusters],
        title_pl="Klastrowy kanał zamówień",
        summary_pl="Firmy zgłaszają zapotrzebowanie na kompetencje informatyczne.",
    )
    MeasureFactory(
        slug="home-care",
        organisation=finnish,
        themes=[health],
        title_pl="Cyfrowa opieka domowa",
        summary_pl="Wizyty wideo u osób starszych.",
    )
    return coffee


def test_polish_visitor_searches_filters_and_reads_a_measure(page, live_server, axe, measures):
    page.goto("/pl/measures/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Działania")
    expect(page.get_by_role("status")).to_contain_text("3")
    axe(page, context="measure list in Polish")

    # Both measures of the cluster speak of member firms ("firmy").
    page.get_by_role("searchbox").fill("firmy")
    page.get_by_role("searchbox").press("Enter")
    expect(page.locator(".measure-card")).to_have_count(2)
    expect(page.locator(".measure-card mark").first).to_be_visible()

    # Ticking a facet submits the form (JavaScript) and narrows the list.
    page.locator('.facet--kind input[value="network"]').check()
    expect(page.locator(".measure-card")).to_have_count(1)
    expect(page.get_by_role("status")).to_contain_text("1")
    assert "kind=network" in page.url and "year_from" not in page.url
    # Two removable chips: the search and the kind.
    expect(page.locator(".chips__list .chip")).to_have_count(2)
    axe(page, context="filtered measure list in Polish")

    page.get_by_role("link", name="Klastrowa kawa online co dwa tygodnie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Klastrowa kawa online co dwa tygodnie"
    )
    expect(page.locator(".key-facts")).to_contain_text("Klaster ICT")
    expect(page.locator(".measure__main")).to_contain_text("Krótka runda wiadomości")
    axe(page, context="measure detail in Polish")

    # A theme on the detail page leads back to the filtered list.
    page.locator(".key-facts").get_by_role("link", name="Klastry").click()
    expect(page.locator(".measure-card")).to_have_count(2)


def test_list_works_without_javascript(browser, live_server, measures):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    tab = context.new_page()
    tab.goto("/en/measures/")
    # Without the script the filters stay behind their disclosure, one tap away.
    tab.get_by_text("Show filters").click()
    tab.locator('.facet--theme input[value="e-health-care"]').check()
    tab.get_by_role("button", name="Apply filters").click()
    expect(tab.locator(".measure-card")).to_have_count(1)
    expect(tab.get_by_role("status")).to_have_text("1 measure found")
    tab.get_by_role("link", name="e-Health", exact=False).first.click()
    expect(tab.locator(".measure-card")).to_have_count(3)
    context.close()


def test_empty_result_explains_and_is_accessible(page, live_server, axe, measures):
    page.goto("/de/measures/?theme=e-health-care&country=PL")
    expect(page.locator(".results__empty")).to_be_visible()
    expect(page.locator(".results__empty .chip")).to_have_count(2)
    axe(page, context="empty measure list in German")
    page.locator(".results__empty .chip").last.click()
    expect(page.locator(".measure-card")).to_have_count(1)
