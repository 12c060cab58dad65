"""HTTP of the API around every operation: the rate limit, conditional requests, JSON bodies.

`api_view` wraps each operation (as a django-ninja view decorator, before its parameters are
read):

1. Rate limit: `API_RATE_LIMIT` requests per client address and `API_RATE_WINDOW_SECONDS`,
   counted in PostgreSQL (`core.ratelimit`); beyond it a 429 answer with Retry-After.
2. Validators: the ETag is a hash of what decides an answer — the content version
   (`next2met.contentversion`, raised by PostgreSQL in the transaction of every change of
   public content), the end of the latest public event that is over (an event's report and
   recording become public when it ends), the year (whether a measure is ongoing), the
   address with its query, the answer's language and `REPRESENTATION` — so it is known before
   the answer is built: `If-None-Match` answers 304 at the cost of three small queries.
   `Last-Modified` is when the API first saw the content version (kept in the shared cache,
   later versions always later by at least a second), or the end of that event if later.
3. Answers are JSON; a 200 carries the validators and `Cache-Control: public, max-age=0,
   must-revalidate` (clients ask again, and get 304 while nothing changed).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import gettext_lazy as _

from api.errors import ApiError, error_response
from api.texts import answer_language, message_language
from core.ratelimit import rate_limit_count
from next2met.contentversion import content_version

# Raised whenever the shape or content of the answers changes with the code, so that clients'
# stored copies made by an older release are not taken as current.
REPRESENTATION = "1"
RATE_SCOPE = "api"
CACHE_CONTROL = "public, max-age=0, must-revalidate"
_SEEN = "api:modified:{}"
_LATEST = "api:modified:latest"
# A version's first sighting is kept this long (the shared cache may drop it earlier: then a
# later time is given, which only costs clients one full answer).
_SEEN_SECONDS = 30 * 24 * 3600


def json_response(data: Any, *, language: str) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    if language in dict(settings.LANGUAGES):
        response["Content-Language"] = language
    return response


def _first_seen(version: int) -> int:
    """When the API first saw the content version (seconds since the epoch; shared by every
    app server through the cache), at least a second after the last version seen before."""
    stamp = cache.get(_SEEN.format(version))
    if stamp is not None:
        return stamp
    stamp = math.ceil(time.time())
    latest = cache.get(_LATEST)
    if latest is not None and latest[0] < version:
        stamp = max(stamp, latest[1] + 1)
    cache.add(_SEEN.format(version), stamp, _SEEN_SECONDS)
    stamp = cache.get(_SEEN.format(version), stamp)
    cache.set(_LATEST, (version, stamp), _SEEN_SECONDS)
    return stamp


def _last_event_over() -> datetime.datetime | None:
    from django.db.models import Max

    from events.models import Event

    return (
        Event.objects.published()
        .filter(end__lte=timezone.now())
        .aggregate(latest=Max("end"))["latest"]
    )


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: int  # seconds since the epoch
    version: int  # the content version the answer is given at

    def apply(self, response: HttpResponse) -> HttpResponse:
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        response["Cache-Control"] = CACHE_CONTROL
        return response


def validators_for(*, request: HttpRequest, language: str) -> Validators:
    """The validators of the answer to `request` as the content is now (four queries)."""
    version = content_version()
    event_over = _last_event_over()
    year = timezone.localdate().year
    parts = [
        REPRESENTATION,
        str(version),
        event_over.isoformat() if event_over else "-",
        str(year),
        language,
        request.get_full_path(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    modified = _first_seen(version)
    if event_over is not None:
        modified = max(modified, math.ceil(event_over.timestamp()))
    return Validators(etag=f'"{digest}"', last_modified=modified, version=version)


def _not_modified(request: HttpRequest, validators: Validators) -> bool:
    """RFC 9110, 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        etags = parse_etags(if_none_match)
        weak = validators.etag
        return "*" in etags or any(tag.removeprefix("W/") == weak for tag in etags)
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and validators.last_modified <= since


def rate_limited(request: HttpRequest) -> HttpResponse | None:
    """A 429 answer when the client has used up its requests of the window, else None."""
    limit = rate_limit_count(
        request,
        scope=RATE_SCOPE,
        limit=settings.API_RATE_LIMIT,
        window_seconds=settings.API_RATE_WINDOW_SECONDS,
    )
    if not limit.exceeded:
        return None
    response = error_response(
        request=request,
        error=ApiError(
            429,
            message=_("Too many requests from your address: please try again in %(seconds)s s."),
            params={"seconds": limit.retry_after},
        ),
    )
    response["Retry-After"] = str(limit.retry_after)
    return response


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Rate limit and conditional requests around an operation (see the module docstring)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        refused = rate_limited(request)
        if refused is not None:
            return refused
        requested = request.GET.get("language")
        language = answer_language(requested=requested)
        validators = validators_for(request=request, language=language)
        if _not_modified(request, validators):
            response = validators.apply(HttpResponse(status=304))
        else:
            # The answer is built at the version its validators name (api.models).
            request.content_version = validators.version
            # Messages of the filters and parameters in the language asked for.
            with translation.override(message_language(requested=requested)):
                response = view(request, *args, **kwargs)
            if response.status_code == 200:
                validators.apply(response)
        patch_vary_headers(response, ("Accept-Language",))
        return response

    return wrapped
