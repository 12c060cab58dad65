import pytest

# The partners' organisations and staff fixtures, shared with the other apps' tests.
from tests.partners.conftest import (  # noqa: F401
    editor_a,
    manager_a,
    manager_b,
    org_a,
    org_b,
    portal_editor,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads and attachments of queued e-mails go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(settings):
    settings.EVENTS_FORM_MIN_SECONDS = 0


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
