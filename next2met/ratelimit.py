"""Per-address rate limits, counted in the shared cache.

The cache is the database or Redis (see settings), so every app server counts together. Keys
hold a keyed hash of the address, never the address itself. Windows are fixed: a client gets
at most `limit` requests of one scope per window.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from next2met.http import client_ip


def _key(request, scope: str, window_seconds: int) -> str:
    window = int(time.time() // window_seconds)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()[:32]
    return f"rate:{scope}:{window}:{digest}"


def rate_limit_exceeded(request, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request; True when the address sent more than `limit` in this window."""
    key = _key(request, scope, window_seconds)
    if cache.add(key, 1, timeout=window_seconds + 60):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window_seconds + 60)
            count = 1
    return count > limit
