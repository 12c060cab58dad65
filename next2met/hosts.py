"""Requests for a host name the portal does not serve.

Django refuses such a request when something first asks for its host (`request.get_host()`),
deep inside a middleware or a template, and its error page would ask again. This middleware,
the first of all, checks the host once: a request for an unknown host is answered with the
plain 400 page and one log line, after the rest of the stack (security headers, language) has
run on a stand-in host so that nothing downstream raises again. A load balancer that probes
`/healthz` by an address listed in HEALTHZ_ALLOWED_HOSTS gets the health check itself.
"""

from __future__ import annotations

import functools
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponseBadRequest
from django.template import loader
from django.urls import path, re_path
from django.utils.http import is_same_domain
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger("django.security.DisallowedHost")

HOST_LOG_LENGTH = 100


def _raw_host(request) -> str:
    """The host the client asked for, as sent, without the port."""
    host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _stand_in_host() -> str:
    """A host the portal serves, to finish a refused request with."""
    site_host = urlsplit(settings.SITE_URL).netloc
    hosts = [site_host, *settings.ALLOWED_HOSTS]
    allowed = [h for h in settings.ALLOWED_HOSTS if h != "*"]
    for host in hosts:
        bare = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        if host and host != "*" and any(is_same_domain(bare, pattern) for pattern in allowed):
            return host
    return "localhost"


@csrf_exempt
def bad_host(request, *args, **kwargs):
    """The plain 400 page, in the visitor's language (from Accept-Language)."""
    content = loader.render_to_string("400.html", request=request)
    return HttpResponseBadRequest(content)


def _health(request):
    from next2met.views import healthz

    return healthz(request)


@functools.cache
def _urlconf(*, probe: bool):
    """The portal's URLs behind a catch-all that answers 400 (after /healthz for probes).

    The portal's own patterns stay for `{% url %}` in the 400 page; they are never reached.
    """
    from django.urls import get_resolver

    first = [path("healthz", _health)] if probe else []
    first.append(re_path(r"", bad_host))
    name = "ProbeHostURLs" if probe else "RefusedHostURLs"
    return type(name, (), {"urlpatterns": [*first, *get_resolver().url_patterns]})


class AllowedHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            host = _raw_host(request)
            probe = host in getattr(settings, "HEALTHZ_ALLOWED_HOSTS", ())
            if not probe:
                logger.warning(
                    "Refused a request for the host %r (not in ALLOWED_HOSTS): %s",
                    host[:HOST_LOG_LENGTH],
                    request.path[:HOST_LOG_LENGTH],
                )
            request.refused_host = host
            request.META["HTTP_HOST"] = _stand_in_host()
            request.META.pop("HTTP_X_FORWARDED_HOST", None)
            request.urlconf = _urlconf(probe=probe)
        return self.get_response(request)
