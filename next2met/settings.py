"""Settings of the Next2Met portal.

One module for every environment: development defaults are safe, production is switched on by
environment variables (see `.env.example` and the README), never by editing this file.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(for local development set DJANGO_DEBUG=1, see .env.example)."
        )
    SECRET_KEY = "development-only-key-not-for-production-use-7f3c1e9a2b"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Addresses a load balancer probes /healthz by (for example the app server's own IP address):
# accepted for the health check only, not for pages.
HEALTHZ_ALLOWED_HOSTS = env.list("HEALTHZ_ALLOWED_HOSTS", default=[])

# --- Applications -----------------------------------------------------------------------------

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "next2met.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "ninja",
    "django_countries",
    "csp",
    "axes",
    "post_office",
    "core",
    "next2met",
    "partners",
    "measures",
    "events",
    "reviews",
    "alerts",
    "matchmaking",
    "api",
]

MIDDLEWARE = [
    # First: a request for a host the portal does not serve gets the plain 400 page.
    "next2met.hosts.AllowedHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "api.middleware.ApiCorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Public pages of visitors without a session from the shared cache (next2met.pagecache).
    "next2met.pagecache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses logins of a locked-out user name and address before checking the password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "next2met.urls"
WSGI_APPLICATION = "next2met.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "next2met.context_processors.site",
            ],
        },
    },
]

# --- Database, cache, sessions ---------------------------------------------------------------

# Without DATABASE_URL, libpq's defaults apply (local socket, current user, PG* variables).
DATABASES = {"default": env.db("DATABASE_URL", default="postgres:///next2met")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "next2met",
        }
    }
else:
    # A database cache is shared by every worker and every app server; this one writes with
    # one statement and counts its table only when it culls (next2met.cache).
    CACHES = {
        "default": {
            "BACKEND": "next2met.cache.DatabaseCache",
            "LOCATION": "next2met_cache",
            "KEY_PREFIX": "next2met",
            "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4, "CULL_EVERY": 200},
        }
    }

# Whole public pages for visitors without a session; a change of public content makes them
# stale at once, the clock (upcoming events on the home page) after at most this many seconds.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 60)
# The views whose pages are cached (next2met.pagecache): pages with few addresses that many
# visitors ask for, where `make bench` shows a stored copy to save much more than a miss costs
# (README, Speed). Detail pages have too many addresses to be asked for twice within the
# lifetime; event pages show free seats and are never cached.
PAGE_CACHE_VIEWS = ["home", "measures:index", "partners:index"]

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Passwords ---------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and time ------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("pl", _("Polish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True

# Content translation: requested language, then English, German, Polish. Content fields,
# search columns and the SQL that reads them are derived from LANGUAGES (core.languages):
# another language is a line here (with its search configuration) plus migrations.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("en", "de", "pl"),
}
# PostgreSQL's text search configuration per language ("simple", without stemming, where
# PostgreSQL has none, as for Polish: typo tolerance then finds the inflected forms).
SEARCH_CONFIGURATIONS = {"de": "german", "en": "english", "pl": "simple"}
# jQuery UI for the admin's tabbed translation fields, served from this site
# (static/vendor/jquery-ui/), never from a CDN; modeltranslation reads these two names.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
JQUERY_URL = "admin/js/vendor/jquery/jquery.min.js"

# --- Static and media files --------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail ------------------------------------------------------------------------------------

# EMAIL_URL, for instance smtp+tls://user:password@mail.example.org:587
vars().update(
    env.email_url(
        "EMAIL_URL",
        default="consolemail://" if DEBUG else "smtp://localhost:25",
    )
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Next2Met <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
ADMINS = [("Operator", address) for address in env.list("ADMINS", default=[])]

# --- Security ----------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"

SECURE_COOKIES = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    # The reverse proxy terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Every resource comes from this site: no CDN, no third-party request of any kind.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Admin login brute force (django-axes) ----------------------------------------------------

# After AXES_FAILURE_LIMIT wrong passwords for one user name from one address, that pair is
# locked out for AXES_COOLOFF_HOURS. Behind a reverse proxy the address comes from
# CLIENT_IP_HEADER (see core.http.client_ip), so one client cannot lock out everyone.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_LOCKOUT_TEMPLATE = "403_lockout.html"
# Password reset e-mails one client address may request per hour.
PASSWORD_RESET_RATE_LIMIT = env.int("PASSWORD_RESET_RATE_LIMIT", default=5)
AXES_VERBOSE = False
# Attempts are kept in the database; the user agent and path are not needed.
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# --- Logging (no personal data: IP addresses and e-mail addresses are never logged) -----------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {
        # Secret link tokens and e-mail addresses never reach a log line or an error report.
        "redact_private_data": {"()": "next2met.logging.RedactPrivateData"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_private_data"],
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "redact_private_data"],
            "reporter_class": "next2met.logging.RedactingExceptionReporter",
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Server errors go to ADMINS (if any) as well as to the console.
        "django": {"handlers": ["mail_admins"]},
        # Request logs carry client addresses; the reverse proxy's access log is the place
        # for those, under its own retention rules.
        "django.request": {"level": "ERROR"},
        "django.server": {
            "handlers": ["console"],
            "level": "WARNING" if not DEBUG else "INFO",
            "propagate": False,
        },
        # The PDF renderer reports every step at INFO; only its warnings (an image it could
        # not read, say) are of interest.
        "weasyprint": {"level": "WARNING"},
    },
}

# --- Portal ------------------------------------------------------------------------------------

# Public base URL used in e-mails, feeds and canonical links outside a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Public contact address shown in the imprint and the accessibility statement.
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="moeller@witeno.de")

# --- Events --------------------------------------------------------------------------------------

# Hours a registrant has to confirm the e-mail address before the registration expires.
EVENTS_CONFIRMATION_HOURS = env.int("EVENTS_CONFIRMATION_HOURS", default=48)
# Days before the start when confirmed participants receive the join link.
EVENTS_REMINDER_DAYS = env.int("EVENTS_REMINDER_DAYS", default=3)
# Days after the end of an event when registrations are anonymised.
EVENTS_PURGE_DAYS = env.int("EVENTS_PURGE_DAYS", default=90)
# Hours after the end of an event when participants get the follow-up e-mail (time for the
# organisers to take attendance first).
EVENTS_FOLLOWUP_HOURS = env.int("EVENTS_FOLLOWUP_HOURS", default=24)
# Registration form: valid submissions per client address and window, a much higher ceiling
# for submissions of any kind (invalid ones included), and the minimum fill time.
EVENTS_RATE_LIMIT = env.int("EVENTS_RATE_LIMIT", default=10)
EVENTS_RATE_LIMIT_ATTEMPTS = env.int("EVENTS_RATE_LIMIT_ATTEMPTS", default=100)
EVENTS_RATE_WINDOW_SECONDS = env.int("EVENTS_RATE_WINDOW_SECONDS", default=3600)
EVENTS_FORM_MIN_SECONDS = env.int("EVENTS_FORM_MIN_SECONDS", default=3)
# The request header that carries the client address behind a trusted reverse proxy, for
# example HTTP_X_FORWARDED_FOR; empty means REMOTE_ADDR.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
# Read API (/api/v1/): requests per client address and window.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=300)
API_RATE_WINDOW_SECONDS = env.int("API_RATE_WINDOW_SECONDS", default=60)

# Queued e-mail (django-post_office): messages are stored with the change that causes them and
# sent by `manage.py deliver_mail` (next2met.mail). A message the mail server refuses is tried
# again after a pause that doubles each time, from EMAIL_RETRY_MINUTES up to
# EMAIL_RETRY_MAX_MINUTES, for as long as it is useful (until the confirmation link expires, the
# event ends, …); messages without such a deadline for EMAIL_RETRY_HOURS after queuing.
EMAIL_RETRY_MINUTES = env.int("EMAIL_RETRY_MINUTES", default=5)
EMAIL_RETRY_MAX_MINUTES = env.int("EMAIL_RETRY_MAX_MINUTES", default=60)
EMAIL_RETRY_HOURS = env.int("EMAIL_RETRY_HOURS", default=48)
# Registering again with the same address re-sends the link at most this often per hour.
EVENTS_RESEND_LIMIT = env.int("EVENTS_RESEND_LIMIT", default=3)
POST_OFFICE = {
    # EMAIL_BACKEND (from EMAIL_URL) behind a thin wrapper, see next2met.mail.DeliveryBackend.
    "BACKENDS": {"default": "next2met.mail.DeliveryBackend"},
    "DEFAULT_PRIORITY": "medium",
    # The portal's sender decides when to give up (above); post_office's count must not.
    "MAX_RETRIES": 1_000_000,
    "RETRY_INTERVAL": datetime.timedelta(minutes=EMAIL_RETRY_MINUTES),
    "MESSAGE_ID_ENABLED": True,
    "LOG_LEVEL": 1,
}

# --- Alerts --------------------------------------------------------------------------------------

# E-mail digests of new measures and events for a list's filters (alerts): hours to follow the
# confirmation link, days after which unconfirmed or cancelled subscriptions are deleted,
# confirmation e-mails re-sent per hour for one subscription, and the subscription form's rate
# limits per client address (valid forms, forms of any kind, window).
ALERTS_CONFIRMATION_HOURS = env.int("ALERTS_CONFIRMATION_HOURS", default=48)
ALERTS_UNCONFIRMED_DAYS = env.int("ALERTS_UNCONFIRMED_DAYS", default=7)
ALERTS_RESEND_LIMIT = env.int("ALERTS_RESEND_LIMIT", default=3)
ALERTS_RATE_LIMIT = env.int("ALERTS_RATE_LIMIT", default=10)
ALERTS_RATE_LIMIT_ATTEMPTS = env.int("ALERTS_RATE_LIMIT_ATTEMPTS", default=100)
ALERTS_RATE_WINDOW_SECONDS = env.int("ALERTS_RATE_WINDOW_SECONDS", default=3600)
