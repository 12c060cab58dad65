"""Secret link tokens never reach a log line: Django's loggers, error e-mails, gunicorn's logs.

The manage link of a registration (`/<lang>/events/registration/<token>/…`) and the password
link of staff (`/<lang>/admin/reset/<uidb64>/<token>/`) carry secrets in their paths; whoever
reads a log line holding one could use it.
"""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from gunicorn.config import Config

from events import services
from next2met.logging import RedactPrivateData, redact
from tests.events.factories import RegistrationFactory, manage_token

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONFIG = ROOT / "next2met" / "gunicorn.conf.py"
TOKEN = "3f9a" * 16  # the shape of a real token: 64 hexadecimal digits


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            f'"GET /en/events/registration/{TOKEN}/ HTTP/1.1" 200',
            '"GET /en/events/registration/[token]/ HTTP/1.1" 200',
        ),
        (
            f"/de/events/registration/{TOKEN}/erase/",
            "/de/events/registration/[token]/erase/",
        ),
        (
            f"/pl/events/registration/{TOKEN}/calendar.ics",
            "/pl/events/registration/[token]/calendar.ics",
        ),
        (
            f"Not Found: /en/events/registration/{TOKEN}x/",
            "Not Found: /en/events/registration/[token]/",
        ),
        (
            f"https://portal.example.org/en/events/registration/{TOKEN}/?a=1",
            "https://portal.example.org/en/events/registration/[token]/?a=1",
        ),
        (
            f"/en/events//registration%2F{TOKEN}/",
            "/en/events//registration%2F[token]/",
        ),
        (
            "/en/admin/reset/MTI/cf3k2z-9d8a7b6c5e4f3a2b1c0d/",
            "/en/admin/reset/MTI/[token]/",
        ),
        ("/en/admin/reset/done/", "/en/admin/reset/done/"),
        (f"/pl/alerts/manage/{TOKEN}/erase/", "/pl/alerts/manage/[token]/erase/"),
        (
            f'"POST /de/alerts/unsubscribe/{TOKEN}/ HTTP/1.1" 200',
            '"POST /de/alerts/unsubscribe/[token]/ HTTP/1.1" 200',
        ),
        ("/en/alerts/measures/?theme=energy", "/en/alerts/measures/?theme=energy"),
        ("/en/events/some-workshop/register/", "/en/events/some-workshop/register/"),
        ("mail to anna@example.org failed", "mail to [e-mail address] failed"),
    ],
)
def test_redact_replaces_tokens_and_addresses(line, expected):
    assert redact(line) == expected


@pytest.fixture
def captured_console():
    """The configured console handler, writing into a buffer instead of stderr."""
    (console,) = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactPrivateData) for f in handler.filters)
    ]
    buffer = io.StringIO()
    previous = console.setStream(buffer)
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.INFO)  # also the warnings for 404 answers
    yield buffer
    request_logger.setLevel(level)
    console.setStream(previous)


@pytest.mark.django_db
def test_a_manage_link_leaves_no_token_in_the_django_log(client, captured_console):
    registration = RegistrationFactory()
    token = manage_token(registration)
    unknown = "0" * 64
    assert client.get(reverse("events:manage", args=[token])).status_code == 200
    assert client.get(reverse("events:manage", args=[unknown])).status_code == 404
    assert client.get(reverse("events:manage_erase", args=[unknown])).status_code == 404
    assert client.get(reverse("events:manage_calendar", args=[unknown])).status_code == 404
    # A button on a page kept open too long: the CSRF check refuses it and logs the path.
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(
        reverse("events:manage", args=[token]), {"action": "cancel"}
    ).status_code == (403)
    written = captured_console.getvalue()
    assert "Not Found: /en/events/registration/[token]/" in written
    assert "Forbidden (CSRF cookie not set.): /en/events/registration/[token]/" in written
    assert token not in written and unknown not in written


