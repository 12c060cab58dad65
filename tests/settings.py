"""Settings for the test suite: the project's settings, with only what tests must change."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-django-checks")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# The cache lives in the test database, never in a Redis server named by REDIS_URL: parallel test
# processes (each with its own database) and other test runs must not share or clear one
# another's cache entries (rate limits, facet counts, pages).
os.environ["REDIS_URL"] = ""

from next2met.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Several test runs on one server (for instance two checkouts) keep apart by naming their database.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405

# Static files come from the source folders, as in development (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Views are tested directly; tests of the page cache switch it on themselves.
PAGE_CACHE_SECONDS = 0

# The API's rate limit is tested on its own (tests/api): other tests make many requests.
API_RATE_LIMIT = 100_000
