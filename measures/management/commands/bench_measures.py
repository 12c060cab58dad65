"""Benchmark of the public measure pages at growing numbers of measures (`make bench`).

    manage.py bench_measures --sizes 10000 100000

For each size the command tops up the generated measures (see generate_measures), analyses the
table, then requests each page repeatedly through Django's test client and prints the number of
SQL queries and the median and 95th percentile of the server time (the whole request inside
Django: middleware, views, queries, templates, not the network). A trivial view gives the
floor. The full CSV export is consumed as a stream and its peak Python memory is measured with
tracemalloc in a separate run.

It refuses to run on a database whose name does not contain "bench", so that it never fills a
development or production database with synthetic rows.
"""

from __future__ import annotations

import random
import statistics
import time
import tracemalloc

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from measures.models import Measure

PREFIX = "generated-"


class Command(BaseCommand):
    help = "Benchmark list, facets, search, detail and CSV export at 10,000 and 100,000 measures."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
        parser.add_argument("--repeat", type=int, default=30, help="Requests per page.")
        parser.add_argument("--export-repeat", type=int, default=3)

    def handle(self, *args, sizes, repeat, export_repeat, **options):
        name = settings.DATABASES["default"]["NAME"]
        if "bench" not in str(name):
            raise CommandError(
                f"The database is {name!r}; the benchmark only runs on a database whose name "
                "contains 'bench' (make bench uses next2met_bench)."
            )
        # Production-like: debug off; static file names without a collectstatic manifest.
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False, STORAGES=storages):
            for size in sorted(sizes):
                if self.prepare(size):
                    self.run(size, repeat, export_repeat)

    def prepare(self, size: int) -> None:
        existing = Measure.objects.filter(slug__startswith=PREFIX).count()
        if existing < size:
            self.stdout.write(f"Generating {size - existing} measures …")
            call_command("generate_measures", count=size - existing, stdout=self.stdout)
        elif existing > size:
            self.stdout.write(
                self.style.WARNING(
                    f"Skipping {size:,}: the bench database already holds {existing:,} "
                    f"generated measures (dropdb {connection.settings_dict['NAME']} to start "
                    "again)."
                )
            )
            return False
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE measures_measure")
            cursor.execute("VACUUM ANALYZE measures_search_word")
        return True

    def run(self, size: int, repeat: int, export_repeat: int) -> None:
        client = Client()
        rng = random.Random(size)
        slugs = list(
            Measure.objects.filter(slug__startswith=PREFIX)
            .order_by("?")
            .values_list("slug", flat=True)[: repeat + 5]
        )
        lists = [
            ("list, unfiltered", lambda: "/en/measures/"),
            (
                "list, two facets",
                lambda: "/de/measures/?theme=clusters-networks&country=PL",
            ),
            ("search in de (“Pflegekräfte”)", lambda: "/de/measures/?q=Pflegekr%C3%A4fte"),
            ("search in pl (“klastra”)", lambda: "/pl/measures/?q=klastra"),
            ("list, page 40, sorted by title", lambda: "/en/measures/?sort=title&page=40"),
        ]
        pages = [("trivial view (floor: /robots.txt)", lambda: "/robots.txt", None)]
        for label, make_url in lists:
            pages.append((f"{label}, facets computed", make_url, cache.clear))
            pages.append((f"{label}, facets from cache", make_url, None))
        pages.append(("detail", lambda: f"/en/measures/{rng.choice(slugs)}/", None))
        self.stdout.write("")
        self.stdout.write(f"### {size:,} published measures")
        self.stdout.write("")
        self.stdout.write("| page | SQL queries | median ms | p95 ms |")
        self.stdout.write("| --- | ---: | ---: | ---: |")
        for label, make_url, before in pages:
            queries, times = self.measure(client, make_url, repeat, before)
            self.stdout.write(
                f"| {label} | {queries} | {statistics.median(times):.1f} | "
                f"{percentile(times, 95):.1f} |"
            )
        queries, times = self.measure(client, lambda: "/en/measures/export.csv", export_repeat)
        peak, rows = self.export_memory(client)
        self.stdout.write(
            f"| CSV export of all {rows:,} rows | {queries} | {statistics.median(times):.0f} | "
            f"{max(times):.0f} (max) |"
        )
        self.stdout.write("")
        self.stdout.write(
            f"Peak Python memory while streaming the CSV export: {peak / 1024 / 1024:.1f} MiB."
        )

    def measure(self, client, make_url, repeat, before=None):
        for _ in range(2):  # warm-up: connections, template and translation caches
            self.fetch(client, make_url())
        times, queries = [], 0
        for _ in range(repeat):
            url = make_url()
            if before is not None:
                before()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                self.fetch(client, url)
                times.append((time.perf_counter() - started) * 1000)
            queries = max(queries, len(captured))
        return queries, times

    def fetch(self, client, url) -> int:
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        if response.streaming:
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)

    def export_memory(self, client) -> tuple[int, int]:
        tracemalloc.start()
        response = client.get("/en/measures/export.csv")
        rows = -1  # the header
        for chunk in response.streaming_content:
            rows += chunk.count(b"\n")
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return peak, rows


def percentile(values: list[float], share: int) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share / 100 * len(ordered)) - 1))
    return ordered[index]
