"""Sitemaps of the published partner organisations and of the projects, in every language."""

from core.sitemaps import LocalisedSitemap
from partners.models import Organisation, Project, Region


class OrganisationSitemap(LocalisedSitemap):
    changefreq = "monthly"
    lastmod_field = "updated_at"

    def objects(self):
        return Organisation.objects.published().order_by("pk").only("pk", "slug", "updated_at")


class ProjectSitemap(LocalisedSitemap):
    changefreq = "yearly"

    def objects(self):
        return Project.objects.order_by("pk").only("pk", "slug")


class RegionSitemap(LocalisedSitemap):
    changefreq = "monthly"

    def objects(self):
        return Region.objects.order_by("pk").only("pk", "nuts_code")
