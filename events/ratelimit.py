"""Per-address rate limit of the registration form (see next2met.ratelimit)."""

from __future__ import annotations

from django.conf import settings

from next2met import ratelimit


def rate_limit_exceeded(request, *, scope: str = "register") -> bool:
    """Count this request; True when the address sent more registrations than allowed."""
    return ratelimit.rate_limit_exceeded(
        request,
        scope=f"events:{scope}",
        limit=settings.EVENTS_RATE_LIMIT,
        window_seconds=settings.EVENTS_RATE_WINDOW_SECONDS,
    )
