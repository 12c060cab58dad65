"""Health check, robots.txt, security headers and the production configuration."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_200_without_language_prefix(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("next2met.views.connection.cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_robots_txt_has_no_prefix_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body
    for language in ("de", "en", "pl"):
        assert f"Disallow: /{language}/admin/" in body


def test_static_files_have_no_prefix(client):
    response = client.get("/static/css/main.css")
    assert response.status_code == 200
    assert b".skip-link" in b"".join(response.streaming_content)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/de/privacy/", "/pl/no-such-page/", "/healthz"])
def test_security_headers(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def production_env(**extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="next2met.settings",
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
    )
    env.update(extra)
    return env


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_requires_a_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def print_setting(expression: str, env: dict) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_production_settings_secure_cookies_hsts_and_ssl():
    env = production_env()
    values = print_setting(
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, "
        "settings.STORAGES['staticfiles']['BACKEND']",
        env,
    )
    assert values == (
        "True True True 31536000 whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_cache_is_shared_database_cache_or_redis():
    env = production_env()
    assert print_setting("settings.CACHES['default']['BACKEND']", env) == (
        "next2met.cache.DatabaseCache"
    )
    env["REDIS_URL"] = "redis://127.0.0.1:6379/1"
    assert print_setting("settings.CACHES['default']['BACKEND']", env) == (
        "django.core.cache.backends.redis.RedisCache"
    )


def test_email_comes_from_the_environment():
    env = production_env(EMAIL_URL="smtp+tls://mailer:secret@mail.example.org:587")
    assert print_setting(
        "settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS",
        env,
    ) == ("django.core.mail.backends.smtp.EmailBackend mail.example.org 587 True")
    development = production_env(DJANGO_DEBUG="1")
    assert print_setting("settings.EMAIL_BACKEND", development) == (
        "django.core.mail.backends.console.EmailBackend"
    )


def test_tests_send_email_to_memory(settings):
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    assert settings.TIME_ZONE == "Europe/Berlin"
    assert settings.USE_TZ is True
