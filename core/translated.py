"""Values of translated (modeltranslation) fields, as the columns they are stored in."""

from __future__ import annotations

from collections.abc import Mapping


def translated(field: str, values: Mapping[str, str]) -> dict[str, str]:
    """`{"en": "Park", "pl": "Park"}` for the field `name` as `{"name_en": "Park", …}`."""
    return {f"{field}_{language}": value for language, value in values.items()}
