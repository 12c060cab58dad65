import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _reset_language():
    """Every test starts, and leaves, with the default language active."""
    translation.activate("en")
    yield
    translation.activate("en")
