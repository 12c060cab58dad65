"""Requests for a host name the portal does not serve: a plain 400 page, never a server error."""

import logging

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db

EVIL = "evil.example"


@pytest.mark.parametrize(
    "path", ["/healthz", "/en/", "/de/measures/?q=x", "/pl/events/", "/robots.txt", "/nope"]
)
def test_an_unknown_host_gets_the_400_page_on_every_url(client, path, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.get(path, HTTP_HOST=EVIL)
    assert response.status_code == 400
    html = response.content.decode()
    language = path[1:3] if path[3:4] == "/" else "en"
    with translation.override(language):
        assert f"<h1>{translation.gettext('Bad request')}</h1>" in html
    assert EVIL not in html
    refused = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(refused) == 1
    assert refused[0].exc_info is None  # one line, no traceback
    assert EVIL in refused[0].getMessage()
    # The security headers are still sent.
    assert "default-src" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_400_page_outside_a_language_prefix_follows_the_browser(client):
    response = client.get("/healthz", HTTP_HOST=EVIL, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert '<html lang="de"' in response.content.decode()


def test_an_unknown_host_cannot_post_either(client):
    response = client.post("/en/events/x/register/", {"a": "b"}, HTTP_HOST=EVIL)
    assert response.status_code == 400


def test_the_page_cache_never_keeps_a_page_for_an_unknown_host(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    assert client.get("/en/", HTTP_HOST=EVIL).status_code == 400
    response = client.get("/en/")
    assert response.status_code == 200
    assert EVIL not in response.content.decode()


def test_a_load_balancer_probe_by_a_configured_address_gets_the_health_check(client, settings):
    settings.HEALTHZ_ALLOWED_HOSTS = ["10.0.0.7"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    # ... but only the health check: pages stay refused for that address.
    assert client.get("/en/", HTTP_HOST="10.0.0.7").status_code == 400


def test_a_probe_learns_when_the_database_is_down(client, settings, monkeypatch):
    from django.db import DatabaseError
    from django.db.backends.utils import CursorWrapper

    settings.HEALTHZ_ALLOWED_HOSTS = ["10.0.0.7"]

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 503


def test_an_allowed_host_is_served_as_before(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/").status_code == 200
