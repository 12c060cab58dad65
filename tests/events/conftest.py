import pytest


@pytest.fixture(autouse=True)
def _public_forms(no_minimum_fill_time, empty_cache):
    """Registration forms may be sent at once, and no rate limit carries over between tests."""