@pytest.mark.django_db
def test_a_server_error_on_a_manage_page_mails_no_token(monkeypatch, settings, mailoutbox):
    settings.ADMINS = [("Operator", "ops@example.org")]
    registration = RegistrationFactory()
    token = manage_token(registration)

    def database_gone(*, token):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "registration_by_token", database_gone)
    client = Client(raise_request_exception=False)
    url = reverse("events:manage", args=[token])
    response = client.get(url, HTTP_REFERER=f"https://portal.example.org{url}")
    assert response.status_code == 500
    (report,) = mailoutbox
    assert "/en/events/registration/[token]/" in report.subject
    assert "/en/events/registration/[token]/" in report.body
    assert token not in report.subject and token not in report.body
    assert all(token not in str(content) for content, _type in report.alternatives)


def test_the_gunicorn_error_log_is_redacted(tmp_path):
    config_namespace = {}
    exec(compile(GUNICORN_CONFIG.read_text(), str(GUNICORN_CONFIG), "exec"), config_namespace)
    config = Config()
    config.set("errorlog", str(tmp_path / "error.log"))
    logger = config_namespace["RedactingLogger"](config)
    try:
        raise OSError("connection reset")
    except OSError:
        logger.exception("Error handling request /en/events/registration/%s/", TOKEN)
    for handler in logger.error_log.handlers:
        handler.flush()
    written = (tmp_path / "error.log").read_text()
    assert "Error handling request /en/events/registration/[token]/" in written
    assert TOKEN not in written


# --- gunicorn, as `make serve` starts it ------------------------------------------------------


def database_url() -> str:
    """The test database, for a server in another process."""
    db = connection.settings_dict
    credentials = ""
    if db["USER"]:
        credentials = quote(db["USER"], safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        credentials += "@"
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}{host}{port}/{quote(db['NAME'], safe='')}"


def listening_port(error_log: Path, server: subprocess.Popen) -> int:
    """The port gunicorn was given by the system (bound to port 0, so that test processes
    running side by side never race for one), as it reports it in its error log."""
    deadline = time.monotonic() + 60
    text = ""
    while time.monotonic() < deadline and server.poll() is None:
        text = error_log.read_text() if error_log.exists() else ""
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", text)
        if found:
            return int(found[1])
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not start listening:\n{text[-3000:]}")


def fetch(url: str, **headers) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_gunicorn_access_log_shows_no_token_and_no_client_address(tmp_path):
    registration = RegistrationFactory()
    token = manage_token(registration)
    access_log = tmp_path / "access.log"
    error_log = tmp_path / "error.log"
    stderr = (tmp_path / "stderr.log").open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "next2met.wsgi",
            "--config",
            str(GUNICORN_CONFIG),
            "--bind",
            "127.0.0.1:0",
            "--workers",
            "1",
            "--access-logfile",
            str(access_log),
            "--error-logfile",
            str(error_log),
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": database_url(),
            "SECRET_KEY": django_settings.SECRET_KEY,
        },
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    manage = reverse("events:manage", args=[token])
    try:
        base = f"http://127.0.0.1:{listening_port(error_log, server)}"
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(f"{base}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert fetch(base + manage) == 200, (tmp_path / "stderr.log").read_text()[-3000:]
        assert fetch(base + reverse("events:manage_erase", args=[token])) == 200
        assert fetch(base + reverse("events:manage_calendar", args=[token])) == 404
        # A page loaded from the manage page names it as the referrer.
        referrer = f"https://portal.example.org{manage}"
        assert fetch(f"{base}/robots.txt", Referer=referrer) == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
        stderr.close()

    lines = access_log.read_text().splitlines()
    manage_lines = [line for line in lines if "/events/registration/" in line]
    assert len(manage_lines) == 4, lines
    assert any('"GET /en/events/registration/[token]/ HTTP/1.1" 200' in line for line in lines)
    assert any(
        '"GET /en/events/registration/[token]/erase/ HTTP/1.1" 200' in line for line in lines
    )
    assert any(
        '/en/events/registration/[token]/calendar.ics HTTP/1.1" 404' in line for line in lines
    )
    assert any(
        '"GET /robots.txt HTTP/1.1" 200' in line
        and '"https://portal.example.org/en/events/registration/[token]/"' in line
        for line in lines
    )
    assert all(token not in line for line in lines)
    assert all("127.0.0.1 " not in line for line in lines)
