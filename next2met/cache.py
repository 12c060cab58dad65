"""Django's database cache, writing with one statement and storing values compressed.

Django's `DatabaseCache` counts the whole cache table (`SELECT COUNT(*)`) before every write to
decide whether to cull it, then looks the key up and inserts or updates it: three statements
per write, five inside a transaction, and a count that grows with the table. This backend
writes with a single `INSERT … ON CONFLICT DO UPDATE` and culls every `CULL_EVERY`-th write of
a process instead (default 200): it deletes the expired entries, and when more than
`MAX_ENTRIES` remain, Django's own culling removes `1/CULL_FREQUENCY` of them.

Values are pickled as Django does, then compressed with zlib before they are encoded: a stored
page of 90 KB becomes about 15 KB of text, which PostgreSQL writes and reads several times
faster than the 125 KB it would otherwise compress itself. Reads return only unexpired entries
(expired ones stay until the next cull) and also understand values that Django's own backend
wrote (`add` and `touch` are Django's).

    CACHES = {"default": {
        "BACKEND": "next2met.cache.DatabaseCache",
        "LOCATION": "next2met_cache",  # created by `manage.py createcachetable`
        "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4, "CULL_EVERY": 200},
    }}
"""

from __future__ import annotations

import base64
import pickle
import zlib
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now

PICKLE_START = b"\x80"  # every pickle of protocol 2 or later; zlib data starts otherwise


def _encode(value, protocol: int) -> str:
    return base64.b64encode(zlib.compress(pickle.dumps(value, protocol), 1)).decode("ascii")


def _decode(text: str):
    data = base64.b64decode(text.encode("ascii"))
    if not data.startswith(PICKLE_START):
        data = zlib.decompress(data)
    return pickle.loads(data)


class DatabaseCache(DjangoDatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        options = params.get("OPTIONS", {})
        self._cull_every = max(int(options.get("CULL_EVERY", 200)), 1)
        # Cache objects are per thread (django.core.cache.caches), so is this count.
        self._writes = 0

    def get_many(self, keys, version=None):
        if not keys:
            return {}
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        connection = connections[router.db_for_read(self.cache_model_class)]
        table = connection.ops.quote_name(self._table)
        placeholders = ", ".join(["%s"] * len(key_map))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT cache_key, value FROM {table} "
                f"WHERE cache_key IN ({placeholders}) AND expires >= %s",
                [*key_map, connection.ops.adapt_datetimefield_value(tz_now())],
            )
            rows = cursor.fetchall()
        return {key_map[key]: _decode(value) for key, value in rows}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = expires.replace(microsecond=0)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        statement = (
            f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
            "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, "
            "expires = EXCLUDED.expires"
        )
        parameters = [
            key,
            _encode(value, self.pickle_protocol),
            connection.ops.adapt_datetimefield_value(expires),
        ]
        try:
            # Inside a transaction a savepoint keeps a failed write from breaking it; outside,
            # the statement is its own transaction.
            if connection.in_atomic_block:
                with transaction.atomic(using=db), connection.cursor() as cursor:
                    cursor.execute(statement, parameters)
            else:
                with connection.cursor() as cursor:
                    cursor.execute(statement, parameters)
        except DatabaseError:
            # Like Django's backend: a cache write may fail without failing the request.
            return
        self._writes += 1
        if self._writes % self._cull_every == 0:
            self.cull()

    def cull(self) -> None:
        """Delete expired entries, then 1/CULL_FREQUENCY of the rest if there are too many."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        now = tz_now().replace(microsecond=0)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE expires < %s",
                [connection.ops.adapt_datetimefield_value(now)],
            )
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            count = cursor.fetchone()[0]
            if count > self._max_entries:
                self._cull(db, cursor, now, count)
