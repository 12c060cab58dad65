"""A partner editor translates their organisation's description in the admin."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from partners.models import MembershipRole
from partners.roles import Role
from reviews.services import revision_of, revision_publish
from tests.partners.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_edits_the_polish_description_in_the_german_admin(page, live_server, axe):
    organisation = OrganisationFactory(
        name_en="WITENO GmbH",
        slug="witeno",
        description_en="Science and technology park in Greifswald.",
        description_pl="",
    )
    MembershipFactory(
        organisation=organisation, role=MembershipRole.EDITOR, user__username="witeno-editor"
    )

    page.goto(f"/de/admin/login/?next=/de/admin/partners/organisation/{organisation.pk}/change/")
    page.get_by_label("Benutzername").fill("witeno-editor")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    # The German admin opens the German tab of each translated field.
    expect(page.locator("#id_description_de")).to_be_visible()
    expect(page.locator("#id_description_pl")).to_be_hidden()

    page.locator('a[href="#tab_id_description_pl"]').click()
    polish = page.locator("#id_description_pl")
    expect(polish).to_be_visible()
    expect(page.locator("#id_description_de")).to_be_hidden()
    polish.fill("Park naukowo-technologiczny w Greifswaldzie.")
    page.get_by_role("button", name="Sichern", exact=True).click()
    # The profile is public: the change waits for a reviewer.
    expect(page.locator(".messagelist")).to_contain_text("ausstehende Änderungen")
    page.goto("/pl/partners/witeno/")
    expect(page.locator(".organisation__description")).to_have_text(
        "Science and technology park in Greifswald."
    )
    reviewer = UserFactory(username="reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=Role.PORTAL_EDITOR))
    revision_publish(revision_id=revision_of(organisation).pk, user=reviewer)

    page.goto("/pl/partners/witeno/")
    expect(page.locator("h1")).to_have_text("WITENO GmbH")
    expect(page.locator(".organisation__description")).to_have_text(
        "Park naukowo-technologiczny w Greifswaldzie."
    )
    expect(page.locator(".fallback-notice")).to_have_count(0)
    axe(page, context="partner page in Polish")


def test_partner_list_and_project_pages_are_accessible(page, live_server, axe):
    from tests.partners.factories import ParticipationFactory, ProjectFactory

    project = ProjectFactory(slug="next2met", acronym="Next2Met")
    for name in ("Alpha Agency", "Bravo Bureau"):
        ParticipationFactory(project=project, organisation=OrganisationFactory(name_en=name))
    page.goto("/en/partners/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner organisations")
    page.get_by_label("Project").select_option("next2met")
    page.get_by_role("button", name="Show organisations").click()
    expect(page.locator(".partner-card")).to_have_count(2)
    axe(page, context="partner list")
    page.get_by_role("link", name="Alpha Agency").click()
    axe(page, context="organisation page")
    page.get_by_role("link", name="Next2Met", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Next2Met")
    axe(page, context="project page")


def test_a_polish_portal_editor_finds_what_waits_for_review(page, live_server, axe):
    from django.contrib.auth.models import Group

    from core.workflow import Status
    from partners.roles import Role
    from tests.measures.factories import MeasureFactory
    from tests.partners.factories import UserFactory

    organisation = OrganisationFactory(name_en="WITENO GmbH", slug="witeno")
    MeasureFactory(organisation=organisation, title_pl="Inkubator cyfrowy", status=Status.IN_REVIEW)
    reviewer = UserFactory(username="reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=Role.PORTAL_EDITOR))

    page.goto("/pl/admin/login/?next=/pl/admin/")
    page.get_by_label("Nazwa użytkownika").fill("reviewer")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    link = page.get_by_role("link", name="1 wpis czeka na recenzję")
    expect(link).to_be_visible()
    axe(page, context="admin home in Polish")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Czeka na recenzję")
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("WITENO GmbH")
    axe(page, context="review queue in Polish")
    row.get_by_role("link").click()
    expect(page.locator(".workflow-row")).to_contain_text("Opublikuj")
