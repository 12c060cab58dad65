import io

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from measures import demo
from measures.models import Inspiration, Measure, Theme
from partners import demo as partners_demo

pytestmark = pytest.mark.django_db

EVENT_LINKED = [
    "ruhr-lead-markets",
    "emscher-lippe-municipal-digital-initiative",
    "cyber-security-cluster-ruhr",
    "mazovian-it-cluster",
    "mazovian-it-incubator",
    "polish-german-online-matchmaking",
    "west-pomeranian-ict-procurement-channel",
    "online-cluster-coffee",
]


@pytest.fixture
def loaded():
    out = io.StringIO()
    partners_demo.load(stdout=out, style=no_style())
    demo.load(stdout=out, style=no_style())
    return out.getvalue()


def test_demo_has_published_measures_in_three_languages(loaded):
    published = Measure.objects.published()
    assert published.count() >= 24
    assert len(set(published.values_list("country", flat=True))) >= 6
    for measure in published:
        assert set(measure.languages) == {"de", "en", "pl"}, measure.slug
        assert 1 <= len(measure.theme_ids) <= 3
        for code in ("de", "en", "pl"):
            for field in ("challenge", "results", "transfer_potential"):
                assert getattr(measure, f"{field}_{code}"), (measure.slug, field, code)
    used = {pk for ids in published.values_list("theme_ids", flat=True) for pk in ids}
    assert used == set(Theme.objects.values_list("pk", flat=True))
    assert set(EVENT_LINKED) <= set(published.values_list("slug", flat=True))
    assert Inspiration.objects.filter(
        source__slug="barcelona-smart-urban-platform",
        measure__slug="lower-austria-iot-water-pilot",
    ).exists()


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
