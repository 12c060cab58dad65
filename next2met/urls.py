"""URLs of the portal.

Every public page carries its language prefix (/de/, /en/, /pl/); robots.txt, health checks,
language switching, static and media files stay outside it.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.static import serve

from api.views import api
from events.sitemaps import EventSitemap, SeriesSitemap
from measures.sitemaps import MeasureSitemap
from next2met import views
from next2met.sitemaps import StaticPagesSitemap
from partners.sitemaps import OrganisationSitemap, ProjectSitemap, RegionSitemap

SITEMAPS = {
    "pages": StaticPagesSitemap,
    "measures": MeasureSitemap,
    "partners": OrganisationSitemap,
    "projects": ProjectSitemap,
    "regions": RegionSitemap,
    "events": EventSitemap,
    "series": SeriesSitemap,
}

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("catalog.jsonld", views.catalogue_jsonld, name="catalogue"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("imprint/", views.PageView.as_view(template_name="pages/imprint.html"), name="imprint"),
    path("privacy/", views.PageView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path(
        "accessibility/",
        views.PageView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("measures/", include("measures.urls")),
    path("partners/", include("partners.urls")),
    path("projects/", include("partners.project_urls")),
    path("regions/", include("partners.region_urls")),
    # Before the events: matchmaking pages live under a registration's secret link.
    path("events/registration/<str:token>/matchmaking/", include("matchmaking.urls")),
    path("events/", include("events.urls")),
    path("preview/", include("reviews.urls")),
    path("alerts/", include("alerts.urls")),
    # Staff set or reset their own password through an e-mailed link (admin templates).
    path(
        "admin/password_reset/",
        views.StaffPasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
)

if settings.DEBUG:
    urlpatterns += [
        path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
