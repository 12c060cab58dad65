"""Values of translated (modeltranslation) fields, as the columns they are stored in."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf

from core.languages import fallback_order


def translated(field: str, values: Mapping[str, str]) -> dict[str, str]:
    """`{"en": "Park", "pl": "Park"}` for the field `name` as `{"name_en": "Park", …}`."""
    return {f"{field}_{language}": value for language, value in values.items()}


def in_language(field: str, language: str, prefix: str = "") -> Coalesce:
    """A translated field in the language as an SQL expression, falling back like
    modeltranslation does (the fallback order of the settings; an empty text counts as
    missing). `prefix` follows a relation: `in_language("name", "pl", "organisation__")`."""
    return Coalesce(
        *(NullIf(F(f"{prefix}{field}_{code}"), Value("")) for code in fallback_order(language)),
        Value(""),
        output_field=TextField(),
    )


def text_in_language_sql(column: str, order: tuple[str, ...]) -> str:
    """The same in plain SQL: the first non-empty translation of `column` ("m.title") in the
    fallback `order`, else ''."""
    texts = ", ".join(f"nullif({column}_{code}, '')" for code in order)
    return f"coalesce({texts}, '')"
