"""Languages of API answers: translated texts as one language (with the portal's fallback) or
as an object with every language.

Reads build every translated text as `{"de": …, "en": …, "pl": …}` (null where a language has
no text), as the measures' JSON export writes them (`measures.exports`). `localise` then turns
each such object into the text in the requested language, falling back as the pages do
(`core.languages.fallback_order`), or leaves it whole for `language=all`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation

from core.languages import fallback_order, language_code, language_codes

ALL = "all"


def language_choices() -> tuple[str, ...]:
    """The values of the `language` parameter: the portal's languages and `all`."""
    return (*language_codes(), ALL)


def answer_language(*, requested: str | None) -> str:
    """The language of an answer: the `language` parameter when it is a valid one, else the
    request's language (Accept-Language, through LocaleMiddleware)."""
    if requested in language_choices():
        return requested
    return language_code()


def message_language(*, requested: str | None) -> str:
    """The language of messages for people (errors): a portal language, never `all`."""
    return requested if requested in language_codes() else language_code()


def search_language(*, language: str) -> str:
    """The language a search is run in (`all` searches in the request's language)."""
    return language if language in language_codes() else language_code()


def texts_of(obj: Any, field: str) -> dict[str, str | None]:
    """A translated field of a model instance as an object with every language."""
    return {code: getattr(obj, f"{field}_{code}", None) or None for code in language_codes()}


def texts_of_label(label: Any) -> dict[str, str]:
    """A translatable label (a lazy gettext text) in every language."""
    values = {}
    for code in language_codes():
        with translation.override(code):
            values[code] = str(label)
    return values


def pick(texts: dict[str, str | None], language: str) -> str:
    """The text in the language, else in the first language it falls back to, else ""."""
    return _pick(texts, fallback_order(language))


def _pick(texts: dict[str, str | None], order: tuple[str, ...]) -> str:
    for code in order:
        if texts.get(code):
            return texts[code]
    return ""


def localising_hook(language: str) -> Callable[[dict], Any] | None:
    """A `json.loads` object hook that picks the language's text of every translated text as
    the JSON is read (one pass, instead of reading and then walking it); None for `all`."""
    if language == ALL:
        return None
    order = fallback_order(language)
    codes = set(language_codes())

    def hook(item: dict) -> Any:
        return _pick(item, order) if item.keys() == codes else item

    return hook


def localise(value: Any, language: str) -> Any:
    """`value` with every translated text in `language` (unchanged for `all`)."""
    if language == ALL:
        return value
    order = fallback_order(language)
    codes = set(language_codes())

    def walk(item: Any) -> Any:
        if isinstance(item, dict):
            if item.keys() == codes:
                return _pick(item, order)
            return {key: walk(member) for key, member in item.items()}
        if isinstance(item, list):
            return [walk(member) for member in item]
        return item

    return walk(value)
