"""Per-address rate limits of the registration form (see core.ratelimit).

Two counters per client address and window: every submission counts against a high ceiling
(EVENTS_RATE_LIMIT_ATTEMPTS) that stops floods, and only valid ones count against the
registrations an address may send (EVENTS_RATE_LIMIT). A person who corrects the form a few
times therefore keeps their allowance.
"""

from __future__ import annotations

from django.conf import settings

from core.ratelimit import RateLimit, rate_limit_count


def registration_attempt_count(request) -> RateLimit:
    """Count a submission of the form, valid or not."""
    return rate_limit_count(
        request,
        scope="events:register:attempt",
        limit=settings.EVENTS_RATE_LIMIT_ATTEMPTS,
        window_seconds=settings.EVENTS_RATE_WINDOW_SECONDS,
    )


def registration_count(request) -> RateLimit:
    """Count a valid registration about to be stored."""
    return rate_limit_count(
        request,
        scope="events:register",
        limit=settings.EVENTS_RATE_LIMIT,
        window_seconds=settings.EVENTS_RATE_WINDOW_SECONDS,
    )
