import io

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.urls import reverse
from django.utils import translation

from measures import demo
from measures.models import Inspiration, Measure
from partners import demo as partners_demo

pytestmark = pytest.mark.django_db

# The four case studies from the Ruhr area in the report on the COHES3ION visit to Essen, with
# the actor the report names for each and the NUTS region of the place it names.
RUHR_CASES = {
    "ruhr-lead-markets": ("metropole-ruhr", "DEA"),
    "emscher-lippe-municipal-digital-initiative": ("win-emscher-lippe", "DEA3"),
    "cyber-security-cluster-ruhr": ("horst-goertz-institute", "DEA"),
    "essen-healthcare-cooperation": ("metropole-ruhr", "DEA1"),
}
# Every measure the documents describe, with the years they give (None: not given).
YEARS = {
    **dict.fromkeys(RUHR_CASES, (None, None)),
    "west-pomeranian-ict-procurement-channel": (None, None),
    "online-cluster-coffee": (None, None),
    "west-pomeranian-cluster-training": (None, None),
    "polish-german-online-matchmaking": (2021, 2021),
    "mazovian-it-cluster": (None, None),
    "accelpoint-regional-incubator": (None, None),
}


@pytest.fixture
def loaded():
    out = io.StringIO()
    partners_demo.load(stdout=out, style=no_style())
    demo.load(stdout=out, style=no_style())
    return out.getvalue()


def test_demo_has_the_measures_of_the_documents_in_three_languages(loaded):
    published = Measure.objects.published()
    assert set(published.values_list("slug", flat=True)) == set(YEARS)
    for measure in published:
        assert set(measure.languages) == {"de", "en", "pl"}, measure.slug
        assert 1 <= len(measure.theme_ids) <= 3
    # No measure was described as inspired by another.
    assert not Inspiration.objects.exists()


def test_start_and_end_years_only_where_the_documents_give_them(loaded):
    years = {
        slug: (start, end)
        for slug, start, end in Measure.objects.values_list("slug", "start_year", "end_year")
    }
    assert years == YEARS


def test_ruhr_case_studies_belong_to_their_actors_and_regions_not_to_the_visitors(loaded):
    for slug, (organisation, region) in RUHR_CASES.items():
        measure = Measure.objects.select_related("organisation", "region").get(slug=slug)
        assert measure.organisation.slug == organisation, slug
        assert measure.region.nuts_code == region, slug
        assert measure.country == "DE"
        assert measure.source_project.slug == "cohes3ion"


def test_region_facet_counts_the_ruhr_case_studies(loaded, client):
    response = client.get(reverse("measures:index"), {"region": "DEA"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ruhr region’s experience with the Lead Market approach" in html
    assert "German Cyber Security Cluster Ruhr" in html
    # North Rhine-Westphalia (DEA) holds Düsseldorf (DEA1), where Essen lies.
    assert "Healthcare industry in the city of Essen" in html
    within = client.get(reverse("measures:index"), {"region": "DEA1"}).content.decode()
    assert "Healthcare industry in the city of Essen" in within
    assert "German Cyber Security Cluster Ruhr" not in within  # DEA itself is not within DEA1


def test_no_invented_funding_or_text_sections(loaded):
    # Only the 2021 series has a known funding source; no measure has the sections the
    # documents say nothing about.
    funded = set(Measure.objects.exclude(funding="").values_list("slug", flat=True))
    assert funded == {"polish-german-online-matchmaking"}
    for code in ("en", "de", "pl"):
        assert not Measure.objects.exclude(**{f"resources_needed_{code}": ""}).exists()
        assert not Measure.objects.exclude(**{f"difficulties_{code}": ""}).exists()


def test_measure_without_known_years_shows_no_years(loaded, client):
    with translation.override("en"):
        url = reverse("measures:detail", kwargs={"slug": "ruhr-lead-markets"})
    html = client.get(url).content.decode()
    assert "<dt>When</dt>" not in html
    assert "None" not in html
    listing = client.get(reverse("measures:index"), {"organisation": "metropole-ruhr"})
    assert " ·  · " not in listing.content.decode()
    assert "None" not in listing.content.decode()


def test_state_facet_does_not_call_measures_without_years_ongoing(loaded, client):
    from measures.filters import Lifecycle, lifecycle_condition

    ongoing = set(
        Measure.objects.filter(lifecycle_condition(Lifecycle.ONGOING)).values_list(
            "slug", flat=True
        )
    )
    completed = set(
        Measure.objects.filter(lifecycle_condition(Lifecycle.COMPLETED)).values_list(
            "slug", flat=True
        )
    )
    assert ongoing == set()
    assert completed == {"polish-german-online-matchmaking"}
    html = client.get(reverse("measures:index")).content.decode()
    assert 'Completed <span class="facet__count">(1)</span>' in html
    assert 'Ongoing <span class="facet__count">(' not in html


def test_loading_twice_changes_nothing(loaded):
    before = list(Measure.objects.order_by("pk").values_list("pk", "updated_at", "theme_ids"))
    demo.load(stdout=io.StringIO(), style=no_style())
    after = list(Measure.objects.order_by("pk").values_list("pk", "updated_at", "theme_ids"))
    assert after == before


def test_missing_organisations_are_reported_not_fatal():
    out = io.StringIO()
    demo.load(stdout=out, style=no_style())
    assert "Skipped measures whose organisation is missing" in out.getvalue()
    assert Measure.objects.count() == 0


def test_generate_measures_creates_searchable_published_rows():
    call_command("generate_measures", count=30, batch_size=7, stdout=io.StringIO())
    generated = Measure.objects.published().filter(slug__startswith="generated-")
    assert generated.count() == 30
    assert all(1 <= len(ids) <= 3 for ids in generated.values_list("theme_ids", flat=True))
    assert all(ids for ids in generated.values_list("target_group_ids", flat=True))
    assert generated.filter(search_pl__isnull=False, rank_de__isnull=False).count() == 30
    # Their words are collected for typo tolerance.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM measures_search_word WHERE language = 'pl'")
        assert cursor.fetchone()[0] > 50
