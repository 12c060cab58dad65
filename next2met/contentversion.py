"""The content version: one number PostgreSQL raises whenever public content changes.

Cached facet counts (measures.selectors) and cached pages (next2met.pagecache) carry the
version they were computed at, so a change of public content makes them stale at once, whoever
wrote it (admin, services, bulk loads, another app server).

Triggers on the tables of the partners, measures and events apps raise it in the same
transaction as the change. They are created by migrations (`watch`): a migration that adds a
table to one of these apps watches it, or names it in `PRIVATE_TABLES`; a test checks that
every table is one or the other.

What does not raise it, because no public page shows it from the cache:
- registrations and staff memberships (`PRIVATE_TABLES`);
- the seat counter of an event (`PRIVATE_COLUMNS`): taking a seat updates only that column,
  and its trigger compares the rows without it, so confirming a seat never writes (or locks)
  the version's row, and confirmations of different events never wait for each other. The
  pages that show free seats are not taken from the page cache.

Inserts, deletes and truncations always raise it; an update raises it once per statement, or,
on tables with private columns, once per row whose other columns changed.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection, migrations

CONTENT_APPS = ("partners", "measures", "events")
PRIVATE_TABLES = frozenset(
    {
        "events_registration",
        "partners_membership",
        # Registration questions and answers: only the registration form and the manage page
        # (never cached) and the admin show them.
        "events_question",
        "events_questionchoice",
        "events_answer",
        "events_answerchoice",
        "events_feedback",
        # Who registered for several events of a series at once (events.series).
        "events_seriessubmission",
        "events_seriessubmission_registrations",
        # Which organisers' daily summaries were sent (events.notifications).
        "events_organiserdigest",
    }
)
PRIVATE_COLUMNS = {"events_event": ("seats_taken",)}

FUNCTION = "next2met_content_version_raise"


def content_version() -> int:
    """The current content version (one indexed read; 0 before the first migration)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM next2met_content_version WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def content_tables() -> list[str]:
    """Tables of the content apps whose changes raise the version."""
    tables = set()
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return sorted(tables - PRIVATE_TABLES)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def watch_sql(table: str, private_columns: tuple[str, ...] = ()) -> tuple[str, str]:
    """SQL that makes changes of `table` raise the version, and SQL that stops it."""
    quoted = _quote(table)
    statement = _quote(f"{table}_content_version")
    update = _quote(f"{table}_content_version_update")
    if private_columns:
        removed = "ARRAY[" + ", ".join(_literal(c) for c in private_columns) + "]::text[]"
        # Row by row, and only when a column other than the private ones changed.
        on_update = (
            f"CREATE OR REPLACE TRIGGER {update} AFTER UPDATE ON {quoted} FOR EACH ROW "
            f"WHEN ((to_jsonb(OLD) - {removed}) IS DISTINCT FROM (to_jsonb(NEW) - {removed})) "
            f"EXECUTE FUNCTION {FUNCTION}();"
        )
        events = "INSERT OR DELETE OR TRUNCATE"
    else:
        on_update = f"DROP TRIGGER IF EXISTS {update} ON {quoted};"
        events = "INSERT OR UPDATE OR DELETE OR TRUNCATE"
    forward = (
        f"CREATE OR REPLACE TRIGGER {statement} AFTER {events} ON {quoted} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}();\n{on_update}"
    )
    backward = (
        f"DROP TRIGGER IF EXISTS {update} ON {quoted};\n"
        f"DROP TRIGGER IF EXISTS {statement} ON {quoted};"
    )
    return forward, backward


def watch(table: str, *, private_columns: tuple[str, ...] = ()) -> migrations.RunSQL:
    """A migration operation: changes of `table` raise the version (see the module docstring)."""
    forward, backward = watch_sql(table, private_columns)
    return migrations.RunSQL(forward, backward)


def unwatch(table: str) -> migrations.RunSQL:
    """A migration operation: changes of `table` no longer raise the version."""
    forward, backward = watch_sql(table)
    return migrations.RunSQL(backward, forward)
