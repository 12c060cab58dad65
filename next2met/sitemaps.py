"""Sitemaps of the portal: every public page in every language, with hreflang alternates.

Served unprefixed: /sitemap.xml is an index of the sections (/sitemap-<section>.xml), each
split into pages of at most `limit` entries, so that 100,000 measures stay within the
sitemap protocol's limits.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from events.models import Event
from measures.models import Measure
from partners.models import Organisation, Project


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class LanguageExpandedItems:
    """(object, language) pairs of a queryset, fetched page by page instead of all at once.

    Django's i18n sitemaps build the full list of pairs for every page; with 100,000 measures
    that would load every row for every sitemap page.
    """

    def __init__(self, queryset, languages):
        self.queryset = queryset
        self.languages = list(languages)

    def count(self) -> int:
        return self.queryset.count() * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("only slices are supported")
        start, stop = index.start or 0, index.stop
        per_object = len(self.languages)
        first = start // per_object
        last = (stop + per_object - 1) // per_object
        pairs = [
            (obj, language) for obj in self.queryset[first:last] for language in self.languages
        ]
        offset = first * per_object
        return pairs[start - offset : stop - offset]


class QuerysetSitemap(PortalSitemap):
    """An i18n sitemap over a queryset that pages through it in the database."""

    def _items(self):
        return LanguageExpandedItems(self.items(), self._languages())

    def get_latest_lastmod(self):
        if not hasattr(self, "lastmod"):
            return None
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class StaticPagesSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "home",
            "measures:index",
            "partners:index",
            "events:index",
            "imprint",
            "privacy",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class MeasureSitemap(QuerysetSitemap):
    changefreq = "monthly"
    # Entries per page, counted per language: 3 × 10,000 URLs with their alternates.
    limit = 10_000

    def items(self):
        return Measure.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class OrganisationSitemap(QuerysetSitemap):
    changefreq = "monthly"

    def items(self):
        return Organisation.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(QuerysetSitemap):
    changefreq = "weekly"

    def items(self):
        # Cancelled events stay public (their page says so); drafts do not.
        return Event.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class ProjectSitemap(PortalSitemap):
    changefreq = "yearly"

    def items(self):
        return Project.objects.order_by("pk").only("pk", "slug")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "measures": MeasureSitemap,
    "partners": OrganisationSitemap,
    "projects": ProjectSitemap,
    "events": EventSitemap,
}
