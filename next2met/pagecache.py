"""Whole public pages for anonymous visitors, served from the shared cache.

A page is stored under its address together with the content version: a number PostgreSQL
raises in the same transaction as every change of public content (triggers on the tables of
the partners, measures and events apps, created by `content_triggers_ensure`). A change anywhere
makes every stored page stale at once, so visitors never see a page older than the data; pages
whose content depends on the clock (registration opening and closing, upcoming and past
events) are kept for at most PAGE_CACHE_SECONDS.

Only requests without a session are served from the cache (staff, who see previews, always get
a fresh page), and only responses that set no cookie, do not vary by cookie and allow caching
are stored: forms with a CSRF token, personal manage pages and streamed exports never are.
"""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, has_vary_header

CONTENT_APPS = ("partners", "measures", "events")
# Tables whose changes never show on a cached page (personal data; seat counts are kept on the
# event row, whose changes do count).
IGNORED_TABLES = {"events_registration"}


def content_tables() -> list[str]:
    tables = set()
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return sorted(tables - IGNORED_TABLES)


def content_triggers_ensure(*, using: str = "default") -> None:
    """Create or replace the content-version trigger on every content table (idempotent)."""
    database = connections[using]
    with database.cursor() as cursor:
        cursor.execute("SELECT to_regclass('next2met_content_version') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return
        for table in content_tables():
            trigger = database.ops.quote_name(f"{table}_content_version")
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {trigger} "
                "AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {database.ops.quote_name(table)} "
                "FOR EACH STATEMENT EXECUTE FUNCTION next2met_content_version_raise()"
            )


def content_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM next2met_content_version WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def _public_prefixes() -> tuple[str, ...]:
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def _admin_prefixes() -> tuple[str, ...]:
    return tuple(f"/{code}/admin/" for code, _name in settings.LANGUAGES)


class AnonymousPageCacheMiddleware:
    """Serve and store public pages of visitors without a session (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self._eligible(request):
            return self.get_response(request)
        key = self._key(request, content_version())
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and self._storable(response):
            headers = [(name, value) for name, value in response.items() if name != "X-Page-Cache"]
            cache.set(key, (response.status_code, headers, response.content), seconds)
            response.headers["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _eligible(request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        path = request.path
        if not path.startswith(_public_prefixes()) or path.startswith(_admin_prefixes()):
            return False
        cookies = request.COOKIES
        return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies

    @staticmethod
    def _storable(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if has_vary_header(response, "Cookie"):
            return False
        directives = {
            part.split("=")[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        return not directives & {"private", "no-store", "no-cache"}

    @staticmethod
    def _key(request, version: int) -> str:
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
        return f"page:{version}:{digest}"
