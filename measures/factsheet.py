"""A measure's fact sheet: its page on one printed page, as PDF, for a council or board meeting.

WeasyPrint lays out an HTML template of its own (`measures/measure_factsheet.html`) with the
same content as the public page: title, summary, key facts, the six sections, inspiration
between regions and the events where it was presented. Rendering (core.pdf) reads only files of
the portal and embeds DejaVu Sans, so no request leaves the server and Polish and German
letters print everywhere.

Rendering takes a few hundred milliseconds, so the PDF of a published measure is kept in the
cache under the content version: any change of public content makes the kept copy stale.
Previews of drafts are rendered every time and never kept.
"""

from __future__ import annotations

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from core.pdf import RefusedAddress, local_fetcher, pdf_render
from measures.models import Measure
from measures.selectors import measure_fallbacks, measure_presentations, measure_sections
from next2met.contentversion import content_version

__all__ = ["RefusedAddress", "factsheet_html", "factsheet_pdf", "factsheet_render", "local_fetcher"]

CACHE_SECONDS = 60 * 60 * 24


def factsheet_html(*, measure: Measure, language: str, page_url: str) -> str:
    """The HTML the PDF is laid out from."""
    with override(language):
        fallbacks = measure_fallbacks(measure=measure, language=language)
        return render_to_string(
            "measures/measure_factsheet.html",
            {
                "measure": measure,
                "sections": measure_sections(measure=measure, fallbacks=fallbacks),
                "presentations": measure_presentations(measure=measure),
                "fallbacks": fallbacks,
                "page_url": page_url,
                "printed_on": timezone.localdate(),
                "LANGUAGE_CODE": language,
            },
        )


def factsheet_render(*, measure: Measure, language: str, page_url: str) -> bytes:
    """The fact sheet as PDF bytes."""
    html = factsheet_html(measure=measure, language=language, page_url=page_url)
    return pdf_render(html=html, base_url=page_url)


def factsheet_pdf(*, measure: Measure, language: str, page_url: str) -> bytes:
    """The fact sheet of the measure in the language: from the cache for a published measure
    at the current content version, rendered otherwise."""
    if not measure.is_published:
        return factsheet_render(measure=measure, language=language, page_url=page_url)
    key = f"measures:factsheet:{content_version()}:{measure.pk}:{language}:{page_url}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = factsheet_render(measure=measure, language=language, page_url=page_url)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
