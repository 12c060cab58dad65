"""The sitemap of published measures, in every language, paged in the database."""

from core.sitemaps import LocalisedSitemap
from measures.models import Measure


class MeasureSitemap(LocalisedSitemap):
    changefreq = "monthly"
    # Entries per page, counted per language: 3 × 10,000 URLs with their alternates.
    limit = 10_000
    lastmod_field = "updated_at"

    def objects(self):
        return Measure.objects.published().order_by("pk").only("pk", "slug", "updated_at")
