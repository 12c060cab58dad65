"""The measures section of the partner pages (registered in measures.apps; partners.sections)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from measures.selectors import deferred_fields, newest_first, published_measures

SECTION_LIMIT = 6


def organisation_section(*, organisation) -> dict[str, Any] | None:
    """The organisation's newest published measures for its partner page (two queries)."""
    queryset = published_measures().filter(organisation=organisation)
    measures = list(newest_first(queryset.defer(*deferred_fields()))[: SECTION_LIMIT + 1])
    if not measures:
        return None
    count = len(measures) if len(measures) <= SECTION_LIMIT else queryset.count()
    return {
        "measures": measures[:SECTION_LIMIT],
        "count": count,
        "more_url": f"{reverse('measures:index')}?{urlencode({'organisation': organisation.slug})}",
    }
