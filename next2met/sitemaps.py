"""The sitemap of the portal's own pages (home, lists, imprint, privacy, accessibility).

The apps keep the sitemaps of their entries (`measures.sitemaps`, `partners.sitemaps`,
`events.sitemaps`); `next2met.urls` serves them all, unprefixed: /sitemap.xml is an index of
the sections (/sitemap-<section>.xml), each split into pages of at most `limit` entries, so
that 100,000 measures stay within the sitemap protocol's limits.
"""

from core.sitemaps import LocalisedSitemap


class StaticPagesSitemap(LocalisedSitemap):
    changefreq = "monthly"

    def objects(self):
        return [
            "home",
            "measures:index",
            "partners:index",
            "events:index",
            "imprint",
            "privacy",
            "accessibility",
        ]
