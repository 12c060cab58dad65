"""The sitemap of public events, in every language."""

from core.sitemaps import LocalisedSitemap
from events.models import Event


class EventSitemap(LocalisedSitemap):
    changefreq = "weekly"
    lastmod_field = "updated_at"

    def objects(self):
        # Cancelled events stay public (their page says so); drafts do not.
        return Event.objects.published().order_by("pk").only("pk", "slug", "updated_at")
