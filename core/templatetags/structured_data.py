"""Link previews and structured data of the public pages.

- `{% capture as name %}…{% endcapture %}` renders a part of a template once and keeps it for
  later (base.html keeps the title and description blocks to repeat them in the Open Graph and
  Twitter-card tags of `includes/social_meta.html`).
- `{% link_preview_image … as image %}` the image of a page's link preview: the entry's own,
  else the portal's fallback image (`static/img/og-default.png`, drawn by `tools/og_image.py`).
- `{% measure_json_ld measure %}`, `{% organisation_json_ld organisation %}` and
  `{% event_json_ld event %}` the schema.org description of a detail page as a
  `<script type="application/ld+json">` element.

Everything is built from what the page's view already has in its context (no queries of its
own): the relations used here are the ones the detail selectors load for the page itself.
The JSON is escaped like Django's `json_script`: `<`, `>` and `&` become `\\u003C`, `\\u003E`
and `\\u0026`, so no text of an entry can close the script element. An event's join link and
its registrations are never part of it.
"""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

# Open Graph wants a locale (language_TERRITORY) where the portal has languages.
OG_LOCALES = {"de": "de_DE", "en": "en_GB", "pl": "pl_PL"}

FALLBACK_IMAGE = "img/og-default.png"
FALLBACK_IMAGE_SIZE = (1200, 630)

SCHEMA = "https://schema.org"
EVENT_STATUS = {"scheduled": f"{SCHEMA}/EventScheduled", "cancelled": f"{SCHEMA}/EventCancelled"}
ATTENDANCE_MODES = {
    "online": f"{SCHEMA}/OnlineEventAttendanceMode",
    "on_site": f"{SCHEMA}/OfflineEventAttendanceMode",
    "hybrid": f"{SCHEMA}/MixedEventAttendanceMode",
}

# As django.utils.html.json_script: what could end the script element or start markup.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


# --- Capturing a part of a template ------------------------------------------------------------


class CaptureNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str):
        self.nodelist = nodelist  # searched for blocks by {% extends %} (child_nodelists)
        self.name = name

    def render(self, context) -> str:
        # The output is already escaped by the templates it comes from.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}`: render the content (blocks included) into
    the variable `name` instead of the page."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


# --- Open Graph ------------------------------------------------------------------------------


@register.filter
def og_locale(language_code: str) -> str:
    """The Open Graph locale of one of the portal's languages (`de` → `de_DE`)."""
    return OG_LOCALES.get(language_code, language_code)


def _absolute(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def link_preview_image(context, image=None, width=None, height=None, alt="") -> dict[str, Any]:
    """The link-preview image of a page: `image` (a stored image file) with its size and
    text alternative, or without one the portal's fallback image. The URL is absolute, on the
    same host as the page's canonical link."""
    if image:
        return {
            "url": _absolute(context, image.url),
            "width": width,
            "height": height,
            "alt": alt,
        }
    width, height = FALLBACK_IMAGE_SIZE
    return {
        "url": _absolute(context, static(FALLBACK_IMAGE)),
        "width": width,
        "height": height,
        # What the image shows: the portal's name and tagline.
        "alt": f"Next2Met – {_('Regions next to metropolises')}",
    }


# --- schema.org JSON-LD ------------------------------------------------------------------------


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """`data` as a `<script type="application/ld+json">` element that no text can leave."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 (escaped above)
    )


def _organization(context, organisation) -> dict[str, Any]:
    """An organisation named as author or organiser: its page on the portal, if published."""
    data = {"@type": "Organization", "name": organisation.name}
    if organisation.is_published:
        data["url"] = _absolute(context, organisation.get_absolute_url())
    return data


def _page_url(context, entry) -> str:
    return context.get("canonical_url") or _absolute(context, entry.get_absolute_url())


@register.simple_tag(takes_context=True)
def measure_json_ld(context, measure) -> SafeString:
    """A measure as a schema.org CreativeWork."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "CreativeWork",
        "url": _page_url(context, measure),
        "name": measure.title,
        "description": measure.summary,
        "inLanguage": get_language(),
        "about": [{"@type": "Thing", "name": theme.name} for theme in measure.themes.all()],
        "author": _organization(context, measure.organisation),
        "spatialCoverage": [
            *([{"@type": "Place", "name": measure.region.name}] if measure.region else []),
            {"@type": "Country", "name": str(measure.country.name)},
        ],
        "dateModified": measure.updated_at.isoformat(timespec="seconds"),
    }
    if measure.first_published_at:
        data["datePublished"] = measure.first_published_at.isoformat(timespec="seconds")
    if measure.image:
        data["image"] = _absolute(context, measure.image.url)
    return json_ld_script(data)


@register.simple_tag(takes_context=True)
def organisation_json_ld(context, organisation) -> SafeString:
    """A partner organisation as a schema.org Organization."""
    address: dict[str, Any] = {
        "@type": "PostalAddress",
        "addressCountry": organisation.country.code,
    }
    if organisation.city:
        address["addressLocality"] = organisation.city
    if organisation.region:
        address["addressRegion"] = organisation.region.name
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Organization",
        "name": organisation.name,
        # Its own website; the portal's page about it where it has none.
        "url": organisation.website or _page_url(context, organisation),
        "address": address,
    }
    if organisation.acronym and organisation.acronym != organisation.name:
        data["alternateName"] = organisation.acronym
    if organisation.description:
        data["description"] = organisation.description
    if organisation.logo:
        data["logo"] = _absolute(context, organisation.logo.url)
    return json_ld_script(data)


def _event_dates(event) -> tuple[str, str]:
    """Start and end in ISO 8601: with the offset of the event's own time zone, or only the
    local dates when the times are not known."""
    start, end = event.local_start, event.local_end
    if event.dates_only:
        return start.date().isoformat(), end.date().isoformat()
    return start.isoformat(), end.isoformat()


@register.simple_tag(takes_context=True)
def event_json_ld(context, event) -> SafeString:
    """An event as a schema.org Event. Never with the join link or registration data: an
    online event's location is its public page on the portal."""
    page_url = _page_url(context, event)
    start, end = _event_dates(event)
    locations: list[dict[str, Any]] = []
    if event.format in ("on_site", "hybrid") and event.venue:
        locations.append({"@type": "Place", "name": event.venue})
    if event.format in ("online", "hybrid"):
        locations.append({"@type": "VirtualLocation", "url": page_url})
    organisers = [] if event.organiser_only_took_part else [event.organiser]
    organisers += list(event.co_organisers.all())
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "url": page_url,
        "name": event.title,
        "description": event.summary or event.title,
        "startDate": start,
        "endDate": end,
        "eventStatus": EVENT_STATUS["cancelled" if event.is_cancelled else "scheduled"],
        "eventAttendanceMode": ATTENDANCE_MODES[event.format],
    }
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if organisers:
        data["organizer"] = [_organization(context, organisation) for organisation in organisers]
    if event.meeting_language:
        data["inLanguage"] = event.meeting_language
    return json_ld_script(data)
