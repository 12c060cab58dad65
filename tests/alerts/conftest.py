import pytest


@pytest.fixture(autouse=True)
def _public_forms(no_minimum_fill_time, empty_cache, settings):
    """Forms may be sent at once, no rate limit carries over, links point to a known site."""
    settings.SITE_URL = "https://portal.example.org"
