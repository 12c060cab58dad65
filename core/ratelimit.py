"""Per-address rate limits, counted in PostgreSQL.

Every app server counts in the same table (core.models.RateCounter), one row per kind of
request and client address, under a keyed hash of the address, never the address itself. A
window starts with the first request of an address and lasts `window_seconds`; within it the
address gets at most `limit` requests of one kind.

One `INSERT … ON CONFLICT DO UPDATE … RETURNING` counts and reads in a single statement: rows
are locked by PostgreSQL while they change, so concurrent requests never lose a count (a read
followed by a write, as a cache's `incr` does, would). The counter stops growing once it is past
the limit, and rows whose window has ended are deleted whenever a new window starts.

PostgreSQL is used even where Redis is configured: a cache may forget a key whenever it needs
room (that is what a cache is for), and a forgotten counter is a lifted limit. The statement is
one short index lookup per form submission, which is cheap next to what the form then does.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from core.http import client_ip
from core.models import RateCounter

_TABLE = RateCounter._meta.db_table

_COUNT = f"""
INSERT INTO {_TABLE} AS counter (key, count, window_ends_at)
VALUES (%(key)s, 1, statement_timestamp() + make_interval(secs => %(window)s))
ON CONFLICT (key) DO UPDATE SET
    count = CASE
        WHEN counter.window_ends_at > statement_timestamp()
        THEN LEAST(counter.count, %(limit)s) + 1
        ELSE 1
    END,
    window_ends_at = CASE
        WHEN counter.window_ends_at > statement_timestamp() THEN counter.window_ends_at
        ELSE EXCLUDED.window_ends_at
    END
RETURNING count, EXTRACT(EPOCH FROM window_ends_at - statement_timestamp())
"""

_PURGE = f"DELETE FROM {_TABLE} WHERE window_ends_at <= statement_timestamp()"


@dataclass(frozen=True)
class RateLimit:
    """The outcome of counting one request."""

    count: int  # requests in this window, this one included (at most limit + 1)
    limit: int
    retry_after: int  # seconds until the window ends

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit

    @property
    def retry_after_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def _key(request, scope: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256
    ).hexdigest()
    return f"{scope}:{digest[:40]}"


def rate_limit_count(request, *, scope: str, limit: int, window_seconds: int) -> RateLimit:
    """Count this request of kind `scope` from the client's address in its current window."""
    with connection.cursor() as cursor:
        cursor.execute(
            _COUNT, {"key": _key(request, scope), "window": window_seconds, "limit": limit}
        )
        count, remaining = cursor.fetchone()
        if count == 1:
            cursor.execute(_PURGE)
    return RateLimit(count=count, limit=limit, retry_after=max(1, math.ceil(remaining)))
