"""Load test of the portal (`make loadtest`).

1. builds its own database (`<name>_load`) with the demo content and 10,000 generated measures;
2. serves it with gunicorn under production-like settings (debug off, whitenoise, database
   cache) on loopback, behind a simulated reverse proxy (CLIENT_IP_HEADER);
3. warms it up with a few requests per page type, then drives it from a separate process with
   locust: LOADTEST_USERS concurrent visitors (arriving 8 a second) for LOADTEST_SECONDS,
   mixing pages, static files and registrations;
4. prints requests per second, p50/p95/p99 latency and errors per page type, checks that every
   registration the server accepted is in the database, and compares with the targets.

Exit status 0 when every target is met.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import environ
import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools import dbsetup  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
PORT = int(os.environ.get("LOADTEST_PORT", "8765"))
USERS = int(os.environ.get("LOADTEST_USERS", "32"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
MEASURES = int(os.environ.get("LOADTEST_MEASURES", "10000"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "4"))
THREADS = int(os.environ.get("LOADTEST_THREADS", "4"))
P95_TARGET_MS = 300


def say(message: str) -> None:
    print(f"loadtest: {message}", flush=True)


def database_url() -> tuple[str, dict]:
    base = os.environ.get("DATABASE_URL") or dbsetup.DEFAULT_URL
    config = environ.Env.db_url_config(base)
    name = f"{config.get('NAME') or 'next2met'}_load"
    kwargs = dbsetup.connection_kwargs(base)
    kwargs["dbname"] = name
    user = config.get("USER") or ""
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    host = config.get("HOST") or ""
    port = f":{config['PORT']}" if config.get("PORT") else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgres://{credentials}{host}{port}/{name}", kwargs


def recreate_database(kwargs: dict) -> None:
    admin = psycopg2.connect(**{**kwargs, "dbname": "postgres"})
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(kwargs["dbname"])
            )
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(kwargs["dbname"])))
    admin.close()


def analyse(kwargs: dict) -> None:
    """Fresh planner statistics after the bulk load, as autovacuum keeps them in production."""
    connection = psycopg2.connect(**kwargs)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


def manage(*args: str, env: dict, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )
    return result.stdout or ""


TARGETS_SCRIPT = """
import json
from django.conf import settings
from events import selectors
from events.models import Event, OrganisationType
from measures.models import Measure, Theme
events = list(Event.objects.published().order_by("start"))
open_event = next(e for e in events if selectors.registration_state(event=e).accepts_registrations)
published = Measure.objects.published()
print(json.dumps({
    "measures": list(published.order_by("?").values_list("slug", flat=True)[:500]),
    "themes": list(Theme.objects.values_list("slug", flat=True)),
    "countries": sorted(set(published.values_list("country", flat=True).distinct())),
    "events": [e.slug for e in events],
    "registration_event": open_event.slug,
    "organisation_type": OrganisationType.IT_COMPANY.value,
    "form_seconds": settings.EVENTS_FORM_MIN_SECONDS,
}))
"""


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer at {url}")


def warm_up(base: str, targets: dict) -> None:
    """A few requests per page type, so that every worker has loaded its templates, as on a
    server that has been running for a while."""
    paths = ["/en/", "/de/", "/pl/", "/en/measures/", "/en/events/", "/de/measures/?q=Beratung"]
    paths += [f"/en/measures/{slug}/" for slug in targets["measures"][:3]]
    paths += [f"/en/events/{slug}/" for slug in targets["events"][:3]]
    for _round in range(WORKERS * 2):
        for path in paths:
            with urllib.request.urlopen(base + path, timeout=10) as response:
                response.read()


def registrations_in_database(kwargs: dict, emails: list[str]) -> int:
    connection = psycopg2.connect(**kwargs)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT lower(email)) FROM events_registration "
            "WHERE lower(email) = ANY(%s)",
            [[email.lower() for email in emails]],
        )
        (count,) = cursor.fetchone()
    connection.close()
    return count


def main() -> int:
    url, kwargs = database_url()
    workdir = Path(tempfile.mkdtemp(prefix="next2met-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "EMAIL_URL": "dummymail://",
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)

    say(f"building database {kwargs['dbname']} (demo content and {MEASURES:,} measures)")
    recreate_database(kwargs)
    manage("migrate", "--noinput", env=env)
    manage("createcachetable", env=env)
    manage("compilemessages", "--ignore=.venv", "--ignore=node_modules", env=env)
    manage("load_demo", "--force", env=env)
    manage("generate_measures", "--count", str(MEASURES), env=env)
    manage("collectstatic", "--noinput", env=env)
    analyse(kwargs)
    targets = manage("shell", "-c", TARGETS_SCRIPT, env=env, capture=True).strip().splitlines()[-1]

    say(f"starting gunicorn ({WORKERS} workers × {THREADS} threads) on 127.0.0.1:{PORT}")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "next2met.wsgi",
            "--config",
            str(ROOT / "next2met" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
            "--preload",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    success_file = workdir / "registrations.json"
    try:
        wait_until_up(f"http://127.0.0.1:{PORT}/healthz")
        warm_up(f"http://127.0.0.1:{PORT}", json.loads(targets))
        say(f"{USERS} concurrent visitors for {SECONDS} s")
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                "8",
                "--run-time",
                f"{SECONDS}s",
                "--stop-timeout",
                "10",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(workdir / "result"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "LOADTEST_TARGETS": targets,
                "LOADTEST_SUCCESS_FILE": str(success_file),
            },
            check=False,
            stdout=subprocess.DEVNULL,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    rows = list(csv.DictReader((workdir / "result_stats.csv").open(encoding="utf-8")))
    accepted = json.loads(success_file.read_text()) if success_file.exists() else []
    stored = registrations_in_database(kwargs, accepted)
    return report(rows, accepted=len(accepted), stored=stored)


def report(rows: list[dict], *, accepted: int, stored: int) -> int:
    header = (
        f"{'page type':<28} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'errors':>7}"
    )
    print()
    print(f"Load test: {USERS} concurrent visitors, {SECONDS} s, {MEASURES:,} generated measures")
    print(header)
    print("-" * len(header))
    ok = True
    for row in sorted(rows, key=lambda row: (row["Name"] == "Aggregated", row["Name"])):
        name = row["Name"]
        errors = int(row["Failure Count"])
        p95 = float(row["95%"])
        print(
            f"{name:<28} {int(row['Request Count']):>9} {float(row['Requests/s']):>7.1f} "
            f"{float(row['50%']):>7.0f} {p95:>7.0f} {float(row['99%']):>7.0f} {errors:>7}"
        )
        if name != "Aggregated":
            ok = ok and errors == 0 and p95 <= P95_TARGET_MS
    print()
    lost = accepted - stored
    print(f"registrations accepted: {accepted}, in the database: {stored}, lost: {lost}")
    ok = ok and lost == 0 and accepted > 0
    verdict = "met" if ok else "NOT met"
    print(
        "targets (no errors, no lost registration, "
        f"p95 <= {P95_TARGET_MS} ms per page type): {verdict}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
