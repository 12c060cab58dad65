"""A change to a published measure goes through review, in German and in Polish."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from partners.models import MembershipRole
from partners.roles import Role
from tests.measures.factories import MeasureFactory
from tests.partners.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SUBMIT = 'button[name="_revision"][value="submit"]'
SEND_BACK = 'button[name="_revision"][value="return"]'
PUBLISH = 'button[name="_revision"][value="publish"]'


def _log_in(tab, language: str, username: str, next_url: str, labels: tuple[str, str, str]):
    tab.goto(f"/{language}/admin/login/?next={next_url}")
    tab.get_by_label(labels[0]).fill(username)
    tab.get_by_label(labels[1]).fill(PASSWORD)
    tab.get_by_role("button", name=labels[2]).click()


def test_a_german_editor_changes_a_polish_title_through_a_polish_review(
    page, browser, live_server, axe
):
    organisation = OrganisationFactory(name_en="WITENO GmbH", slug="witeno")
    measure = MeasureFactory(
        organisation=organisation, slug="digital-incubator", title_pl="Inkubator cyfrowy"
    )
    MembershipFactory(
        organisation=organisation, role=MembershipRole.EDITOR, user__username="witeno-editor"
    )
    reviewer = UserFactory(username="reviewer", is_staff=True, first_name="Ewa")
    reviewer.groups.add(Group.objects.get(name=Role.PORTAL_EDITOR))
    change_path = f"/admin/measures/measure/{measure.pk}/change/"

    # The partner editor works in German and changes the Polish title.
    _log_in(
        page, "de", "witeno-editor", f"/de{change_path}", ("Benutzername", "Passwort", "Anmelden")
    )
    page.locator('a[href="#tab_id_title_pl"]').click()
    page.locator("#id_title_pl").fill("Inkubator cyfrowy w Greiswaldzie")
    page.locator(SUBMIT).click()
    expect(page.locator(".messagelist")).to_be_visible()
    expect(page.locator(".review-state")).to_be_visible()
    axe(page, context="pending changes in the German change form", within=".review-state")
    axe(page, context="review buttons in the German change form", within=".workflow-row")

    # Visitors still see the published title.
    page.goto("/pl/measures/digital-incubator/")
    expect(page.locator("h1")).to_have_text("Inkubator cyfrowy")

    # The portal editor works in Polish: the queue, what changed, sent back with a comment.
    reviewing = browser.new_context(locale="pl-PL", base_url=live_server.url)
    tab = reviewing.new_page()
    _log_in(
        tab,
        "pl",
        "reviewer",
        "/pl/admin/review-queue/",
        ("Nazwa użytkownika", "Hasło", "Zaloguj się"),
    )
    row = tab.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    axe(tab, context="review queue with pending changes, Polish")
    row.get_by_role("link").click()
    diff = tab.locator(".review-diff")
    expect(diff.locator("tbody tr")).to_have_count(1)
    expect(diff.locator("tbody tr th")).to_contain_text("polski")
    expect(diff.locator("ins")).to_contain_text("Greiswaldzie")
    axe(tab, context="what changed, Polish")
    tab.locator(".review-changes a").first.click()
    tab.locator("#id_workflow_comment").fill("Literówka: Greifswaldzie.")
    tab.locator(SEND_BACK).click()
    expect(tab.locator(".messagelist .success")).to_be_visible()
    axe(tab, context="review buttons after sending back, Polish", within=".workflow-row")

    # The editor reads the comment in the history, fixes the title and submits again.
    page.goto(f"/de{change_path}")
    page.locator('a[href="#tab_id_title_pl"]').click()
    title = page.locator("#id_title_pl")
    expect(title).to_have_value("Inkubator cyfrowy w Greiswaldzie")
    title.fill("Inkubator cyfrowy w Greifswaldzie")
    page.locator(SUBMIT).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    # The portal editor previews the Polish page, then publishes.
    tab.goto(f"/pl{change_path}")
    preview = tab.locator('.review-state a[hreflang="pl"]')
    preview.click()
    expect(tab.locator("h1")).to_have_text("Inkubator cyfrowy w Greifswaldzie")
    expect(tab.locator(".review-preview")).to_be_visible()
    expect(tab.locator('meta[name="robots"]')).to_have_attribute("content", "noindex, nofollow")
    axe(tab, context="preview of the Polish page")
    tab.goto(f"/pl{change_path}")
    tab.locator(PUBLISH).click()
    expect(tab.locator(".messagelist .success")).to_be_visible()
    reviewing.close()

    page.goto("/pl/measures/digital-incubator/")
    expect(page.locator("h1")).to_have_text("Inkubator cyfrowy w Greifswaldzie")
    axe(page, context="published Polish page")
