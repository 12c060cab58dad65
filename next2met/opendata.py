"""A DCAT-AP description of the portal's open data, for data portals that harvest it.

`/catalog.jsonld` describes the catalogue (the portal) and its three datasets — measures,
partner organisations, events — with their titles and descriptions in German, English and
Polish, publisher, contact point, licence (CC BY 4.0), themes and languages from the EU's
controlled vocabularies, when each last changed, and their distributions: the measures as CSV,
JSON and Atom feed, the events as an iCalendar feed, the organisations as their web list, each
per language, and each dataset through the read API (`/api/v1/…`, described by its OpenAPI
schema). The document is JSON-LD with the DCAT-AP vocabularies (dcat, dct, foaf, vcard),
so any RDF tool reads it; a test parses it as RDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.languages import language_codes

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
AUTHORITY = "http://publications.europa.eu/resource/authority"
LANGUAGE_AUTHORITY = {"de": "DEU", "en": "ENG", "pl": "POL"}
# Media types and the EU's file type names of the distributions.
FORMATS = {
    "csv": ("text/csv", "CSV"),
    "json": ("application/json", "JSON"),
    "atom": ("application/atom+xml", "ATOM"),
    "ics": ("text/calendar", "ICS"),
    "html": ("text/html", "HTML"),
    "api": ("application/json", "JSON"),
}
# The read API's description (OpenAPI 3), which its distributions conform to.
API_SCHEMA = "api-v1:openapi-json"


@dataclass(frozen=True)
class Dataset:
    key: str
    title: object  # lazy text
    description: object
    keywords: tuple[object, ...]
    themes: tuple[str, ...]  # EU data themes
    landing: str  # URL name of the public list
    distributions: tuple[tuple[str, str], ...]  # (format key, URL name), one per language
    model: str  # app_label.Model of its entries (when they last changed)


def _modified(label: str):
    """When a published entry of the model (app_label.Model) last changed."""
    from django.apps import apps

    model = apps.get_model(label)
    return model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


DATASETS = (
    Dataset(
        key="measures",
        title=_("Soft digitalisation measures"),
        description=_(
            "Good practices of regions next to metropolises for the digital change of small "
            "and medium-sized enterprises: what was done, the challenge, results, resources, "
            "difficulties and transferability, with themes, target groups, organisations, "
            "places and years."
        ),
        keywords=(_("digitalisation"), _("good practice"), _("regional development")),
        themes=("REGI", "TECH", "ECON"),
        landing="measures:index",
        distributions=(
            ("csv", "measures:export_csv"),
            ("json", "measures:export_json"),
            ("atom", "measures:feed"),
            ("api", "api-v1:measure_list"),
        ),
        model="measures.Measure",
    ),
    Dataset(
        key="organisations",
        title=_("Partner organisations"),
        description=_(
            "Regional development agencies, business support organisations, authorities and "
            "networks taking part in the portal, with their place and public contact."
        ),
        keywords=(_("regional development"), _("business support")),
        themes=("REGI", "ECON"),
        landing="partners:index",
        distributions=(("html", "partners:index"), ("api", "api-v1:organisation_list")),
        model="partners.Organisation",
    ),
    Dataset(
        key="events",
        title=_("Cross-border events"),
        description=_(
            "Matchmaking meetings, workshops, webinars and study visits of the portal's "
            "partners, with dates, time zones, format and place."
        ),
        keywords=(_("events"), _("matchmaking")),
        themes=("REGI", "ECON"),
        landing="events:index",
        distributions=(
            ("ics", "events:feed"),
            ("html", "events:index"),
            ("api", "api-v1:event_list"),
        ),
        model="events.Event",
    ),
)


def _texts(text) -> list[dict[str, str]]:
    """A translatable text in every portal language, as JSON-LD language-tagged values."""
    values = []
    for code in language_codes():
        with translation.override(code):
            values.append({"@value": str(text), "@language": code})
    return values


def _url(name: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name)


def _authority(kind: str, code: str) -> dict[str, str]:
    return {"@id": f"{AUTHORITY}/{kind}/{code}"}


def _date(value) -> dict[str, str] | None:
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"} if value else None


def catalogue_url() -> str:
    return settings.SITE_URL + reverse("catalogue")


def _publisher() -> dict:
    return {
        "@id": settings.SITE_URL + "/#publisher",
        "@type": "foaf:Agent",
        "foaf:name": "Next2Met",
        "foaf:homepage": {"@id": settings.SITE_URL + "/"},
    }


def _dataset(dataset: Dataset) -> dict:
    languages = [_authority("language", LANGUAGE_AUTHORITY[c]) for c in language_codes()]
    distributions = []
    for key, name in dataset.distributions:
        media_type, file_type = FORMATS[key]
        for code in language_codes():
            url = _url(name, code)
            api = {}
            if key == "api":
                # One address for every language: the language is a parameter.
                url = f"{url}?language={code}"
                file_type_title = f"{file_type} API"
                api = {
                    "dct:conformsTo": {"@id": _url(API_SCHEMA, code)},
                    "dcat:accessService": {
                        "@type": "dcat:DataService",
                        "dcat:endpointURL": {"@id": _url(name, code)},
                        "dcat:endpointDescription": {"@id": _url(API_SCHEMA, code)},
                    },
                }
            else:
                file_type_title = file_type
            distributions.append(
                {
                    "@id": f"{url}#distribution",
                    "@type": "dcat:Distribution",
                    "dct:title": f"{file_type_title} ({code})",
                    "dcat:accessURL": {"@id": url},
                    **({"dcat:downloadURL": {"@id": url}} if key in ("csv", "json") else {}),
                    **api,
                    "dcat:mediaType": {
                        "@id": f"https://www.iana.org/assignments/media-types/{media_type}"
                    },
                    "dct:format": _authority("file-type", file_type),
                    "dct:language": _authority("language", LANGUAGE_AUTHORITY[code]),
                    "dct:license": {"@id": LICENCE},
                }
            )
    modified = _date(_modified(dataset.model))
    return {
        "@id": f"{settings.SITE_URL}/catalog.jsonld#{dataset.key}",
        "@type": "dcat:Dataset",
        "dct:identifier": f"next2met-{dataset.key}",
        "dct:title": _texts(dataset.title),
        "dct:description": _texts(dataset.description),
        "dcat:keyword": [value for keyword in dataset.keywords for value in _texts(keyword)],
        "dcat:theme": [_authority("data-theme", theme) for theme in dataset.themes],
        "dct:language": languages,
        "dct:publisher": {"@id": settings.SITE_URL + "/#publisher"},
        "dct:license": {"@id": LICENCE},
        "dct:accessRights": _authority("access-right", "PUBLIC"),
        "dct:spatial": _authority("continent", "EUROPE"),
        "dcat:landingPage": {"@id": _url(dataset.landing, settings.LANGUAGE_CODE)},
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": "Next2Met",
            "vcard:hasEmail": {"@id": f"mailto:{settings.CONTACT_EMAIL}"},
        },
        **({"dct:modified": modified} if modified else {}),
        "dcat:distribution": distributions,
    }


def catalogue() -> dict:
    """The DCAT-AP catalogue of the portal as a JSON-LD document (three queries)."""
    datasets = [_dataset(dataset) for dataset in DATASETS]
    latest = [d["dct:modified"]["@value"] for d in datasets if "dct:modified" in d]
    return {
        "@context": CONTEXT,
        "@graph": [
            _publisher(),
            {
                "@id": catalogue_url(),
                "@type": "dcat:Catalog",
                "dct:title": _texts(_("Next2Met portal")),
                "dct:description": _texts(
                    _(
                        "Soft digitalisation measures, partner organisations and cross-border "
                        "events of European regions next to metropolises."
                    )
                ),
                "dct:publisher": {"@id": settings.SITE_URL + "/#publisher"},
                "foaf:homepage": {"@id": settings.SITE_URL + "/"},
                "dct:language": [
                    _authority("language", LANGUAGE_AUTHORITY[c]) for c in language_codes()
                ],
                "dct:license": {"@id": LICENCE},
                **(
                    {"dct:modified": {"@value": max(latest), "@type": "xsd:dateTime"}}
                    if latest
                    else {}
                ),
                "dcat:dataset": datasets,
            },
        ],
    }
