"""A measure's fact sheet: its page on one printed page, as PDF, for a council or board meeting.

WeasyPrint lays out an HTML template of its own (`measures/measure_factsheet.html`) with the
same content as the public page: title, summary, key facts, the six sections, inspiration
between regions and the events where it was presented. It reads only files of the portal:
images and the logo come from MEDIA_ROOT and the static folders through `local_fetcher`, and
any other address is refused, so that rendering never makes a request to another host.

The text is set in DejaVu Sans, which WeasyPrint finds through fontconfig (Debian's
`fonts-dejavu-core`) and embeds as a subset, so Polish and German letters print everywhere.

Rendering takes a few hundred milliseconds, so the PDF of a published measure is kept in the
cache under the content version: any change of public content makes the kept copy stale.
Previews of drafts are rendered every time and never kept.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override
from PIL import ImageFile
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from measures.models import Measure
from measures.selectors import measure_fallbacks, measure_presentations, measure_sections
from next2met.contentversion import content_version

CACHE_SECONDS = 60 * 60 * 24

# Importing WeasyPrint tells Pillow to accept truncated images for the whole process; uploads
# (core.images) must still refuse them, and the fact sheet only shows images that passed there.
ImageFile.LOAD_TRUNCATED_IMAGES = False


class RefusedAddress(ValueError):
    """An address the fact sheet may not read: anything but the portal's own files."""


def _file_of(url: str) -> Path | None:
    """The local file behind a media or static address, or None."""
    path = unquote(urlsplit(url).path)
    media = settings.MEDIA_URL
    static = settings.STATIC_URL
    if media and path.startswith(media):
        root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (root / path[len(media) :]).resolve()
        return candidate if candidate.is_relative_to(root) and candidate.is_file() else None
    if static and path.startswith(static):
        try:
            found = finders.find(path[len(static) :])
        except SuspiciousFileOperation:  # a path that leaves the static folders
            return None
        return Path(found) if found else None
    return None


def local_fetcher():
    """WeasyPrint's URL fetcher, limited to the portal's own media and static files."""

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            file = _file_of(url)
            if file is None:
                raise RefusedAddress(url)
            mime_type, _encoding = mimetypes.guess_type(file.name)
            content_type = mime_type or "application/octet-stream"
            return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": content_type})

    return LocalFetcher(allowed_protocols=("http", "https"))


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
    document = HTML(string=html, base_url=page_url, url_fetcher=local_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")


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
