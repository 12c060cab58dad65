"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

No browser is downloaded: Playwright starts the Chromium the machine has. Where it is missing on
a developer's machine the browser tests are skipped with a message saying how to install it; on
CI (environment variable CI set) a missing browser is an error.
"""

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's synchronous API runs an event loop in the test thread; the database access of
# the test itself stays synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
INSTALL_HINT = (
    "Chromium is not installed: install it with 'sudo apt-get install chromium' "
    "(or set CHROMIUM_PATH to a Chromium or Chrome binary) to run the browser tests."
)
AXE_HINT = "axe-core is missing: run 'make install' (it needs npm) to run the accessibility checks."


def chromium_path() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"]
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")]
    return next((path for path in candidates if path and os.path.exists(path)), None)


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


def _missing(message: str):
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        _missing(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class PageProblems:
    """Console errors (CSP violations among them) and requests that leave the live server."""

    def __init__(self, origin: str):
        self.origin = origin
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []

    def on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign_requests.append(request.url)


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab; the test fails on any console error or third-party request."""
    context = browser.new_context(locale="en-GB", base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    problems = PageProblems(live_server.url)
    tab.on("console", problems.on_console)
    tab.on("request", problems.on_request)
    yield tab
    context.close()
    assert problems.foreign_requests == [], "requests left the site"
    assert problems.console_errors == [], "the browser console reported errors"


@pytest.fixture
def axe():
    """Check the page in a tab with axe-core against WCAG 2.1 A and AA rules."""
    if not AXE_SCRIPT.exists():
        _missing(AXE_HINT)
    source = AXE_SCRIPT.read_text(encoding="utf-8")

    def check(tab, *, context: str = "", within: str | None = None):
        """`within`: a CSS selector to check only those parts of the page (the portal's own
        additions to Django's admin pages)."""
        if not tab.evaluate("() => typeof window.axe !== 'undefined'"):
            tab.evaluate(source)
        result = tab.evaluate(
            "([tags, within]) => axe.run(within ? {include: [[within]]} : document,"
            " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],"
            " preload: !within})",
            [WCAG_TAGS, within],
        )
        violations = [
            {
                "rule": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in result["violations"]
        ]
        assert violations == [], f"axe-core on {context or tab.url}:\n" + json.dumps(
            violations, indent=2
        )

    return check
