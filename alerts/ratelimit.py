"""Per-address rate limits of the subscription form (core.ratelimit), as for registrations.

Every submission counts against a high ceiling (ALERTS_RATE_LIMIT_ATTEMPTS) that stops floods;
only valid ones count against the subscriptions an address may send (ALERTS_RATE_LIMIT).
"""

from __future__ import annotations

from django.conf import settings

from core.ratelimit import RateLimit, rate_limit_count


def subscribe_attempt_count(request) -> RateLimit:
    """Count a submission of the form, valid or not."""
    return rate_limit_count(
        request,
        scope="alerts:subscribe:attempt",
        limit=settings.ALERTS_RATE_LIMIT_ATTEMPTS,
        window_seconds=settings.ALERTS_RATE_WINDOW_SECONDS,
    )


def subscribe_count(request) -> RateLimit:
    """Count a valid subscription about to be stored."""
    return rate_limit_count(
        request,
        scope="alerts:subscribe",
        limit=settings.ALERTS_RATE_LIMIT,
        window_seconds=settings.ALERTS_RATE_WINDOW_SECONDS,
    )
