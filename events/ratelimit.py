"""Per-address rate limit of the registration form, counted in the shared cache.

The cache is the database or Redis (see settings), so every app server counts together. Keys
hold a hash of the address, never the address itself.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from next2met.http import client_ip


def _key(request, scope: str) -> str:
    window = int(time.time() // settings.EVENTS_RATE_WINDOW_SECONDS)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()[:32]
    return f"events:rate:{scope}:{window}:{digest}"


def rate_limit_exceeded(request, *, scope: str = "register") -> bool:
    """Count this request; True when the address sent more than the limit in this window."""
    key = _key(request, scope)
    if cache.add(key, 1, timeout=settings.EVENTS_RATE_WINDOW_SECONDS + 60):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.EVENTS_RATE_WINDOW_SECONDS + 60)
            count = 1
    return count > settings.EVENTS_RATE_LIMIT
