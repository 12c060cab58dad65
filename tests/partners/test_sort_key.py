"""Alphabetical order of names in each portal language."""

import pytest
from django.utils import translation

from core.text import sort_key


def test_polish_letters_of_their_own_follow_their_base_letter():
    names = ["Łotwa", "Malta", "Luksemburg", "Litwa", "Śląsk", "Szwecja", "Żyrardów", "Zambia"]
    assert sorted(names, key=lambda n: sort_key(n, "pl")) == [
        "Litwa",
        "Luksemburg",
        "Łotwa",
        "Malta",
        "Szwecja",
        "Śląsk",
        "Zambia",
        "Żyrardów",
    ]


def test_german_umlauts_sort_with_their_base_letter():
    names = ["Pakistan", "Österreich", "Oman", "Ägypten", "Albanien"]
    assert sorted(names, key=lambda n: sort_key(n, "de")) == [
        "Ägypten",
        "Albanien",
        "Oman",
        "Österreich",
        "Pakistan",
    ]


@pytest.mark.parametrize("language", ["en", "de"])
def test_letters_without_a_decomposition_sort_with_their_base_letter(language):
    names = ["Zagreb", "Łódź", "Lyon", "Ljubljana"]
    assert sorted(names, key=lambda n: sort_key(n, language)) == [
        "Ljubljana",
        "Łódź",
        "Lyon",
        "Zagreb",
    ]


def test_the_active_language_is_the_default():
    with translation.override("pl"):
        assert sort_key("Łotwa") == sort_key("Łotwa", "pl")
    with translation.override("en"):
        assert sort_key("Łotwa") == sort_key("lotwa", "en")
