"""Layout on a phone (390 px) and a laptop (1280 px): what comes first, what fits, what breaks."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from events import services
from events.models import EventKind
from measures.models import MeasureKind
from partners.models import MembershipRole
from partners.roles import Role
from tests.events.factories import EventFactory, RegistrationFactory, in_days, manage_token
from tests.measures.factories import MeasureFactory, TargetGroupFactory, ThemeFactory
from tests.partners.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}

# Where a line ends inside a web or e-mail address: the characters before and after the break.
LINE_BREAKS = """el => {
  const breaks = [];
  let previous = null;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const top = range.getBoundingClientRect().top;
      const char = node.data[i];
      if (previous && top > previous.top + 2) breaks.push(previous.char + char);
      previous = {top, char};
    }
  }
  return breaks;
}"""


@pytest.fixture
def measures():
    region = RegionFactory(nuts_code="PL42", country="PL", name_pl="Pomorze Zachodnie")
    cluster = OrganisationFactory(
        slug="klaster", name_en="ICT Cluster", country="PL", region=region
    )
    themes = [
        ThemeFactory(slug=f"theme-{n}", name_pl=f"Temat {n}", name_en=f"Theme {n}")
        for n in range(10)
    ]
    groups = [TargetGroupFactory(slug=f"group-{n}", name_pl=f"Grupa {n}") for n in range(9)]
    for n in range(12):
        MeasureFactory(
            organisation=cluster if n % 2 else OrganisationFactory(country="DE"),
            kind=list(MeasureKind.values)[n % len(MeasureKind.values)],
            themes=[themes[n % 10]],
            target_groups=[groups[n % 9]],
        )


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found, f"{locator} is not rendered"
    return found


def test_phone_shows_count_and_results_before_the_filters(page, axe, measures):
    page.set_viewport_size(PHONE)
    page.goto("/pl/measures/")
    count = page.locator(".results__count")
    expect(count).to_have_text("Znaleziono 12 działań")
    first_result = page.locator(".measure-card").first
    assert box(count)["y"] + box(count)["height"] <= PHONE["height"]
    assert box(first_result)["y"] < PHONE["height"]
    toggle = page.locator(".facets__summary")
    expect(toggle).to_have_text("Pokaż filtry")
    assert box(toggle)["y"] < box(count)["y"]
    expect(page.locator(".facet--theme input").first).to_be_hidden()
    axe(page, context="measure list on a phone, filters closed")

    toggle.click()
    # The families visitors use most are open; country and region wait behind a tap.
    for family in ("theme", "kind", "target"):
        expect(page.locator(f".facet--{family} input").first).to_be_visible()
    for family in ("country", "region"):
        expect(page.locator(f".facet--{family} summary")).to_be_visible()
        expect(page.locator(f".facet--{family} input").first).to_be_hidden()
    axe(page, context="measure list on a phone, filters open")

    # Ticking does not reload the page on a phone: several choices, then one tap to apply.
    page.locator(".facet--theme input").nth(0).check()
    page.locator(".facet--theme input").nth(1).check()
    expect(page.locator(".facet--theme input").nth(1)).to_be_checked()
    page.get_by_role("button", name="Zastosuj filtry").click()
    expect(page.locator(".measure-card")).to_have_count(4)  # two measures of each theme
    expect(page.locator(".facets__summary")).to_have_text("Pokaż filtry (2 aktywne)")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_laptop_shows_the_filters_open_beside_the_results(page, axe, measures):
    page.set_viewport_size(LAPTOP)
    page.goto("/pl/measures/")
    expect(page.locator(".facets__summary")).to_be_hidden()
    theme = page.locator(".facet--theme input").first
    expect(theme).to_be_visible()
    assert box(theme)["x"] < box(page.locator(".results__count"))["x"]
    axe(page, context="measure list on a laptop")


def test_phone_without_javascript_opens_the_filters_with_one_tap(browser, live_server, measures):
    context = browser.new_context(
        java_script_enabled=False, base_url=live_server.url, viewport=PHONE
    )
    tab = context.new_page()
    tab.goto("/en/measures/")
    tab.get_by_text("Show filters").click()
    tab.locator(".facet--kind input").first.check()
    tab.get_by_role("button", name="Apply filters").click()
    expect(tab.get_by_role("status")).to_have_text("2 measures found")
    context.close()


def test_event_page_puts_facts_and_registration_before_the_description(page, axe):
    event = EventFactory(
        description_en="\n\n".join(f"Paragraph {n} of a long programme." for n in range(30)),
        capacity=20,
    )
    page.set_viewport_size(PHONE)
    page.goto(event.get_absolute_url())
    register = page.get_by_role("link", name="Register", exact=True)
    expect(register).to_be_visible()
    description = page.get_by_text("Paragraph 0 of a long programme.")
    assert box(register)["y"] < box(description)["y"]
    assert box(page.locator(".event-facts").first)["y"] < box(description)["y"]
    axe(page, context="event page on a phone")

    page.set_viewport_size(LAPTOP)
    page.goto(event.get_absolute_url())
    # Beside the description, at the top.
    assert box(register)["x"] > box(description)["x"] + box(description)["width"]
    assert box(register)["y"] < LAPTOP["height"]
    axe(page, context="event page on a laptop")


def test_manage_page_fits_a_phone_with_a_long_address(page, axe):
    event = EventFactory(kind=EventKind.MATCHMAKING, start=in_days(30), end=in_days(30, hour=12))
    registration = RegistrationFactory(
        event=event,
        email="anna.katarzyna.wisniewska-kowalska@przyklad-bardzo-dlugiej-organizacji.example.org",
    )
    services.registration_confirm(registration=registration)
    page.set_viewport_size(PHONE)
    page.goto(f"/pl/events/registration/{manage_token(registration)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Twoje zgłoszenie")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe(page, context="manage page on a phone")


def test_contact_box_breaks_addresses_only_between_their_parts(page, axe):
    organisation = OrganisationFactory(
        slug="marszalkowski",
        name_en="Marshal Office of the Mazowieckie Voivodeship",
        website="https://www.mazovia-regional-development.example.org/cooperation/international",
        email="international.cooperation@mazovia-regional-development.example.org",
    )
    page.set_viewport_size(LAPTOP)
    page.goto(f"/en/partners/{organisation.slug}/")
    for link in (
        page.locator(".contact-list a[href^='http']"),
        page.locator(".contact-list a[href^='mailto']"),
    ):
        breaks = link.evaluate(LINE_BREAKS)
        assert breaks, "the address fits on one line: the test shows nothing"
        for pair in breaks:
            assert pair[0] in "/@-" or pair[1] in ".-", f"broken inside a word: {pair!r}"
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    axe(page, context="partner page with a long contact address")


@pytest.mark.parametrize("width", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_breadcrumbs_keep_their_distance_from_the_header(page, width):
    organisation = OrganisationFactory(slug="witeno", name_en="WITENO GmbH")
    event = EventFactory()
    page.set_viewport_size(width)
    for url in (f"/en/partners/{organisation.slug}/", event.get_absolute_url()):
        page.goto(url)
        header = box(page.locator(".site-header"))
        crumbs = box(page.locator(".breadcrumbs"))
        assert crumbs["y"] - (header["y"] + header["height"]) >= 16, url


# --- Admin changelists ---------------------------------------------------------------------------


@pytest.fixture
def partner_content():
    organisation = OrganisationFactory(
        slug="marszalkowski", name_en="Urząd Marszałkowski Województwa Mazowieckiego"
    )
    for n in range(3):
        MeasureFactory(
            organisation=organisation if n else OrganisationFactory(),
            title_de=f"Gesundheitsinformationssystem für die Region, Ausbaustufe {n}",
        )
        EventFactory(organiser=organisation, title_de=f"Grenzüberschreitendes Treffen {n}")
    return organisation


def log_in(page, username: str, next_url: str):
    page.goto(f"/de/admin/login/?next={next_url}")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


@pytest.mark.parametrize("role", ["partner editor", "portal editor"])
@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/de/admin/measures/measure/", ["Status", "Fehlende Sprachen", "Aktualisiert am"]),
        ("/de/admin/events/event/", ["Wann", "Status", "Anmeldungen", "Fehlende Sprachen"]),
    ],
)
def test_admin_changelist_columns_fit_a_laptop(page, partner_content, role, url, headers):
    if role == "portal editor":
        user = UserFactory(username="editorial", is_staff=True)
        user.groups.add(Group.objects.get(name=Role.PORTAL_EDITOR))
    else:
        user = MembershipFactory(
            organisation=partner_content, role=MembershipRole.EDITOR, user__username="partner"
        ).user
    page.set_viewport_size(LAPTOP)
    log_in(page, user.username, url)
    expect(page.locator("#result_list tbody tr")).not_to_have_count(0)
    results = page.locator("#changelist .results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth"), "the list scrolls sideways"
    right = box(results)["x"] + box(results)["width"]
    for header in headers:
        cell = page.locator("#result_list thead th").filter(has_text=header)
        expect(cell).to_have_count(1)
        assert box(cell)["x"] + box(cell)["width"] <= right + 1, header


# --- After the event: the registrant's page and the organisers' pages on a phone ----------------


@pytest.fixture
def event_after():
    from events import attendance, feedback
    from events.models import Answer, Question, QuestionKind
    from tests.events.after_event import participant, past_event

    organisation = OrganisationFactory(slug="klaster", name_en="ICT Cluster")
    event = past_event(organiser=organisation, capacity=20, title_de="Cluster-Kaffee online")
    question = Question.objects.create(
        event=event,
        kind=QuestionKind.SHORT_TEXT,
        text_en="Which interpretation language and which accessibility needs should we plan for?",
        text_pl="Jakiego języka tłumaczenia i jakich udogodnień dostępności potrzebujesz podczas "
        "spotkania?",
    )
    people = [
        participant(
            event,
            email=f"uczestniczka.numer.{n}@bardzo-dluga-nazwa-organizacji.example.org",
            language="pl",
        )
        for n in range(3)
    ]
    attendance.attendance_mark(event=event, registration_ids=[people[0].pk], attended=True)
    feedback.feedback_submit(
        registration=people[0], rating=4, useful="Przykłady " * 30, improve="Więcej czasu " * 30
    )
    Answer.objects.create(registration=people[0], question=question, text="niemiecki")
    manager = MembershipFactory(
        organisation=organisation, role=MembershipRole.MANAGER, user__username="organiser"
    ).user
    return event, people[0], manager


def test_manage_page_after_the_event_fits_a_phone(page, axe, event_after):
    _event, registration, _manager = event_after
    page.set_viewport_size(PHONE)
    page.goto(f"/pl/events/registration/{manage_token(registration)}/")
    expect(page.locator("#after-event-heading")).to_be_visible()
    expect(page.get_by_text("niemiecki", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe(page, context="manage page after the event on a phone")


@pytest.mark.parametrize("width", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_attendance_statistics_and_feedback_pages_fit_the_screen(page, axe, event_after, width):
    event, _registration, manager = event_after
    page.set_viewport_size(width)
    log_in(page, manager.username, f"/de/admin/events/event/{event.pk}/attendance/")
    for path, heading in (
        ("attendance", "Anwesenheit"),
        ("statistics", "Statistik"),
        ("feedback", "Feedback"),
    ):
        page.goto(f"/de/admin/events/event/{event.pk}/{path}/")
        expect(page.locator("#content h1")).to_contain_text(heading)
        assert page.evaluate("document.documentElement.scrollWidth") <= width["width"], path
        axe(page, context=f"{path} page in German", within="#content")
