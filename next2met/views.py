"""Cross-cutting views: home page, static pages, health check and robots.txt."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "pages/home.html"


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
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: /{code}/admin/" for code, _name in settings.LANGUAGES]
    lines += ["Disallow: /i18n/", "", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
