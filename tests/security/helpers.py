"""What a browser would make of a page: script elements, event handlers and script URLs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.events.helpers import registration_data, started_value

__all__ = ["Findings", "html_findings", "registration_data", "started_value"]

SCRIPT_URL_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
# Script elements that hold data (schema.org JSON-LD): never executed, not subject to the
# script-src policy. They count as a script only when they are not plain JSON or contain a "<"
# (the portal escapes it as \u003C, so no text can close the element).
DATA_SCRIPT_TYPES = ("application/ld+json",)


@dataclass
class Findings:
    scripts: list[str] = field(default_factory=list)  # inline script bodies and foreign src
    handlers: list[tuple[str, str, str]] = field(default_factory=list)  # tag, attribute, value
    script_urls: list[tuple[str, str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data_blocks: list[str] = field(default_factory=list)  # JSON-LD, see DATA_SCRIPT_TYPES

    @property
    def dangerous(self) -> list:
        return self.scripts + self.handlers + self.script_urls


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = Findings()
        self._in_script = False
        self._in_data = False

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
            attributes = dict(attrs)
            source = attributes.get("src") or ""
            if not source and (attributes.get("type") or "").strip().lower() in DATA_SCRIPT_TYPES:
                self._in_data = True
                self.findings.data_blocks.append("")
            elif not source.startswith("/static/"):
                self._in_script = True
                self.findings.scripts.append(source)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            if self._in_data and not _plain_json(self.findings.data_blocks[-1]):
                self.findings.scripts.append(self.findings.data_blocks[-1])
            self._in_script = self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.findings.data_blocks[-1] += data
        elif self._in_script and self.findings.scripts:
            self.findings.scripts[-1] += data


def _plain_json(text: str) -> bool:
    if "<" in text:
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def html_findings(html: str) -> Findings:
    """Script elements (other than this site's static files), on* attributes, script URLs."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.findings
