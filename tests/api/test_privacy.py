"""Only public content leaves the portal through the API: no draft, no pending change, no join
link, no registrant, no private field, in any answer, language or filter."""

import json

import pytest

from tests.api.conftest import ENDPOINTS, SECRETS

pytestmark = pytest.mark.django_db

# Keys of private fields: never a member of any object of any answer.
FORBIDDEN_KEYS = {
    "join_link",
    "seats_taken",
    "registrations",
    "registration_enabled",
    "trusted",
    "status_changed_by",
    "status_changed_at",
    "memberships",
    "token_hash",
    "token_nonce",
}
LIST_QUERIES = [
    {},
    {"q": "broadband"},
    {"theme": "skills"},
    {"organisation": "alpha-agency"},
    {"kind": "workshop"},
    {"organiser": "alpha-agency"},
    {"project": "next2met"},
    {"limit": "1"},
]


def keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys(item)


def answers(client):
    """Every answer of every endpoint, in every language, lists also filtered."""
    for template, url in ENDPOINTS.items():
        queries = LIST_QUERIES if template.endswith("s/") else [{}]
        for query in queries:
            for language in ("de", "en", "pl", "all"):
                response = client.get(url, {**query, "language": language})
                yield url, response


def test_no_answer_holds_anything_private(client, content):
    seen = 0
    for url, response in answers(client):
        if response.status_code != 200:
            assert response.status_code == 400, url  # a filter this list does not know
            continue
        seen += 1
        text = response.content.decode()
        for name, secret in SECRETS.items():
            assert secret not in text, (url, name)
        assert not FORBIDDEN_KEYS & set(keys(json.loads(text))), url
    assert seen > 100


def test_the_public_entries_are_there_and_nothing_else(client, content):
    measures = client.get("/api/v1/measures/").json()["results"]
    assert {m["slug"] for m in measures} == {"broadband", "coworking"}
    broadband = next(m for m in measures if m["slug"] == "broadband")
    # The approved title, not the pending change; a draft source is no inspiration.
    assert broadband["title"] == "Broadband for villages"
    assert broadband["inspired_by"] == []
    assert [s["slug"] for s in broadband["stakeholders"]] == []  # a draft partner
    assert broadband["contact_email"] == "measure-contact@alpha.example"  # on its page
    events = client.get("/api/v1/events/").json()["results"]
    assert {e["slug"] for e in events} == {"matchmaking", "past-workshop"}
    assert {e["slug"]: e["measures"] for e in events}["matchmaking"] == ["broadband"]
    organisations = client.get("/api/v1/organisations/").json()["results"]
    slugs = {o["slug"] for o in organisations}
    assert "alpha-agency" in slugs and "draft-org" not in slugs
    project = client.get("/api/v1/projects/next2met/").json()
    assert [p["organisation"] for p in project["partners"]] == ["alpha-agency"]


def test_drafts_are_not_found(client, content):
    for url in (
        f"/api/v1/measures/{SECRETS['draft_slug']}/",
        "/api/v1/events/draft-event/",
        "/api/v1/organisations/draft-org/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["status"] == 404


def test_recording_and_report_only_once_an_event_is_over(client, content):
    upcoming = client.get("/api/v1/events/matchmaking/").json()
    assert upcoming["recording"] is None and upcoming["report"] is None
    past = client.get("/api/v1/events/past-workshop/").json()
    assert past["recording"] == "https://video.example.org/past"
    assert past["report"] == "It went well."
    assert past["status"] == "cancelled"
