"""Related measures: ranked by what they share with the measure shown, with the reasons."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.workflow import Status
from measures import selectors
from measures.models import Measure, MeasureKind
from measures.selectors import RELATED_WEIGHTS, measure_detail_queryset
from tests.measures.factories import MeasureFactory, TargetGroupFactory, ThemeFactory
from tests.partners.factories import RegionFactory

pytestmark = pytest.mark.django_db

SAME_TEXT = {
    **{f"title_{code}": "Digital help desk for small firms" for code in ("de", "en", "pl")},
    **{f"summary_{code}": "Advice on going digital." for code in ("de", "en", "pl")},
}


def related(measure: Measure, language: str = "en"):
    shown = measure_detail_queryset().get(pk=measure.pk)
    with translation.override(language):
        return selectors.measure_related(measure=shown, language=language)


@pytest.fixture
def vocabulary():
    themes = [ThemeFactory(slug=f"t{i}", name_en=f"Theme {i}") for i in range(3)]
    groups = [TargetGroupFactory(slug=f"g{i}", name_en=f"Group {i}") for i in range(2)]
    regions = [
        RegionFactory(country="DE"),
        RegionFactory(country="DE"),
        RegionFactory(country="PL"),
    ]
    return themes, groups, regions


def test_the_most_alike_come_first_and_unrelated_or_unpublished_never(vocabulary):
    (t0, t1, t2), (g0, g1), (r0, _r1, r2) = vocabulary

    def make(slug, title, summary, **values):
        return MeasureFactory(slug=slug, title_en=title, summary_en=summary, **values)

    shown = make(
        "shown",
        "Digital help desk for small firms",
        "Advice on going digital.",
        themes=[t0, t1],
        target_groups=[g0],
        region=r0,
        country="DE",
    )
    other_place = {"kind": MeasureKind.TRAINING, "region": r2, "country": "PL"}
    make(
        "twin",
        "Regional data platform",
        "Open data of the district.",
        themes=[t0, t1],
        target_groups=[g0],
        region=r0,
        country="DE",
    )
    make("one", "Cluster meetings", "Companies meet twice a year.", themes=[t0, t2], **other_place)
    make(
        "group",
        "Broadband vouchers",
        "Money for fibre in villages.",
        themes=[t2],
        target_groups=[g0],
        **other_place,
    )
    make("words", shown.title_en, shown.summary_en, themes=[t0], **other_place)
    make("unrelated", "Coding school", "Courses for young people.", themes=[t2], target_groups=[g1])
    make("draft", "Hidden", "Not public.", themes=[t0, t1], target_groups=[g0], status=Status.DRAFT)

    found = related(shown)

    assert [item.measure.slug for item in found] == ["twin", "words", "one", "group"]
    twin_reasons = found[0]
    assert twin_reasons.themes == ["Theme 0", "Theme 1"]
    assert twin_reasons.target_groups == ["Group 0"]
    assert (twin_reasons.same_kind, twin_reasons.same_region) == (True, True)
    assert found[1].similar_text and not found[2].similar_text
    assert found[1].reasons[-1] == "a similar title and summary"


def test_the_page_says_why_in_its_language(client, vocabulary):
    (t0, t1, _t2), (g0, _g1), (r0, _r1, _r2) = vocabulary
    t0.name_pl = "Cyfryzacja"
    t0.save()
    shown = MeasureFactory(themes=[t0], region=r0, country="DE", slug="shown")
    MeasureFactory(themes=[t0], region=r0, country="DE", slug="alike")
    with translation.override("pl"):
        html = client.get(reverse("measures:detail", kwargs={"slug": shown.slug})).content.decode()
    assert "Cyfryzacja" in html
    with translation.override("pl"):
        from django.utils.translation import gettext

        assert gettext("the same region") in html
        assert gettext("In common:") in html


def test_the_page_reads_the_same_number_of_queries_whatever_the_number_of_alike_measures(
    client, vocabulary, django_assert_max_num_queries
):
    (t0, _t1, _t2), _groups, _regions = vocabulary
    shown = MeasureFactory(themes=[t0], slug="shown")
    MeasureFactory(themes=[t0])
    url = reverse("measures:detail", kwargs={"slug": shown.slug})
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    MeasureFactory.create_batch(15, themes=[t0])
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["related"]) == 4


CANDIDATE = st.fixed_dictionaries(
    {
        "themes": st.sets(st.integers(0, 2), max_size=3),
        "groups": st.sets(st.integers(0, 1), max_size=2),
        "kind": st.sampled_from([MeasureKind.SERVICE, MeasureKind.TRAINING]),
        "region": st.integers(0, 2),
    }
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(candidates=st.lists(CANDIDATE, min_size=1, max_size=8))
def test_every_combination_of_shared_traits_ranks_like_the_weights_say(vocabulary, candidates):
    """Candidates drawn with every mix of shared themes, target groups, kind and place (all
    with the same words, so the text weighs the same) come in the order of their weights."""
    themes, groups, regions = vocabulary
    Measure.objects.all().delete()
    shown = MeasureFactory(
        themes=themes[:2],
        target_groups=groups[:1],
        kind=MeasureKind.SERVICE,
        region=regions[0],
        country="DE",
        **SAME_TEXT,
    )
    start = timezone.now() - datetime.timedelta(days=100)
    expected = []
    for number, drawn in enumerate(candidates):
        if not drawn["themes"]:
            drawn["themes"] = {2}  # a measure has at least one theme
        region = regions[drawn["region"]]
        candidate = MeasureFactory(
            themes=[themes[i] for i in sorted(drawn["themes"])],
            target_groups=[groups[i] for i in sorted(drawn["groups"])],
            kind=drawn["kind"],
            region=region,
            country=region.country,
            first_published_at=start + datetime.timedelta(days=number),
            **SAME_TEXT,
        )
        shared_themes = len(drawn["themes"] & {0, 1})
        shared_groups = len(drawn["groups"] & {0})
        if not shared_themes and not shared_groups:
            continue
        score = RELATED_WEIGHTS["theme"] * shared_themes + RELATED_WEIGHTS["group"] * shared_groups
        score += RELATED_WEIGHTS["kind"] * (drawn["kind"] == MeasureKind.SERVICE)
        if drawn["region"] == 0:
            score += RELATED_WEIGHTS["region"]
        elif region.country == "DE":
            score += RELATED_WEIGHTS["country"]
        expected.append((-score, -number, candidate.slug))
    found = [item.measure.slug for item in related(shown)]
    assert found == [slug for *_key, slug in sorted(expected)][:4]
    assert len(found) == len(set(found))
