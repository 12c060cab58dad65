"""The public list and detail pages: facets, chips, pagination, bad input, drafts, languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.workflow import Status
from measures.models import MeasureKind
from tests.measures.factories import (
    InspirationFactory,
    MeasureFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from tests.partners.factories import OrganisationFactory, ProjectFactory, RegionFactory

pytestmark = pytest.mark.django_db


def url(name="measures:index", language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def catalogue():
    """Measures in two countries and three themes, plus one draft."""
    energy = ThemeFactory(slug="energy", name_en="Energy", name_pl="Energia")
    health = ThemeFactory(slug="health", name_en="Health", name_pl="Zdrowie")
    skills = ThemeFactory(slug="skills", name_en="Skills", name_pl="Umiejętności")
    smes = TargetGroupFactory(slug="smes", name_en="SMEs")
    region = RegionFactory(nuts_code="PL84", country="PL", name_en="Podlaskie")
    polish = OrganisationFactory(slug="podlaskie", name_en="Podlaskie", country="PL", region=region)
    german = OrganisationFactory(slug="witeno", name_en="WITENO", country="DE")
    project = ProjectFactory(slug="next2met", acronym="Next2Met")
    MeasureFactory(
        slug="pl-energy",
        organisation=polish,
        themes=[energy],
        target_groups=[smes],
        source_project=project,
        start_year=2015,
        end_year=2018,
        kind=MeasureKind.NETWORK,
    )
    MeasureFactory(slug="pl-health", organisation=polish, themes=[health, skills], start_year=2021)
    MeasureFactory(slug="de-energy", organisation=german, themes=[energy, skills], start_year=2019)
    MeasureFactory(slug="de-draft", organisation=german, themes=[energy], status=Status.DRAFT)


def facet(response, name):
    for item in response.context["listing"].facets:
        if item.name == name:
            return {value.value: (value.count, value.selected) for value in item.values}
    return {}


def slugs(response):
    return [m.slug for m in response.context["listing"].measures]


def test_list_shows_published_measures_with_count(client, catalogue):
    response = client.get(url())
    assert response.status_code == 200
    assert set(slugs(response)) == {"pl-energy", "pl-health", "de-energy"}
    content = response.content.decode()
    assert 'role="status"' in content
    assert "3 measures found" in content


def test_facet_counts_follow_the_other_filters(client, catalogue):
    response = client.get(url(), {"country": "PL"})
    assert set(slugs(response)) == {"pl-energy", "pl-health"}
    # Counts of other families are narrowed to Poland ...
    assert facet(response, "theme") == {
        "energy": (1, False),
        "health": (1, False),
        "skills": (1, False),
    }
    # ... while the country family keeps its alternatives.
    assert facet(response, "country") == {"PL": (2, True), "DE": (1, False)}


def test_several_values_of_one_family_are_alternatives(client, catalogue):
    response = client.get(url(), {"theme": ["health", "energy"]})
    assert set(slugs(response)) == {"pl-energy", "pl-health", "de-energy"}
    response = client.get(url(), {"theme": "health", "country": "DE"})
    assert slugs(response) == []


def test_every_facet_family_filters(client, catalogue):
    cases = {
        "kind": ("network", {"pl-energy"}),
        "target": ("smes", {"pl-energy"}),
        "region": ("PL84", {"pl-energy", "pl-health"}),
        "organisation": ("witeno", {"de-energy"}),
        "project": ("next2met", {"pl-energy"}),
        "state": ("completed", {"pl-energy"}),
        "lang": ("pl", {"pl-energy", "pl-health", "de-energy"}),
        "year_from": ("2019", {"pl-health", "de-energy"}),
        "year_to": ("2016", {"pl-energy"}),
    }
    for name, (value, expected) in cases.items():
        response = client.get(url(), {name: value})
        assert set(slugs(response)) == expected, name


def test_facet_values_in_urls_are_codes_that_work_in_every_language(client, catalogue):
    for language in ("de", "en", "pl"):
        response = client.get(url(language=language), {"theme": "health"})
        assert slugs(response) == ["pl-health"]


def test_active_filters_are_removable_chips(client, catalogue):
    response = client.get(url(language="pl"), {"theme": "energy", "country": "PL", "q": ""})
    chips = response.context["listing"].chips
    labels = [chip.label for chip in chips]
    assert "Kraj: Polska" in labels
    assert any(label.endswith(": Energia") for label in labels)
    remove_energy = next(chip.remove_url for chip in chips if "Energia" in chip.label)
    assert "theme=" not in remove_energy and "country=PL" in remove_energy
    assert remove_energy in response.content.decode().replace("&amp;", "&")


def test_a_chip_removes_a_value_typed_with_blanks(client, catalogue):
    response = client.get(url(), {"organisation": " witeno ", "theme": "energy"})
    assert slugs(response) == ["de-energy"]
    chip = next(chip for chip in response.context["listing"].chips if "WITENO" in chip.label)
    assert chip.remove_url == "?theme=energy"


def test_the_list_and_detail_reads_answer_none_for_what_does_not_exist(catalogue):
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict

    from measures import selectors

    assert selectors.measure_list(data=QueryDict(), language="en", page="2") is None
    assert selectors.measure_list(data=QueryDict(), language="en", page="1").total == 3
    assert selectors.measure_detail(slug="de-draft", user=AnonymousUser()) is None
    assert selectors.measure_detail(slug="nothing-here", user=AnonymousUser()) is None
    assert selectors.measure_detail(slug="de-energy", user=AnonymousUser()).slug == "de-energy"


def test_empty_state_suggests_removing_a_filter(client, catalogue):
    response = client.get(url(), {"theme": "health", "country": "DE"})
    content = response.content.decode()
    assert "No measures match your search and filters." in content
    assert "Remove “Country: Germany”" in content


def test_sort_by_title_and_newest(client, catalogue):
    response = client.get(url(), {"sort": "title"})
    titles = [m.title for m in response.context["listing"].measures]
    assert titles == sorted(titles, key=str.lower)
    response = client.get(url())
    dates = [m.first_published_at for m in response.context["listing"].measures]
    assert dates == sorted(dates, reverse=True)


def test_pagination_marks_the_current_page(client, catalogue):
    MeasureFactory.create_batch(25)
    response = client.get(url(), {"page": "2"})
    content = response.content.decode()
    assert 'aria-current="page"' in content
    assert response.context["page_obj"].number == 2
    assert len(response.context["listing"].measures) == 28 - 20


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "no-such-theme"},
        {"organisation": "no-such-organisation"},
        {"region": "lowercase"},
        {"year_from": "nineteen"},
        {"year_to": "99999999999999999999"},
        {"q": "x" * 10_000},
        {"q": "nul\x00byte"},
        {"country": "XX"},
        {"kind": "<script>"},
        {"sort": "'; DROP TABLE"},
        {"lang": "fr"},
        {"state": "\x00"},
    ],
)
def test_malformed_parameters_never_give_a_server_error(client, catalogue, params):
    response = client.get(url(), params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_malformed_parameters_are_explained(client, catalogue):
    response = client.get(url(), {"year_from": "nineteen", "theme": "energy"})
    content = response.content.decode()
    assert "could not be understood" in content
    assert set(slugs(response)) == {"pl-energy", "de-energy"}


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1000000000"])
def test_pages_that_do_not_exist_are_not_found(client, catalogue, page):
    assert client.get(url(), {"page": page}).status_code == 404


def test_list_query_count_does_not_grow_with_rows(client, catalogue, django_assert_max_num_queries):
    MeasureFactory.create_batch(30)
    with django_assert_max_num_queries(10):
        response = client.get(url(), {"theme": ["energy", "health"], "country": "PL", "page": "1"})
    assert response.status_code == 200
    assert set(slugs(response)) == {"pl-energy", "pl-health"}
    with django_assert_max_num_queries(10):
        response = client.get(url(language="pl"), {"q": "działanie", "sort": "relevance"})
    assert response.status_code == 200
    # Every published measure is a "działanie": a full page of the 33 is shown.
    assert response.context["listing"].total == 33
    assert len(slugs(response)) == 20


def test_detail_shows_sections_facts_and_links(client, catalogue):
    response = client.get(url("measures:detail", slug="pl-energy"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "What was done" in content
    assert "Key facts" in content
    assert "?theme=energy" in content
    assert "?target=smes" in content
    assert "Podlaskie" in content


def test_detail_in_polish_names_polish_texts(client, catalogue):
    response = client.get(url("measures:detail", language="pl", slug="pl-energy"))
    assert "Co zrobiono, szczegółowo." in response.content.decode()


def test_detail_says_when_a_section_falls_back(client):
    MeasureFactory(slug="english-only", description_pl="", description_de="")
    response = client.get(url("measures:detail", language="pl", slug="english-only"))
    content = response.content.decode()
    assert 'lang="en"' in content
    assert "What was done, in detail." in content
    assert response.context["fallbacks"]["description"] == "en"


def test_inspiration_links_both_ways(client):
    link = InspirationFactory(
        source__slug="barcelona",
        source__title_en="Barcelona platform",
        measure__slug="lower-austria",
        measure__title_en="Lower Austria pilot",
        note_en="Took over the sensor platform.",
    )
    source = client.get(url("measures:detail", slug="barcelona")).content.decode()
    follower = client.get(url("measures:detail", slug="lower-austria")).content.decode()
    assert link.measure.get_absolute_url() in source and "Took over the sensor platform." in source
    assert link.source.get_absolute_url() in follower


def test_drafts_are_hidden_from_visitors_and_shown_to_their_editors(
    client, catalogue, org_a, editor_a, manager_b
):
    draft = MeasureFactory(slug="draft-of-a", organisation=org_a, status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(manager_b)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor_a)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview" in response.content.decode()
    assert "noindex" in response.content.decode()


def test_detail_query_count(client, catalogue, django_assert_max_num_queries):
    measure = MeasureFactory(slug="busy")
    for _ in range(5):
        InspirationFactory(source=measure)
        InspirationFactory(measure=measure)
    # The related measures add the facet index's version, their likeness and their cards.
    with django_assert_max_num_queries(11):
        assert client.get(url("measures:detail", slug="busy")).status_code == 200


def test_unknown_measure_is_not_found(client):
    assert client.get(url("measures:detail", slug="nothing-here")).status_code == 404


def test_partner_page_lists_the_organisations_measures(
    client, catalogue, django_assert_max_num_queries
):
    response = client.get(reverse("partners:organisation_detail", kwargs={"slug": "podlaskie"}))
    content = response.content.decode()
    assert "Measures of this organisation" in content
    assert url("measures:detail", slug="pl-energy") in content
    assert url("measures:detail", slug="de-energy") not in content


def test_facet_counts_follow_every_change_of_measures(
    client, catalogue, django_assert_max_num_queries
):
    first = client.get(url(), {"country": "PL"})
    assert facet(first, "theme")["energy"] == (1, False)
    # The content version and the page's measures: the facet index is not read again.
    with django_assert_max_num_queries(2):
        again = client.get(url(), {"country": "PL"})
    assert facet(again, "theme") == facet(first, "theme")
    # Any change of measures (here a new one through the ORM) makes the next request count anew.
    from measures.models import Theme
    from partners.models import Organisation

    MeasureFactory(
        slug="pl-energy-2",
        organisation=Organisation.objects.get(slug="podlaskie"),
        themes=[Theme.objects.get(slug="energy")],
    )
    changed = client.get(url(), {"country": "PL"})
    assert changed.context["listing"].total == 3
    assert facet(changed, "theme")["energy"] == (2, False)


def test_facet_labels_follow_a_renamed_organisation(client, catalogue):
    from partners.models import Organisation

    assert "Podlaskie" in client.get(url(), {"country": "PL"}).content.decode()
    organisation = Organisation.objects.get(slug="podlaskie")
    organisation.name_en = "Renamed Voivodeship Office"
    organisation.save()
    assert "Renamed Voivodeship Office" in client.get(url(), {"country": "PL"}).content.decode()


def test_partner_section_runs_a_fixed_number_of_queries(catalogue, django_assert_max_num_queries):
    from measures.sections import organisation_section
    from partners.models import Organisation

    organisation = Organisation.objects.get(slug="podlaskie")
    MeasureFactory.create_batch(10, organisation=organisation)
    with django_assert_max_num_queries(2):
        section = organisation_section(organisation=organisation)
    assert section["count"] == 12
    assert len(section["measures"]) == 6
    assert "organisation=podlaskie" in section["more_url"]
    assert organisation_section(organisation=OrganisationFactory()) is None


def test_pages_load_scripts_only_from_files(client, catalogue):
    for address in (url(), url("measures:detail", slug="pl-energy")):
        content = client.get(address).content.decode()
        assert (
            "<script>" not in content and " onclick=" not in content and " onchange=" not in content
        )
    assert (
        '<script src="/static/js/measures.js" defer></script>' in client.get(url()).content.decode()
    )


def test_detail_lists_the_public_events_where_the_measure_was_presented(
    client, django_assert_max_num_queries
):
    from events.models import EventStatus
    from tests.events.factories import EventFactory, in_days

    measure = MeasureFactory(slug="presented")
    for number in range(4):
        EventFactory(title_en=f"Study visit {number}", start=in_days(-40 - number)).measures.add(
            measure
        )
    EventFactory(title_en="Draft visit", status=EventStatus.DRAFT).measures.add(measure)
    with django_assert_max_num_queries(11):
        html = client.get(url("measures:detail", slug="presented")).content.decode()
    assert "Presented at events" in html
    for number in range(4):
        assert f"Study visit {number}" in html
    assert html.index("Study visit 0") < html.index("Study visit 3")  # latest first
    assert "Draft visit" not in html
