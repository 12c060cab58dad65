"""Sitemaps of the portal: every public page in every language, with hreflang alternates.

Served unprefixed: /sitemap.xml is an index of the sections (/sitemap-<section>.xml), each
split into pages of at most `limit` entries, so that 100,000 measures stay within the
sitemap protocol's limits.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from measures.models import Measure
from partners.models import Organisation, Project


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


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


class MeasureSitemap(PortalSitemap):
    changefreq = "monthly"
    # Entries per page, counted per language: 3 × 10,000 URLs with their alternates.
    limit = 10_000

    def items(self):
        return Measure.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class OrganisationSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Organisation.objects.published().order_by("pk").only("pk", "slug", "updated_at")

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
}
