"""The narrow search tables follow every write of measures, in the same statement."""

import pytest
from django.db import connection

from core.workflow import Status
from measures.models import Measure
from measures.search import matching, search_tables_sql
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def rows(language: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT measure_id FROM measures_search_{language}")
        return {pk for (pk,) in cursor.fetchall()}


def found(text: str, language: str = "en") -> set[int]:
    return {int(pk) for pk in matching(text, language, ranked=True).ids}


def test_only_published_measures_are_in_the_search_tables():
    published = MeasureFactory(title_en="Village broadband")
    draft = MeasureFactory(title_en="Village broadband draft", status=Status.DRAFT)
    for language in ("de", "en", "pl"):
        assert published.pk in rows(language)
        assert draft.pk not in rows(language)
    assert found("broadband") == {published.pk}

    Measure.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED)
    assert found("broadband") == {published.pk, draft.pk}
    Measure.objects.filter(pk=published.pk).update(status=Status.ARCHIVED)
    assert found("broadband") == {draft.pk}


def test_edits_and_deletions_show_in_the_search_at_once():
    measure = MeasureFactory(title_en="Village broadband", title_pl="Szerokopasmowy internet")
    measure.title_en = "Rural fibre"
    measure.save()
    assert found("broadband") == set()
    assert found("fibre") == {measure.pk}
    assert found("internet", "pl") == {measure.pk}
    measure.delete()
    assert found("fibre") == set()
    assert measure.pk not in rows("pl")


def test_the_search_tables_are_built_for_a_fourth_language():
    forward, backward = search_tables_sql(("de", "en", "pl", "fi"))
    assert "CREATE TABLE measures_search_fi" in forward
    assert "ts_filter(NEW.rank_fi, '{a}'), NEW.rank_fi, NEW.search_fi);" in forward
    assert "OLD.search_fi IS DISTINCT FROM NEW.search_fi" in forward
    assert "measures_search_fi" in backward
