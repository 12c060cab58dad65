"""The per-address counters in PostgreSQL: windows, scopes, bounded rows."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from core.models import RateCounter
from core.ratelimit import rate_limit_count

pytestmark = pytest.mark.django_db


def request_from(address: str):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def count(address: str, *, scope: str = "test", limit: int = 3, window: int = 600):
    return rate_limit_count(request_from(address), scope=scope, limit=limit, window_seconds=window)


def test_requests_are_counted_per_address_and_scope():
    assert [count("192.0.2.1").count for _ in range(3)] == [1, 2, 3]
    assert count("192.0.2.1").exceeded
    assert count("192.0.2.2").count == 1
    assert count("192.0.2.1", scope="other").count == 1


def test_the_window_starts_with_the_first_request_and_says_when_it_ends():
    first = count("192.0.2.1", window=600)
    assert 599 <= first.retry_after <= 600
    row = RateCounter.objects.get()
    assert 599 <= (row.window_ends_at - timezone.now()).total_seconds() <= 600


def test_a_new_window_starts_afresh_once_the_old_one_is_over():
    for _ in range(5):
        count("192.0.2.1")
    assert count("192.0.2.1").exceeded
    RateCounter.objects.update(window_ends_at=timezone.now() - datetime.timedelta(seconds=1))
    fresh = count("192.0.2.1")
    assert fresh.count == 1 and not fresh.exceeded
    assert RateCounter.objects.get().window_ends_at > timezone.now()


def test_the_counter_stops_growing_past_the_limit():
    for _ in range(50):
        last = count("192.0.2.1", limit=3)
    assert last.count == 4 and last.exceeded
    assert RateCounter.objects.get().count == 4


def test_rows_of_ended_windows_are_deleted_when_a_window_starts():
    count("192.0.2.1")
    count("192.0.2.2")
    RateCounter.objects.update(window_ends_at=timezone.now() - datetime.timedelta(seconds=1))
    count("192.0.2.3")  # a new window: the two ended ones go
    count("192.0.2.3")
    assert list(RateCounter.objects.values_list("count", flat=True)) == [2]
    count("192.0.2.4")  # a new window too, but every other one is still running
    assert RateCounter.objects.count() == 2
