"""Content for the API tests: public entries of every kind, and beside them what must never
leave the portal (drafts, a pending change, a join link, a registrant)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import cache

import pytest
from django.core.cache import cache as django_cache
from django.test import Client

from core.workflow import Status
from events.models import EventStatus, RegistrationStatus
from partners.models import ParticipationRole
from reviews.services import revision_save
from reviews.snapshots import snapshot
from tests.events.factories import EventFactory, RegistrationFactory, in_days
from tests.measures.factories import (
    InspirationFactory,
    MeasureFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from tests.partners.factories import (
    MetropolisFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProjectFactory,
    RegionFactory,
)

# What must never appear in any answer of the API.
SECRETS = {
    "draft_title": "Zz-draft-measure-title",
    "draft_slug": "zz-draft-measure",
    "pending_title": "Qq-pending-revision-title",
    "join_link": "https://zoom.example.org/j/api-secret-join",
    "registrant_email": "registrant-api@example.org",
    "registrant_name": "Registrantina",
    "draft_event_title": "Xx-draft-event-title",
    "draft_organisation": "Yy-draft-organisation",
}


@dataclass
class Content:
    measure: object
    other_measure: object
    organisation: object
    draft_organisation: object
    event: object
    past_event: object
    project: object
    region: object
    theme: object
    target_group: object


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    """Rate-limit counters are in the test database; the cache (Last-Modified) is cleared."""
    django_cache.clear()
    yield
    django_cache.clear()


@pytest.fixture
def content(db, manager_a, org_a) -> Content:
    metropolis = MetropolisFactory(slug="berlin", name_en="Berlin", name_de="Berlin")
    region = RegionFactory(
        nuts_code="DE80", name_en="Mecklenburg-Vorpommern", name_de="Mecklenburg-Vorpommern"
    )
    region.metropolises.add(metropolis)
    org_a.region = region
    org_a.email = "info@alpha.example"
    org_a.name_de = "Alpha Agentur"
    org_a.save()
    draft_organisation = OrganisationFactory(
        name_en=SECRETS["draft_organisation"], slug="draft-org", status=Status.DRAFT
    )
    project = ProjectFactory(slug="next2met", acronym="Next2Met")
    ParticipationFactory(project=project, organisation=org_a, role=ParticipationRole.LEAD_PARTNER)
    ParticipationFactory(project=project, organisation=draft_organisation)
    theme = ThemeFactory(
        slug="skills", name_en="Skills", name_de="Kompetenzen", name_pl="Umiejętności"
    )
    group = TargetGroupFactory(slug="smes", name_en="SMEs", name_de="KMU", name_pl="MŚP")
    measure = MeasureFactory(
        slug="broadband",
        title_en="Broadband for villages",
        title_de="Breitband für Dörfer",
        title_pl="",
        challenge_en="<p>Villages were offline.</p>",
        organisation=org_a,
        region=region,
        source_project=project,
        contact_email="measure-contact@alpha.example",
        themes=[theme],
        target_groups=[group],
    )
    measure.stakeholders.add(draft_organisation)
    other = MeasureFactory(slug="coworking", organisation=org_a, start_year=2015, end_year=2016)
    InspirationFactory(measure=other, source=measure)
    draft = MeasureFactory(
        slug=SECRETS["draft_slug"],
        title_en=SECRETS["draft_title"],
        status=Status.DRAFT,
        organisation=org_a,
    )
    InspirationFactory(measure=measure, source=draft)
    data = snapshot(measure)
    data["fields"]["title_en"] = SECRETS["pending_title"]
    data["fields"]["title_de"] = SECRETS["pending_title"]
    assert revision_save(obj=measure, data=data, user=manager_a) is not None
    event = EventFactory(
        slug="matchmaking",
        title_en="Matchmaking day",
        organiser=org_a,
        project=project,
        join_link=SECRETS["join_link"],
        capacity=30,
        recording_url="https://video.example.org/future",
    )
    event.measures.add(measure, draft)
    RegistrationFactory(
        event=event,
        email=SECRETS["registrant_email"],
        first_name=SECRETS["registrant_name"],
        status=RegistrationStatus.CONFIRMED,
        confirmed_at=datetime.datetime.now(datetime.UTC),
    )
    past_event = EventFactory(
        slug="past-workshop",
        organiser=org_a,
        start=in_days(-10),
        end=in_days(-10) + datetime.timedelta(hours=3),
        report_en="It went well.",
        recording_url="https://video.example.org/past",
        status=EventStatus.CANCELLED,
    )
    EventFactory(
        slug="draft-event", title_en=SECRETS["draft_event_title"], status=EventStatus.DRAFT
    )
    org_a.trusted = True
    org_a.save()
    return Content(
        measure=measure,
        other_measure=other,
        organisation=org_a,
        draft_organisation=draft_organisation,
        event=event,
        past_event=past_event,
        project=project,
        region=region,
        theme=theme,
        target_group=group,
    )


@cache
def openapi_document() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def schema_of(status: int, path: str) -> dict | None:
    """The JSON schema of the answer with `status` of the operation at `path` (a template
    such as /api/v1/measures/{slug}/), with the document's components to resolve references."""
    document = openapi_document()
    responses = document["paths"][path]["get"]["responses"]
    content = responses[str(status)].get("content")
    if content is None:
        return None
    schema = content["application/json"]["schema"]
    return {**schema, "components": document["components"]}


ENDPOINTS = {
    # template: (example list address or detail address factory)
    "/api/v1/measures/": "/api/v1/measures/",
    "/api/v1/measures/{slug}/": "/api/v1/measures/broadband/",
    "/api/v1/organisations/": "/api/v1/organisations/",
    "/api/v1/organisations/{slug}/": "/api/v1/organisations/alpha-agency/",
    "/api/v1/events/": "/api/v1/events/",
    "/api/v1/events/{slug}/": "/api/v1/events/matchmaking/",
    "/api/v1/projects/": "/api/v1/projects/",
    "/api/v1/projects/{slug}/": "/api/v1/projects/next2met/",
    "/api/v1/regions/": "/api/v1/regions/",
    "/api/v1/regions/{code}/": "/api/v1/regions/DE80/",
    "/api/v1/themes/": "/api/v1/themes/",
    "/api/v1/themes/{slug}/": "/api/v1/themes/skills/",
    "/api/v1/target_groups/": "/api/v1/target_groups/",
    "/api/v1/target_groups/{slug}/": "/api/v1/target_groups/smes/",
}
