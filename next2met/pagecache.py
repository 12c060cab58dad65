"""Whole public pages for visitors without a session, from the shared cache.

Only the views named in `PAGE_CACHE_VIEWS` are cached: those whose own work the benchmark
(`make bench`, README *Speed*) shows to be much dearer than a cached copy. Pages that show
free seats or otherwise change without a change of content (events) are never cached.

Keys and stored responses are Django's cache middleware's (`django.utils.cache.get_cache_key`
and `learn_cache_key`: address, language, time zone and the request headers the response
varies on), under a key prefix that holds the content version (next2met.contentversion): a
change of public content makes every stored page stale at once; pages whose content depends on
the clock (the newest entries, upcoming events on the home page) are kept for at most
`PAGE_CACHE_SECONDS`. Unlike `django.middleware.cache`, no `Expires` or `max-age` is sent:
browsers and proxies ask again, so a change shows on the next request.

Only requests without a session are served from the cache (staff, who see previews, always get
a fresh page), and only responses that set no cookie, do not vary by cookie and allow caching
are stored. The `X-Page-Cache` header says `hit` or `miss`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import cc_delim_re, get_cache_key, has_vary_header, learn_cache_key

from next2met.contentversion import content_version

HEADER = "X-Page-Cache"


def _eligible(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    match = request.resolver_match
    if match is None or match.view_name not in settings.PAGE_CACHE_VIEWS:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if has_vary_header(response, "Cookie") or has_vary_header(response, "*"):
        return False
    directives = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & {"private", "no-store", "no-cache"}


def _key_prefix() -> str:
    return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}page:{content_version()}"


class PageCacheMiddleware:
    """Serve and store the pages of `PAGE_CACHE_VIEWS` (see the module docstring).

    It works after URL resolution (`process_view`), so it must come after LocaleMiddleware,
    whose language is part of the key.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        prefix = getattr(request, "_page_cache_prefix", None)
        if prefix is not None and request.method == "GET" and _storable(response):
            seconds = settings.PAGE_CACHE_SECONDS
            key = learn_cache_key(request, response, seconds, prefix, cache=cache)
            cache.set(key, response, seconds)
            response.headers[HEADER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PAGE_CACHE_SECONDS or not _eligible(request):
            return None
        prefix = _key_prefix()
        key = get_cache_key(request, prefix, "GET", cache=cache)
        stored = cache.get(key) if key is not None else None
        if stored is not None:
            stored.headers[HEADER] = "hit"
            return stored
        request._page_cache_prefix = prefix
        return None
