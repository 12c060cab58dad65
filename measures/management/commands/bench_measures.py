"""Benchmark of the public measure pages at growing numbers of measures (`make bench`).

    manage.py bench_measures --sizes 10000 100000

For each size the command tops up the generated measures (see generate_measures) and analyses
the tables; a bench database that already holds more generated measures than a size skips that
size, so a second run only measures. Then it requests each page repeatedly through Django's
test client with debug off and prints the number of SQL queries and the median and 95th
percentile of the server time (the whole request inside Django: middleware, view, queries,
templates, not the network), each as a multiple of the framework's floor, a trivial view
measured in the same run.

Two tables per size:
- the portal's own work, with the page cache off (PAGE_CACHE_SECONDS=0). List and search pages
  are measured three ways: with the facet counts (and the search's matches) computed on every
  request from the process's facet index (measures.facetindex; its remembered results dropped
  before every request), with them remembered from an earlier request for the same filters,
  and as the first request after a content change, when the index itself is read anew;
- the page cache (PAGE_CACHE_SECONDS=60) for every page type, whether PAGE_CACHE_VIEWS names
  it or not. Each round requests one address three times: without the page cache, as a miss
  (not stored yet under a fresh key prefix: rendered and stored)
  and as a hit, so that the extra cost of a miss and the saving of a hit are paired
  differences, little disturbed by other load. From them follows the share of hits above
  which the page cache saves time. The command stops if a hit or a miss is not one.

The full CSV export is consumed as a stream and its peak Python memory is measured with
tracemalloc in a separate run.

It refuses to run on a database whose name does not contain "bench", so that it never fills a
development or production database with synthetic rows.
"""

from __future__ import annotations

import itertools
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import resolve
from django.utils import translation

from measures import facetindex
from measures.models import Measure
from partners.models import Organisation

PREFIX = "generated-"
PAGE_CACHE_SECONDS = 60


def forget_documents() -> None:
    """As after a change of public content: no measure's API object is stored any more."""
    from api.models import MeasureDocument

    MeasureDocument.objects.all().delete()


@dataclass
class Page:
    label: str
    make_url: Callable[[], str]
    lists_facets: bool = False  # a measure list: measured with counts computed and remembered
    # An API page: measured with its measures' objects stored, and built (as after a change)
    stores_documents: bool = False


