"""Text in the portal's languages: alphabetical order."""

from __future__ import annotations

import functools
import unicodedata

from django.utils.translation import get_language

# Letters of their own in an alphabet: they follow their base letter (Polish: a ą b c ć … l ł).
_OWN_LETTERS = {
    "pl": {"ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z"}
}
_AFTER = "\uffff"  # sorts after every letter that may follow the base letter
# Letters that Unicode does not split into a base letter and an accent.
_BASE_LETTERS = {
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ı": "i",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
}


@functools.lru_cache(maxsize=16_384)
def _key(text: str, language: str) -> str:
    own = _OWN_LETTERS.get(language, {})
    parts = []
    for character in text.casefold():
        if character in own:
            parts.append(own[character] + _AFTER)
            continue
        if character.isascii():
            parts.append(character)
            continue
        character = _BASE_LETTERS.get(character, character)
        decomposed = unicodedata.normalize("NFKD", character)
        parts.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(parts)


def sort_key(text: str, language: str | None = None) -> str:
    """Alphabetical order of the language (the active one by default).

    Accented letters sort with their base letters (German ä with a, as in dictionaries),
    except letters that the language's alphabet counts as letters of their own, which follow
    their base letter (Polish: Łotwa after Luksemburg, Ś after S). Keys of the names a page
    sorts again and again (countries, organisations) are kept.
    """
    return _key(str(text), (language or get_language() or "en").split("-")[0])
