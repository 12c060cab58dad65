"""What a browser would make of a page: script elements, event handlers and script URLs."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.events.helpers import registration_data, started_value

__all__ = ["Findings", "html_findings", "registration_data", "started_value"]

SCRIPT_URL_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


@dataclass
class Findings:
    scripts: list[str] = field(default_factory=list)  # inline script bodies and foreign src
    handlers: list[tuple[str, str, str]] = field(default_factory=list)  # tag, attribute, value
    script_urls: list[tuple[str, str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def dangerous(self) -> list:
        return self.scripts + self.handlers + self.script_urls


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = Findings()
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.findings.tags.append(tag)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.handlers.append((tag, name, value))
            normalised = "".join(value.split()).lower()
            if name in ("href", "src", "action", "formaction", "xlink:href") and (
                normalised.startswith(SCRIPT_URL_SCHEMES)
            ):
                self.findings.script_urls.append((tag, name, value))
        if tag == "script":
            source = dict(attrs).get("src") or ""
            if not source.startswith("/static/"):
                self._in_script = True
                self.findings.scripts.append(source)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and self.findings.scripts:
            self.findings.scripts[-1] += data


def html_findings(html: str) -> Findings:
    """Script elements (other than this site's static files), on* attributes, script URLs."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.findings