@dataclass
class Result:
    queries: int
    times: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return percentile(self.times, 95)


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
        # Production-like: debug off; static file names without a collectstatic manifest; the
        # page cache off unless a table measures it.
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(
            ALLOWED_HOSTS=["testserver"], DEBUG=False, STORAGES=storages, PAGE_CACHE_SECONDS=0
        ):
            for size in sorted(sizes):
                if self.prepare(size):
                    self.run(size, repeat, export_repeat)

    def prepare(self, size: int) -> bool:
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

    def pages(self, size: int, repeat: int) -> list[Page]:
        rng = random.Random(size)
        slugs = list(
            Measure.objects.filter(slug__startswith=PREFIX)
            .order_by("?")
            .values_list("slug", flat=True)[: repeat + 5]
        )
        busiest = (
            Organisation.objects.annotate(count=Count("measures"))
            .order_by("-count", "pk")
            .values_list("slug", flat=True)
            .first()
        )
        return [
            Page("home", lambda: "/en/"),
            Page("list, unfiltered", lambda: "/en/measures/", lists_facets=True),
            Page(
                "list, two facets",
                lambda: "/de/measures/?theme=clusters-networks&country=PL",
                lists_facets=True,
            ),
            Page(
                "search in de (“Pflegekräfte”)",
                lambda: "/de/measures/?q=Pflegekr%C3%A4fte",
                lists_facets=True,
            ),
            Page("search in pl (“klastra”)", lambda: "/pl/measures/?q=klastra", lists_facets=True),
            Page(
                "list, page 40, sorted by title",
                lambda: "/en/measures/?sort=title&page=40",
                lists_facets=True,
            ),
            Page("detail", lambda: f"/en/measures/{rng.choice(slugs)}/"),
            Page("partner list", lambda: "/en/partners/"),
            Page("partner page (its most measures)", lambda: f"/en/partners/{busiest}/"),
            Page(
                "API: measures, 100 per page",
                lambda: "/api/v1/measures/?limit=100",
                stores_documents=True,
            ),
            Page(
                "API: measures, filtered",
                lambda: "/api/v1/measures/?limit=100&country=PL",
                stores_documents=True,
            ),
        ]

    def run(self, size: int, repeat: int, export_repeat: int) -> None:
        client = Client()
        pages = self.pages(size, repeat)
        floor = self.measure(client, lambda: "/robots.txt", repeat)

        self.stdout.write("")
        self.stdout.write(f"### {size:,} published measures")
        self.stdout.write("")
        self.stdout.write("The portal's own work (page cache off):")
        self.stdout.write("")
        self.stdout.write("| page | SQL queries | median ms | p95 ms | median × floor |")
        self.stdout.write("| --- | ---: | ---: | ---: | ---: |")
        self.row("trivial view (floor: /robots.txt)", floor, floor)
        for page in pages:
            if page.stores_documents:
                stored = self.measure(client, page.make_url, repeat)
                self.row(f"{page.label}, objects stored", stored, floor)
                built = self.measure(client, page.make_url, repeat, before=forget_documents)
                self.row(f"{page.label}, first request after a change", built, floor)
                continue
            if not page.lists_facets:
                self.row(page.label, self.measure(client, page.make_url, repeat), floor)
                continue
            computed = self.measure(client, page.make_url, repeat, before=forget_results)
            self.row(f"{page.label}, facets computed", computed, floor)
            remembered = self.measure(client, page.make_url, repeat)
            self.row(f"{page.label}, facets remembered", remembered, floor)
            cold = self.measure(client, page.make_url, repeat, before=facetindex.forget_index)
            self.row(f"{page.label}, first request after a change", cold, floor)
        export = self.measure(client, lambda: "/en/measures/export.csv", export_repeat)
        peak, rows = self.export_memory(client)
        self.stdout.write(
            f"| CSV export of all {rows:,} rows (streamed) | {export.queries} | "
            f"{export.median:.0f} | {max(export.times):.0f} (max) | "
            f"{export.median / floor.median:,.0f} |"
        )
        self.stdout.write("")
        self.stdout.write(
            f"Peak Python memory while streaming the CSV export: {peak / 1024 / 1024:.1f} MiB."
        )
        self.index_figures()
        self.map_figures(client, repeat)

        backend = type(caches["default"])
        self.stdout.write("")
        self.stdout.write(
            f"Page cache (PAGE_CACHE_SECONDS={PAGE_CACHE_SECONDS}, cache "
            f"{backend.__module__}.{backend.__name__}), every page type whether "
            "PAGE_CACHE_VIEWS names it or not. Each round requests the page without the page "
            "cache, as a miss (rendered and stored) and as a hit (the stored copy), so that the "
            "differences are measured side by side:"
        )
        self.stdout.write("")
        self.stdout.write(
            "| page | in PAGE_CACHE_VIEWS | without: median ms | miss: queries | "
            "miss: extra ms | hit: queries | hit: median ms | hit: p95 ms | hit × floor | "
            "pays off above |"
        )
        self.stdout.write("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        configured = set(settings.PAGE_CACHE_VIEWS)
        views = sorted({view_name(page.make_url()) for page in pages})
        with override_settings(PAGE_CACHE_SECONDS=PAGE_CACHE_SECONDS, PAGE_CACHE_VIEWS=views):
            for page in pages:
                url = page.make_url()  # one address: hits need the same one
                without, miss, hit = self.compare(client, url, repeat)
                extra = statistics.median(
                    m - w for m, w in zip(miss.times, without.times, strict=True)
                )
                saved = statistics.median(
                    w - h for w, h in zip(without.times, hit.times, strict=True)
                )
                self.stdout.write(
                    f"| {page.label} | {'yes' if view_name(url) in configured else 'no'} | "
                    f"{without.median:.1f} | {miss.queries} | {extra:+.1f} | {hit.queries} | "
                    f"{hit.median:.1f} | {hit.p95:.1f} | {hit.median / floor.median:,.1f} | "
                    f"{break_even(extra, saved)} |"
                )

    def index_figures(self) -> None:
        """How long reading the facet index takes and how much memory it holds."""
        times = []
        for _ in range(5):
            started = time.perf_counter()
            index = facetindex.read_index()
            times.append((time.perf_counter() - started) * 1000)
        arrays = [index.ids, index.start_year, index.end_year, index.newest]
        arrays += [column.codes for column in index.scalars.values()]
        arrays += [column.matrix for column in index.sets.values()]
        arrays += list(index.by_title.values())
        size = sum(array.nbytes for array in arrays)
        self.stdout.write(
            f"Facet index of {index.size:,} measures: read in {statistics.median(times):.0f} ms "
            f"(median of 5), {size / 1024 / 1024:.1f} MiB of arrays per process."
        )

    def map_figures(self, client, repeat: int) -> None:
        """The map's share of the pages that show it (partners.maps): each page with the map
        and with its builder replaced by one that draws nothing, in alternating rounds, and
        the measure list's map built alone."""
        from unittest import mock

        from django.http import QueryDict
        from django.template.loader import render_to_string

        from measures import selectors
        from partners import maps

        pages = (
            ("list, unfiltered", "/en/measures/", "measure_list_map"),
            (
                "list, two facets",
                "/de/measures/?theme=clusters-networks&country=PL",
                "measure_list_map",
            ),
            ("partner list", "/en/partners/", "organisation_list_map"),
            ("regions", "/en/regions/", "region_overview_map"),
            ("a country's page (PL)", "/en/regions/PL/", "place_map"),
        )
        self.stdout.write("")
        self.stdout.write("The map (page cache off; the facets remembered):")
        self.stdout.write("")
        self.stdout.write(
            "| page | queries with map | without | median ms with map | without | extra ms |"
        )
        self.stdout.write("| --- | ---: | ---: | ---: | ---: | ---: |")
        for label, url, builder in pages:
            for _ in range(2):
                self.fetch(client, url)
            with_map, without = Result(0, []), Result(0, [])
            for _ in range(repeat):
                self.timed(client, url, with_map)
                with mock.patch.object(maps, builder, lambda **kwargs: None):
                    self.timed(client, url, without)
            extra = statistics.median(
                w - o for w, o in zip(with_map.times, without.times, strict=True)
            )
            self.stdout.write(
                f"| {label} | {with_map.queries} | {without.queries} | {with_map.median:.1f} | "
                f"{without.median:.1f} | {extra:+.1f} |"
            )
        data = QueryDict("")
        built, rendered = [], []
        with translation.override("en"):
            listing = selectors.measure_list(data=data, language="en")
            for _ in range(repeat):
                started = time.perf_counter()
                figure = maps.measure_list_map(listing=listing, data=data, language="en")
                built.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                render_to_string("includes/map.html", {"figure": figure})
                rendered.append((time.perf_counter() - started) * 1000)
        self.stdout.write("")
        self.stdout.write(
            f"The unfiltered measure list's map alone: built in {statistics.median(built):.2f} ms "
            f"(partners.maps.measure_list_map), written out in "
            f"{statistics.median(rendered):.2f} ms (templates/includes/map.html), medians of "
            f"{repeat}."
        )

    def compare(self, client, url: str, repeat: int) -> tuple[Result, Result, Result]:
        """The page without the page cache, as a miss and as a hit, in alternating rounds."""
        prefixes = (f"bench-{number}:" for number in itertools.count())
        for _ in range(2):  # warm-up; stores the page for the hits
            self.fetch(client, url)
        results = {"without": Result(0, []), "miss": Result(0, []), "hit": Result(0, [])}
        for _ in range(repeat):
            with override_settings(PAGE_CACHE_SECONDS=0):
                self.timed(client, url, results["without"], expect=None)
            # A key prefix never used before: the page is not stored under it yet.
            with override_settings(CACHE_MIDDLEWARE_KEY_PREFIX=next(prefixes)):
                self.timed(client, url, results["miss"], expect="miss")
            self.timed(client, url, results["hit"], expect="hit")
        return results["without"], results["miss"], results["hit"]

    def timed(self, client, url: str, result: Result, expect: str | None = None) -> None:
        """Request `url` once into `result`; `expect` is what the page cache must answer."""
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = self.fetch(client, url)
            result.times.append((time.perf_counter() - started) * 1000)
        result.queries = max(result.queries, len(captured))
        if response.get("X-Page-Cache") != expect:
            raise CommandError(f"{url}: page cache {response.get('X-Page-Cache')}, not {expect}")

    def row(self, label: str, result: Result, floor: Result) -> None:
        self.stdout.write(
            f"| {label} | {result.queries} | {result.median:.1f} | {result.p95:.1f} | "
            f"{result.median / floor.median:,.1f} |"
        )

    def measure(self, client, make_url, repeat, before=None) -> Result:
        for _ in range(2):  # warm-up: connections, template and translation caches
            self.fetch(client, make_url())
        result = Result(0, [])
        for _ in range(repeat):
            url = make_url()
            if before is not None:
                before()
            self.timed(client, url, result)
        return result

    def fetch(self, client, url):
        """The response to a GET of `url`, its content read to the end."""
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
        return response

    def export_memory(self, client) -> tuple[int, int]:
        tracemalloc.start()
        response = client.get("/en/measures/export.csv")
        rows = -1  # the header
        for chunk in response.streaming_content:
            # Records end with CRLF; line breaks inside cells (lists of names) are LF alone.
            rows += chunk.count(b"\r\n")
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return peak, rows


def view_name(url: str) -> str:
    path = url.split("?")[0]
    with translation.override(path.split("/")[1]):
        return resolve(path).view_name


def forget_results() -> None:
    facetindex.measure_index().forget_results()


def break_even(extra: float, saved: float) -> str:
    """The share of hits above which the page cache saves time on average.

    A miss costs `extra` ms more than the page without the cache, a hit `saved` ms less: with
    a share h of hits the average changes by (1 − h)·extra − h·saved, below zero from
    h = extra / (extra + saved) on.
    """
    if extra <= 0:
        return "always"
    if saved <= 0:
        return "never"
    return f"{extra / (extra + saved):.0%} hits"


def percentile(values: list[float], share: int) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share / 100 * len(ordered)) - 1))
    return ordered[index]
