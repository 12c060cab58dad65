"""The database cache writes with one statement, stores values compressed and counts its table
only when it culls."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from next2met.cache import DatabaseCache

pytestmark = pytest.mark.django_db

TABLE = "next2met_cache"


def new_cache(**options) -> DatabaseCache:
    cache = DatabaseCache(TABLE, {"OPTIONS": options})
    cache.clear()
    return cache


def rows() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {TABLE}")
        return {key for (key,) in cursor.fetchall()}


def statements(captured) -> list[str]:
    """Captured SQL without the savepoint around a write inside the test's transaction."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def test_a_write_is_one_statement_that_inserts_or_replaces():
    cache = new_cache()
    with CaptureQueriesContext(connection) as captured:
        cache.set("facets", {"theme": {"1": 4}}, 60)
    assert len(statements(captured)) == 1
    assert "COUNT" not in statements(captured)[0].upper()
    assert cache.get("facets") == {"theme": {"1": 4}}

    with CaptureQueriesContext(connection) as captured:
        cache.set("facets", {"theme": {"1": 5}}, 60)
    assert len(statements(captured)) == 1
    assert cache.get("facets") == {"theme": {"1": 5}}


def test_values_are_stored_compressed_and_read_back_whole():
    cache = new_cache()
    page = "<li>Energy advice for small firms</li>" * 2_000
    cache.set("page", page, 60)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT length(value) FROM {TABLE} WHERE cache_key = %s", [cache.make_key("page")]
        )
        stored = cursor.fetchone()[0]
    assert stored < len(page) / 10
    assert cache.get("page") == page


def test_entries_written_by_djangos_own_code_are_read_too():
    cache = new_cache()
    assert cache.add("counter", 7, 60)  # Django's add: pickled, not compressed
    assert cache.get("counter") == 7
    assert cache.incr("counter") == 8


def test_entries_expire():
    cache = new_cache()
    cache.set("page", "old", -1)
    assert cache.get("page") is None
    cache.set("page", "new", None)
    assert cache.get("page") == "new"


def test_every_nth_write_culls_expired_entries_then_the_surplus():
    cache = new_cache(MAX_ENTRIES=3, CULL_FREQUENCY=2, CULL_EVERY=5)
    # An expired entry stays in the table until a cull (or a read of it) removes it.
    cache.set("expired", "x", -1)
    for number in range(1, 4):
        cache.set(f"entry-{number}", number, 60)
    assert len(rows()) == 4  # more than MAX_ENTRIES, yet no write counted or culled

    cache.set("entry-4", 4, 60)  # the fifth write culls: the expired entry, then half the rest
    remaining = rows()
    assert cache.make_key("expired") not in remaining
    assert len(remaining) == 2


def test_a_write_inside_a_transaction_does_not_break_it_when_it_fails():
    cache = DatabaseCache("no_such_table", {})
    cache.set("key", "value", 60)  # the table is missing: the write fails quietly
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
