"""Public partner and project pages: content, filters, languages and a fixed number of queries."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.workflow import Status
from partners.models import Organisation, OrganisationKind, ParticipationRole
from partners.sections import (
    OrganisationSection,
    organisation_section_register,
    organisation_section_unregister,
    organisation_sections_registered,
)
from tests.partners.factories import (
    MetropolisFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProjectFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db
TEST_TEMPLATES = Path(__file__).parent / "templates"


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def many_partners():
    """Forty published organisations in several countries, kinds, regions and projects."""
    projects = ProjectFactory.create_batch(4)
    metropolis = MetropolisFactory()
    regions = RegionFactory.create_batch(5)
    for region in regions:
        region.metropolises.add(metropolis)
    kinds = list(OrganisationKind.values)
    organisations = []
    for n, country in enumerate(["DE", "PL", "AT", "FI"] * 10):
        organisation = OrganisationFactory(
            country=country, kind=kinds[n % len(kinds)], region=regions[n % 5]
        )
        for project in projects[: 1 + n % 4]:
            ParticipationFactory(organisation=organisation, project=project)
        organisations.append(organisation)
    return organisations, projects


def test_list_groups_published_organisations_by_country(client):
    OrganisationFactory(name_en="Greifswald Park", country="DE")
    OrganisationFactory(name_en="Szczecin Cluster", country="PL")
    OrganisationFactory(name_en="Hidden Draft", country="PL", status=Status.DRAFT)
    response = client.get(url("partners:index", "pl"))
    page = response.content.decode()
    assert response.status_code == 200
    assert [country.code for country, _ in response.context["groups"]] == ["DE", "PL"]
    assert "Niemcy" in page and "Polska" in page  # country names in Polish
    assert "Szczecin Cluster" in page
    assert "Hidden Draft" not in page


def test_list_filters_by_kind_country_and_project_with_counts(client):
    project = ProjectFactory(slug="next2met", acronym="Next2Met")
    cluster = OrganisationFactory(name_en="Cluster PL", country="PL", kind="it_cluster")
    OrganisationFactory(name_en="Authority PL", country="PL", kind="regional_authority")
    OrganisationFactory(name_en="Cluster DE", country="DE", kind="it_cluster")
    ParticipationFactory(project=project, organisation=cluster)

    response = client.get(url("partners:index"), {"kind": "it_cluster", "country": "PL"})
    page = response.content.decode()
    assert response.context["result_count"] == 1
    assert "Cluster PL" in page and "Authority PL" not in page and "Cluster DE" not in page
    form = response.context["filterset"].form
    kinds = dict(form.fields["kind"].choices)
    countries = dict(form.fields["country"].choices)
    assert kinds["it_cluster"] == "IT cluster (1)"  # among Polish organisations
    assert kinds["regional_authority"] == "Regional authority (1)"
    assert countries["DE"] == "Germany (1)"  # among IT clusters
    assert '<option value="next2met">Next2Met (1)</option>' in page

    response = client.get(url("partners:index"), {"project": "next2met"})
    assert [o.name for _, group in response.context["groups"] for o in group] == ["Cluster PL"]


def test_list_offers_only_choices_with_organisations_and_the_chosen_ones(client):
    OrganisationFactory(country="PL", kind="it_cluster")
    OrganisationFactory(country="PL", kind="regional_authority")
    OrganisationFactory(country="DE", kind="it_cluster")

    form = client.get(url("partners:index")).context["filterset"].form
    assert list(form.fields["kind"].choices) == [
        ("", "All kinds"),
        ("regional_authority", "Regional authority (1)"),
        ("it_cluster", "IT cluster (2)"),
    ]

    # A chosen kind without organisations in the chosen country stays, so that it can be changed.
    response = client.get(url("partners:index"), {"kind": "university", "country": "DE"})
    assert response.context["result_count"] == 0
    form = response.context["filterset"].form
    assert list(form.fields["kind"].choices) == [
        ("", "All kinds"),
        ("it_cluster", "IT cluster (1)"),
        ("university", "University or research institute (0)"),
    ]
    assert list(form.fields["country"].choices) == [("", "All countries"), ("DE", "Germany (0)")]
    assert "selected>University or research institute (0)</option>" in response.content.decode()


def test_list_with_an_invalid_filter_value_answers_with_the_form(client):
    OrganisationFactory()
    response = client.get(url("partners:index"), {"kind": "nonsense"})
    assert response.status_code == 200
    assert response.context["filterset"].form.errors["kind"]


def test_list_queries_do_not_grow_with_rows(client, many_partners, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(url("partners:index"), {"country": "PL"})
    assert response.context["result_count"] == 10
    with django_assert_max_num_queries(8):
        response = client.get(url("partners:index"))
    assert response.context["result_count"] == 40


def test_list_queries_do_not_depend_on_the_number_of_organisations(client):
    project = ProjectFactory(slug="next2met")
    ParticipationFactory(project=project, organisation=OrganisationFactory(country="PL"))
    pages = [{}, {"project": "next2met"}, {"country": "PL", "kind": "it_cluster"}]

    def queries_per_page():
        numbers = []
        for params in pages:
            with CaptureQueriesContext(connection) as queries:
                client.get(url("partners:index"), params)
            numbers.append(len(queries))
        return numbers

    few = queries_per_page()
    for n, country in enumerate(["DE", "PL", "AT", "FI"] * 10):
        organisation = OrganisationFactory(country=country, kind=OrganisationKind.values[n % 8])
        ParticipationFactory(project=project, organisation=organisation)
    many = queries_per_page()
    assert client.get(url("partners:index")).context["result_count"] == 41
    assert few == many == [5, 5, 5]


@pytest.mark.parametrize(
    ("language", "countries", "polish_names"),
    [
        # Austria, Germany, Poland; Ł sorts with L ("lodz" before "lublin").
        ("en", ["AT", "DE", "PL"], ["Łódź", "Lublin"]),
        # Deutschland, Österreich, Polen.
        ("de", ["DE", "AT", "PL"], ["Łódź", "Lublin"]),
        # Austria, Niemcy, Polska; Ł is a letter of its own, after L.
        ("pl", ["AT", "DE", "PL"], ["Lublin", "Łódź"]),
    ],
)
def test_list_orders_countries_and_names_alphabetically_in_the_language(
    client, language, countries, polish_names
):
    OrganisationFactory(name_en="Zeta", country="AT")
    OrganisationFactory(name_en="Bravo", country="DE")
    OrganisationFactory(name_en="Ärztekammer", country="DE")
    OrganisationFactory(name_en="Łódź", country="PL")
    OrganisationFactory(name_en="Lublin", country="PL")
    response = client.get(url("partners:index", language))
    groups = {
        country.code: [card.name for card in cards] for country, cards in response.context["groups"]
    }
    assert list(groups) == countries
    assert groups == {"AT": ["Zeta"], "DE": ["Ärztekammer", "Bravo"], "PL": polish_names}


def test_list_texts_fall_back_like_the_organisations_own_page(client):
    """Name, city and region in the language, else in the fallback order (English, German,
    Polish), an empty text counting as missing: what the model (modeltranslation) gives."""
    OrganisationFactory(
        slug="all-languages",
        name_en="Science Park",
        name_de="Wissenschaftspark",
        name_pl="Park naukowy",
        city_en="Greifswald",
        city_pl="Gryfia",
        region=RegionFactory(name_en="Pomerania", name_de="Pommern", name_pl=""),
    )
    OrganisationFactory(
        slug="english-name",
        name_en="Cluster",
        name_de="",
        name_pl=None,
        city_en="",
        city_de="Stettin",
        region=RegionFactory(name_en="", name_de="Lebus", name_pl="Lubuskie"),
    )
    OrganisationFactory(slug="no-region", name_en="Agency", region=None, city_en="")
    expected = {
        "en": {
            "all-languages": ("Science Park", "Greifswald", "Pomerania"),
            "english-name": ("Cluster", "Stettin", "Lebus"),
            "no-region": ("Agency", "", None),
        },
        "de": {
            "all-languages": ("Wissenschaftspark", "Greifswald", "Pommern"),
            "english-name": ("Cluster", "Stettin", "Lebus"),
            "no-region": ("Agency", "", None),
        },
        "pl": {
            "all-languages": ("Park naukowy", "Gryfia", "Pomerania"),
            "english-name": ("Cluster", "Stettin", "Lubuskie"),
            "no-region": ("Agency", "", None),
        },
    }
    for language, shown in expected.items():
        response = client.get(url("partners:index", language))
        cards = {card.slug: card for _, group in response.context["groups"] for card in group}
        assert {
            slug: (card.name, card.city, card.region_name) for slug, card in cards.items()
        } == shown
        with translation.override(language):
            for organisation in Organisation.objects.select_related("region"):
                card = cards[organisation.slug]
                assert card.name == organisation.name
                assert card.city == organisation.city
                assert card.region_name == (organisation.region and organisation.region.name)
                assert card.kind_label == organisation.get_kind_display()
                assert card.url == organisation.get_absolute_url()


def test_list_cards_show_logo_acronym_kind_region_and_city_escaped(client):
    OrganisationFactory(
        slug="witeno",
        name_en='Smith & <Sons> "Park"',
        acronym="S&S",
        kind=OrganisationKind.TECHNOLOGY_PARK,
        region=RegionFactory(name_en="Vorpommern <West>"),
        city_en="Greifswald & Co",
        logo="partners/logos/witeno.png",
        logo_width=120,
        logo_height=40,
    )
    OrganisationFactory(slug="same", name_en="ZNet", acronym="ZNet", region=None, kind="network")
    page = client.get(url("partners:index")).content.decode()
    start = page.index('<li class="partner-card">')
    witeno = page[start : page.index("</li>", start) + 5]
    assert " ".join(witeno.split()) == (
        '<li class="partner-card"> <div class="partner-card__logo">'
        '<img src="/media/partners/logos/witeno.png" alt="" width="120" height="40" '
        'loading="lazy"></div> <div class="partner-card__text"> <h4 class="partner-card__name">'
        '<a href="/en/partners/witeno/">Smith &amp; &lt;Sons&gt; &quot;Park&quot;</a> '
        '<span class="partner-card__acronym">(S&amp;S)</span></h4> '
        '<dl class="partner-card__facts"> <dt>Kind</dt><dd>Science and technology park</dd> '
        "<dt>Region</dt><dd>Vorpommern &lt;West&gt;</dd> "
        "<dt>City</dt><dd>Greifswald &amp; Co</dd> </dl> </div> </li>"
    )
    start = page.index('<li class="partner-card">', start + 1)
    same = page[start : page.index("</li>", start) + 5]
    assert " ".join(same.split()) == (
        '<li class="partner-card"> <div class="partner-card__text"> '
        '<h4 class="partner-card__name"><a href="/en/partners/same/">ZNet</a></h4> '
        '<dl class="partner-card__facts"> <dt>Kind</dt><dd>Network of regions</dd> </dl> '
        "</div> </li>"
    )
    german = client.get(url("partners:index", "de")).content.decode()
    assert "<dt>Art</dt><dd>Wissenschafts- und Technologiepark</dd>" in german


def test_detail_shows_region_metropolises_contact_and_projects(client):
    region = RegionFactory(nuts_code="DE80", name_en="Mecklenburg-Vorpommern")
    region.metropolises.add(MetropolisFactory(name_en="Hamburg", name_pl="Hamburg"))
    organisation = OrganisationFactory(
        name_en="WITENO GmbH",
        slug="witeno",
        region=region,
        email="info@example.org",
        phone="+49 3834 550 106",
        description_en="Science park.",
        description_pl="Park naukowy.",
    )
    project = ProjectFactory(acronym="Next2Met", programme_pl="Interreg Europa")
    ParticipationFactory(organisation=organisation, project=project, role="lead_partner")
    response = client.get(url("partners:organisation_detail", "pl", slug="witeno"))
    page = response.content.decode()
    assert "Park naukowy." in page
    assert "DE80" in page and "Hamburg" in page
    assert 'href="mailto:info@example.org"' in page
    assert 'href="tel:+493834550106"' in page
    assert "Next2Met" in page and "Interreg Europa" in page
    assert str(ParticipationRole.LEAD_PARTNER.label) in page or "Partner wiodący" in page


def test_detail_says_when_the_description_falls_back(client):
    OrganisationFactory(slug="only-english", description_en="English only.", description_pl="")
    response = client.get(url("partners:organisation_detail", "pl", slug="only-english"))
    page = response.content.decode()
    assert 'lang="en"' in page and "English only." in page
    assert 'class="fallback-notice"' in page
    response = client.get(url("partners:organisation_detail", "en", slug="only-english"))
    assert 'class="fallback-notice"' not in response.content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED])
def test_unpublished_organisations_have_no_public_page(client, status):
    OrganisationFactory(slug="not-public", status=status)
    assert client.get(url("partners:organisation_detail", slug="not-public")).status_code == 404


def test_detail_queries_do_not_grow_with_rows(client):
    organisation = OrganisationFactory(slug="busy")
    organisation.region.metropolises.add(MetropolisFactory())
    ParticipationFactory(organisation=organisation)
    path = url("partners:organisation_detail", slug="busy")
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    organisation.region.metropolises.add(*MetropolisFactory.create_batch(5))
    for project in ProjectFactory.create_batch(11):
        ParticipationFactory(organisation=organisation, project=project)
    with CaptureQueriesContext(connection) as many:
        response = client.get(path)
    assert response.content.decode().count('href="/en/projects/') == 12
    assert len(many) == len(few)
    # The page itself needs 4; sections of other apps add a fixed number each.
    assert len(few) <= 4 + 3 * len(organisation_sections_registered())


def test_sections_of_other_apps_appear_on_the_organisation_page(client, settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    ]
    OrganisationFactory(slug="with-section", name_en="Sectioned")

    def provider(*, organisation):
        return {"items": [f"Measure of {organisation.name}"]}

    organisation_section_register(
        OrganisationSection(
            key="demo",
            title="Published measures",
            template_name="partners/tests/section.html",
            provider=provider,
        )
    )
    try:
        page = client.get(url("partners:organisation_detail", slug="with-section")).content
    finally:
        organisation_section_unregister("demo")
    assert b'aria-labelledby="section-demo-heading"' in page
    assert b"Published measures" in page
    page = client.get(url("partners:organisation_detail", slug="with-section")).content
    assert b"section-demo-heading" not in page


def test_project_page_lists_published_partners_with_roles(client):
    project = ProjectFactory(slug="next2met", acronym="Next2Met", fund_en="ERDF")
    lead = OrganisationFactory(name_en="Lead Council")
    ParticipationFactory(project=project, organisation=lead, role="lead_partner")
    ParticipationFactory(
        project=project,
        organisation=OrganisationFactory(name_en="Zeta Advisers"),
        role="advisory_partner",
    )
    ParticipationFactory(
        project=project, organisation=OrganisationFactory(name_en="Draft Org", status="draft")
    )
    response = client.get(url("projects:detail", slug="next2met"))
    page = response.content.decode()
    assert "Interreg Europe" in page and "ERDF" in page
    assert page.index("Lead Council") < page.index("Zeta Advisers")
    assert "Lead partner" in page and "Advisory partner" in page
    assert "Draft Org" not in page


def test_project_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    project = ProjectFactory(slug="big")
    for organisation in OrganisationFactory.create_batch(25):
        ParticipationFactory(project=project, organisation=organisation)
    with django_assert_max_num_queries(3):
        response = client.get(url("projects:detail", slug="big"))
    assert len(response.context["project"].published_participations) == 25
