"""The documented shapes of the API's answers and parameters (OpenAPI 3 through django-ninja).

Answers are written by `api.selectors` and checked against these schemas by the contract tests;
every object forbids members it does not declare, so that nothing undocumented (or private)
slips into an answer unnoticed.
"""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from events.models import EventFormat, EventKind, EventStatus, MeetingLanguage
from measures.filters import QUERY_MAX_LENGTH, Lifecycle
from measures.models import YEAR_MAX, YEAR_MIN, MeasureKind
from partners.models import OrganisationKind, ParticipationRole

LANGUAGE_DESCRIPTION = (
    "Language of the texts: `de`, `en` or `pl` gives each text as a string in that language, "
    "falling back to English, German, Polish where it has none (as the pages do); `all` gives "
    "each text as an object with a member per language (null where there is none). Without "
    "it, the language of the Accept-Language header (else English). Error messages follow it "
    "too (`all`: Accept-Language)."
)
TEXT_NOTE = " A string, or with `language=all` an object {de, en, pl}."


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class Texts(Strict):
    """A translated text in every language (null where there is none)."""

    de: str | None
    en: str | None
    pl: str | None


Text = str | Texts


# --- Errors -----------------------------------------------------------------------------------


class ErrorDetail(Strict):
    parameter: str | None = Field(description="The query parameter at fault (null when none is).")
    message: str = Field(description="What is wrong, in the language the request asked for.")


class ErrorOut(Strict):
    status: int
    title: str
    errors: list[ErrorDetail]


