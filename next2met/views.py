"""Cross-cutting views: home page, static pages, health check, robots.txt, password reset."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core.ratelimit import rate_limit_count
from events.selectors import event_upcoming
from measures.selectors import measure_feed_items
from next2met import opendata
from next2met.forms import StaffPasswordResetForm


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_measures"] = measure_feed_items(limit=3)
        context["upcoming_events"] = event_upcoming(limit=3)
        return context


class PageView(TemplateView):
    """A page whose whole content is translated text in its template."""


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_safe
def catalogue_jsonld(request):
    """The DCAT-AP description of the portal's datasets (next2met.opendata)."""
    return JsonResponse(
        opendata.catalogue(),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@require_safe
def robots_txt(request):
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        lines += [f"Disallow: /{code}/admin/", f"Disallow: /{code}/preview/"]
    lines += ["Disallow: /i18n/", "", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class StaffPasswordResetView(auth_views.PasswordResetView):
    """Password reset for staff, limited per client address so nobody floods inboxes.

    Only requests that would send an e-mail count; a refused one shows the form again.
    """

    form_class = StaffPasswordResetForm

    def form_valid(self, form):
        limit = rate_limit_count(
            self.request,
            scope="password-reset",
            limit=settings.PASSWORD_RESET_RATE_LIMIT,
            window_seconds=3600,
        )
        if limit.exceeded:
            messages.error(
                self.request,
                _(
                    "Many forms were sent from your connection in a short time. "
                    "Please wait a while and try again."
                ),
            )
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(limit.retry_after)
            return response
        return super().form_valid(form)
