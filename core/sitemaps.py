"""Sitemaps of pages that exist in every portal language, paged in the database.

Each entry of a sitemap is one page in one language (`LocalisedItem`) with hreflang alternates
for every language and `x-default`. Django's own `i18n = True` expands the pairs of object and
language into one list before it takes a page of them, which with 100,000 measures means loading
every row for every page of the sitemap; `LocalisedItems` slices the queryset instead, so that
a page of the sitemap reads one page of rows.

Subclasses name their pages in `objects()` (a queryset, or a list of URL names) and, for
querysets, the field with the time of the last change in `lastmod_field`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import translation

from core.languages import language_codes


class LocalisedItem(NamedTuple):
    """One page of the sitemap: an object (or a URL name) in one language."""

    obj: Any
    language: str


class LocalisedItems:
    """The (object, language) pairs of a queryset or list, each object in every language.

    Counts and slices in the database: the paginator of a sitemap asks for the count and then
    for one slice.
    """

    def __init__(self, objects, languages: tuple[str, ...]):
        self.objects = objects
        self.languages = languages

    def count(self) -> int:
        total = self.objects.count() if isinstance(self.objects, QuerySet) else len(self.objects)
        return total * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[LocalisedItem]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("LocalisedItems supports only slices")
        start, stop = index.start or 0, index.stop
        per_object = len(self.languages)
        first = start // per_object
        last = None if stop is None else -(-stop // per_object)
        pairs = [
            LocalisedItem(obj, language)
            for obj in self.objects[first:last]
            for language in self.languages
        ]
        offset = first * per_object
        return pairs[start - offset : None if stop is None else stop - offset]


class LocalisedSitemap(Sitemap):
    """Every page in every portal language, with hreflang alternates and `x-default`."""

    x_default = True
    lastmod_field: str | None = None

    def objects(self):
        """The pages: a queryset of objects with `get_absolute_url`, or a list of URL names."""
        return []

    def items(self) -> LocalisedItems:
        return LocalisedItems(self.objects(), language_codes())

    def location(self, item: LocalisedItem) -> str:
        with translation.override(item.language):
            if isinstance(item.obj, str):
                return reverse(item.obj)
            return item.obj.get_absolute_url()

    def lastmod(self, item: LocalisedItem):
        return getattr(item.obj, self.lastmod_field) if self.lastmod_field else None

    def get_latest_lastmod(self):
        if not self.lastmod_field:
            return None
        return self.objects().aggregate(latest=Max(self.lastmod_field))["latest"]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            obj = url["item"].obj
            url["alternates"] = [
                {"location": base + self.location(LocalisedItem(obj, code)), "lang_code": code}
                for code in language_codes()
            ]
            if self.x_default:
                code = settings.LANGUAGE_CODE
                location = self.location(LocalisedItem(obj, code)).replace(f"/{code}/", "/", 1)
                url["alternates"].append({"location": base + location, "lang_code": "x-default"})
        return urls