# --- Pagination -------------------------------------------------------------------------------


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The schema of a page of `item`s."""
    return type(
        name,
        (Strict,),
        {
            "__annotations__": {"limit": int, "next": str | None, "results": list[item]},
            "__doc__": f"A page of {item.__name__}s in id order.",
            "next": Field(
                description="Address of the next page (null on the last one): the same "
                "parameters with the cursor of the next page."
            ),
        },
    )


# --- Parameters -------------------------------------------------------------------------------


class LanguageParams(Schema):
    language: Literal["de", "en", "pl", "all"] | None = Field(
        None, description=LANGUAGE_DESCRIPTION
    )


class PageParams(LanguageParams):
    limit: int = Field(20, ge=1, le=100, description="Entries per page, 1 to 100.")
    cursor: str | None = Field(
        None,
        max_length=64,
        description="Opaque position of a page: take it from `next` of the page before.",
    )


def _values(description: str, **extra) -> object:
    return Field(None, description=description + " Repeat the parameter for several.", **extra)


class MeasureFilters(PageParams):
    q: str | None = Field(
        None,
        max_length=QUERY_MAX_LENGTH,
        description='Full-text search as on the measure list: words, "a phrase", -excluded, '
        "a or b; typos still find. Searched in the answer's language (with `all`: the "
        "Accept-Language one).",
    )
    theme: list[str] | None = _values("Slug of a theme (see /themes/).")
    kind: list[MeasureKind] | None = _values("Kind of measure.")
    target: list[str] | None = _values("Slug of a target group (see /target_groups/).")
    country: list[str] | None = _values("ISO 3166-1 alpha-2 code of a country.")
    region: list[str] | None = _values(
        "NUTS code of a region (see /regions/); it holds the regions within it."
    )
    organisation: list[str] | None = _values("Slug of the main organisation.")
    project: list[str] | None = _values("Slug of the source project.")
    state: Lifecycle | None = Field(
        None, description="`ongoing` (no end year, or ending this year or later) or `completed`."
    )
    year_from: int | None = Field(
        None, ge=YEAR_MIN, le=YEAR_MAX, description="Started in or after this year."
    )
    year_to: int | None = Field(
        None, ge=YEAR_MIN, le=YEAR_MAX, description="Started in or before this year."
    )
    lang: Literal["de", "en", "pl"] | None = Field(
        None, description="Only measures fully described in this language."
    )


class OrganisationFilters(PageParams):
    kind: OrganisationKind | None = Field(None, description="Kind of organisation.")
    country: str | None = Field(
        None, description="ISO 3166-1 alpha-2 code of a country that has a published partner."
    )
    project: str | None = Field(
        None, description="Slug of a project the organisation takes part in."
    )


class EventFilters(PageParams):
    kind: EventKind | None = Field(None, description="Kind of event.")
    format: EventFormat | None = Field(None, description="Format of the event.")
    meeting_language: MeetingLanguage | None = Field(
        None, description="Language the event is held in."
    )
    organiser: str | None = Field(
        None, description="Slug of the organiser (an organisation that organised events)."
    )
    project: str | None = Field(None, description="Slug of the event's project.")


# --- Measures ---------------------------------------------------------------------------------


class StakeholderOut(Strict):
    slug: str
    name: Text


class InspirationOut(Strict):
    slug: str
    url: str
    note: Text


class PresentationOut(Strict):
    slug: str
    url: str
    title: Text
    start: str


class SectionOut(Strict):
    key: str = Field(description="challenge, description, … (the field the section shows).")
    heading: Text
    html: Text = Field(description="Sanitised HTML." + TEXT_NOTE)


class MeasureOut(Strict):
    """A published measure with every public field, as the open-data JSON export writes it."""

    id: int
    slug: str
    url: str
    title: Text
    summary: Text
    description: Text
    challenge: Text
    results: Text
    resources_needed: Text
    difficulties: Text
    transfer_potential: Text
    kind: MeasureKind
    themes: list[str]
    target_groups: list[str]
    organisation: str
    organisation_name: Text
    stakeholders: list[StakeholderOut]
    other_stakeholders: str
    country: str
    region: str
    region_name: Text | None
    city: str
    source_project: str
    source_project_acronym: str
    source_project_title: Text | None
    start_year: int | None
    end_year: int | None
    funding: str
    website: str
    contact_name: str
    contact_email: str = Field(description="The contact address the measure's page shows.")
    image: str
    image_alt: Text
    inspired_by: list[InspirationOut]
    inspired: list[InspirationOut]
    events: list[PresentationOut]
    languages: list[str]
    published: str
    updated: str


class MeasureDetailOut(MeasureOut):
    sections: list[SectionOut] = Field(
        description="The text sections of the measure's page that have content, in its order."
    )


# --- Organisations ----------------------------------------------------------------------------


class ParticipationOut(Strict):
    slug: str
    acronym: str
    role: ParticipationRole | None


class OrganisationOut(Strict):
    id: int
    slug: str
    url: str
    name: Text
    acronym: str
    kind: OrganisationKind
    country: str
    region: str | None
    region_name: Text | None
    city: Text
    website: str
    email: str = Field(description="The public contact address its page shows.")
    phone: str
    description: Text
    logo: str | None
    projects: list[ParticipationOut]
    updated: str


class EntryLinkOut(Strict):
    slug: str
    url: str
    title: Text


class OrganisationMeasuresOut(Strict):
    count: int
    newest: list[EntryLinkOut]


class OrganisationDetailOut(OrganisationOut):
    measures: OrganisationMeasuresOut
    events: list[EntryLinkOut]


# --- Events -----------------------------------------------------------------------------------


class EventOut(Strict):
    """A public (published or cancelled) event. The join link, seats and registrations are
    never part of the API."""

    id: int
    slug: str
    url: str
    calendar: str
    title: Text
    summary: Text
    description: Text
    kind: EventKind
    status: Literal[EventStatus.PUBLISHED, EventStatus.CANCELLED]
    start: str
    end: str
    dates_only: bool
    time_zone: str
    format: EventFormat
    venue: Text
    platform: str
    meeting_language: str | None
    interpretation_languages: list[str]
    moderator: str
    organiser: str
    organiser_only_took_part: bool
    co_organisers: list[str]
    project: str | None
    capacity: int | None
    measures: list[str]
    recording: str | None = Field(description="Address of the recording, once it is over.")
    report: Text | None = Field(description="What happened, once it is over.")
    updated: str


# --- Projects, regions, vocabularies ----------------------------------------------------------


class ProjectPartnerOut(Strict):
    organisation: str
    role: ParticipationRole | None


class ProjectOut(Strict):
    id: int
    slug: str
    url: str
    acronym: str
    title: Text
    description: Text
    programme: Text
    fund: Text
    start_date: str | None
    end_date: str | None
    website: str
    partners: list[ProjectPartnerOut]


class MetropolisOut(Strict):
    slug: str
    name: Text


class RegionOut(Strict):
    id: int
    code: str = Field(description="NUTS code.")
    url: str
    nuts_level: int
    country: str
    name: Text
    description: Text
    metropolises: list[MetropolisOut]


class TermOut(Strict):
    id: int
    slug: str
    measures: str = Field(description="Address of the measures with this term.")
    name: Text
    description: Text


MeasurePage = page_of(MeasureOut, "MeasurePage")
OrganisationPage = page_of(OrganisationOut, "OrganisationPage")
EventPage = page_of(EventOut, "EventPage")
ProjectPage = page_of(ProjectOut, "ProjectPage")
RegionPage = page_of(RegionOut, "RegionPage")
TermPage = page_of(TermOut, "TermPage")
