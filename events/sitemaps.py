"""The sitemaps of public events and series of events, in every language."""

from core.sitemaps import LocalisedSitemap
from events.models import Event
from events.series import series_for_sitemap


class EventSitemap(LocalisedSitemap):
    changefreq = "weekly"
    lastmod_field = "updated_at"

    def objects(self):
        # Cancelled events stay public (their page says so); drafts do not.
        return Event.objects.published().order_by("pk").only("pk", "slug", "updated_at")


class SeriesSitemap(LocalisedSitemap):
    changefreq = "weekly"
    lastmod_field = "updated_at"

    def objects(self):
        # A series is public while one of its events is.
        return series_for_sitemap()
