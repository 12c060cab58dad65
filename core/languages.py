"""The portal's languages, derived from settings: codes, fallback order, search configurations.

Everything that is written once per language — translated columns, search vectors, the SQL
that picks a name in the visitor's language — is built from these functions, so that another
language is a settings change plus migrations.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language


def language_codes() -> tuple[str, ...]:
    """The codes of settings.LANGUAGES, in their order."""
    return tuple(code for code, _name in settings.LANGUAGES)


def language_code(language: str | None = None) -> str:
    """A portal language: the given one (or the active one) if the portal has it, else the
    default language."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in language_codes() else settings.LANGUAGE_CODE


def fallback_order(language: str) -> tuple[str, ...]:
    """The language, then the others in the order content falls back to them."""
    default = settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get("default", ())
    order = [language, *default, *language_codes()]
    return tuple(dict.fromkeys(code for code in order if code in language_codes()))


def search_configuration(language: str) -> str:
    """PostgreSQL's text search configuration for a language ("simple" when it has none)."""
    return getattr(settings, "SEARCH_CONFIGURATIONS", {}).get(language, "simple")


def fallback_language(obj, field: str, language: str | None = None) -> str | None:
    """The language a translated field is shown in, when it is not the requested one."""
    language = language_code(language)
    if getattr(obj, f"{field}_{language}", None):
        return None
    for candidate in fallback_order(language)[1:]:
        if getattr(obj, f"{field}_{candidate}", None):
            return candidate
    return None
