"""PDF documents laid out by WeasyPrint from the portal's own HTML templates.

Rendering reads only files of the portal: images, logos and style sheets come from MEDIA_ROOT
and the static folders through `local_fetcher`, and any other address is refused, so that
rendering never makes a request to another host.

The text is set in DejaVu Sans, which WeasyPrint finds through fontconfig (Debian's
`fonts-dejavu-core`) and embeds as a subset, so Polish and German letters print everywhere.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from PIL import ImageFile
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Importing WeasyPrint tells Pillow to accept truncated images for the whole process; uploads
# (core.images) must still refuse them, and the documents only show images that passed there.
ImageFile.LOAD_TRUNCATED_IMAGES = False


class RefusedAddress(ValueError):
    """An address a document may not read: anything but the portal's own files."""


def local_file(url: str) -> Path | None:
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


def local_fetcher() -> URLFetcher:
    """WeasyPrint's URL fetcher, limited to the portal's own media and static files."""

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            file = local_file(url)
            if file is None:
                raise RefusedAddress(url)
            mime_type, _encoding = mimetypes.guess_type(file.name)
            content_type = mime_type or "application/octet-stream"
            return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": content_type})

    return LocalFetcher(allowed_protocols=("http", "https"))


def pdf_render(*, html: str, base_url: str) -> bytes:
    """Lay out the HTML as a tagged PDF (PDF/UA-1), reading only the portal's own files."""
    document = HTML(string=html, base_url=base_url, url_fetcher=local_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")
