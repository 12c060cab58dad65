"""Languages come from settings: a fourth language is a settings change (plus migrations)."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from core.languages import (
    fallback_language,
    fallback_order,
    language_code,
    language_codes,
    search_configuration,
)
from core.translated import text_in_language_sql
from measures.facetindex import index_sql
from measures.models import rank_vector_sql, search_vector_sql, sort_title_sql


@pytest.fixture
def finnish(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("fi", "Finnish")]
    settings.SEARCH_CONFIGURATIONS = {**settings.SEARCH_CONFIGURATIONS, "fi": "finnish"}


def test_the_portal_languages_are_those_of_the_settings():
    assert language_codes() == ("de", "en", "pl")
    assert fallback_order("pl") == ("pl", "en", "de")
    assert fallback_order("de") == ("de", "en", "pl")
    assert search_configuration("de") == "german"
    assert search_configuration("pl") == "simple"


def test_a_fourth_language_gets_its_order_and_search_configuration(finnish):
    assert language_codes() == ("de", "en", "pl", "fi")
    assert fallback_order("fi") == ("fi", "en", "de", "pl")
    assert fallback_order("en") == ("en", "de", "pl", "fi")
    assert language_code("fi-FI") == "fi"
    assert search_configuration("fi") == "finnish"


def test_the_sql_of_search_columns_is_built_for_a_fourth_language(finnish):
    vector = search_vector_sql("fi")
    assert "to_tsvector('finnish'::regconfig, coalesce(title_fi, ''))" in vector
    assert "coalesce(transfer_potential_fi, '')" in vector
    assert "'finnish'" in rank_vector_sql("fi") and "summary_fi" in rank_vector_sql("fi")
    assert sort_title_sql("fi").startswith("measures_unaccent(lower(coalesce(nullif(title_fi")


def test_the_sql_that_names_organisations_reads_a_fourth_language(finnish):
    index = index_sql()
    assert "json_build_array(id, slug, '', name_de, name_en, name_pl, name_fi)" in index
    assert "title_de, title_en, title_pl, title_fi))" in index
    assert "ORDER BY sort_title_fi, id" in index
    assert "('fi' = ANY(languages), false)::int << 3" in index
    assert text_in_language_sql("o.name", fallback_order("en")) == (
        "coalesce(nullif(o.name_en, ''), nullif(o.name_de, ''), nullif(o.name_pl, ''), "
        "nullif(o.name_fi, ''), '')"
    )


def test_a_missing_text_falls_back_in_the_settings_order(finnish):
    obj = SimpleNamespace(title_fi="", title_en="", title_de="Titel", title_pl="Tytuł")
    assert fallback_language(obj, "title", "fi") == "de"
    with translation.override("pl"):
        assert fallback_language(obj, "title") is None
