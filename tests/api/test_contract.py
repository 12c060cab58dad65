"""Answers against the OpenAPI schema the API publishes: every endpoint in every language,
every documented filter, every error answer."""

import json

import pytest
from jsonschema import Draft202012Validator

from tests.api.conftest import ENDPOINTS, openapi_document, schema_of

pytestmark = pytest.mark.django_db


def assert_valid(response, template: str):
    schema = schema_of(response.status_code, template)
    if schema is None:
        assert response.content == b""
        return
    Draft202012Validator(schema).validate(json.loads(response.content))


def test_the_schema_describes_the_api(client):
    document = openapi_document()
    assert document["openapi"].startswith("3.")
    info = document["info"]
    assert info["title"] and info["version"] == "1.0.0" and info["description"]
    assert "CC BY 4.0" in info["license"]["name"]
    assert set(document["paths"]) == set(ENDPOINTS)
    for template, item in document["paths"].items():
        responses = item["get"]["responses"]
        expected = {"200", "304", "400", "429"} | ({"404"} if "{" in template else set())
        assert set(responses) == expected, template
        for status, answer in responses.items():
            assert answer["description"], (template, status)


@pytest.mark.parametrize("template", ENDPOINTS)
@pytest.mark.parametrize("language", ["de", "en", "pl", "all"])
def test_every_answer_matches_the_schema(client, content, template, language):
    response = client.get(ENDPOINTS[template], {"language": language})
    assert response.status_code == 200
    assert_valid(response, template)


def _filter_values(content) -> dict[str, dict[str, list]]:
    """A valid value for every documented filter of each list."""
    return {
        "/api/v1/measures/": {
            "q": ["broadband"],
            "theme": ["skills"],
            "kind": ["service"],
            "target": ["smes"],
            "country": ["DE"],
            "region": ["DE80"],
            "organisation": ["alpha-agency"],
            "project": ["next2met"],
            "state": ["ongoing"],
            "year_from": ["2000"],
            "year_to": ["2030"],
            "lang": ["en"],
        },
        "/api/v1/organisations/": {"kind": ["regional_authority"], "country": ["DE"]},
        "/api/v1/events/": {
            "kind": ["workshop"],
            "format": ["online"],
            "meeting_language": ["en"],
            "organiser": ["alpha-agency"],
            "project": ["next2met"],
        },
    }


def test_every_documented_filter_is_exercised(client, content):
    document = openapi_document()
    values = _filter_values(content)
    values["/api/v1/organisations/"]["project"] = ["next2met"]
    for template, filters in values.items():
        documented = {
            parameter["name"]
            for parameter in document["paths"][template]["get"]["parameters"]
            if parameter["in"] == "query"
        }
        assert documented - {"language", "limit", "cursor"} == set(filters), template
        for name, value in filters.items():
            response = client.get(template, {name: value, "language": "all"})
            assert response.status_code == 200, (template, name, response.content)
            assert response.json()["results"], (template, name)
            assert_valid(response, template)


@pytest.mark.parametrize("template", ENDPOINTS)
def test_every_error_answer_matches_the_schema(client, content, template, settings):
    url = ENDPOINTS[template]
    invalid = client.get(url, {"language": "xx"})
    assert invalid.status_code == 400
    assert_valid(invalid, template)
    ok = client.get(url)
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=ok["ETag"])
    assert not_modified.status_code == 304
    assert_valid(not_modified, template)
    if "{" in template:
        missing = client.get(url.rstrip("/").rsplit("/", 1)[0] + "/XX0/")
        assert missing.status_code == 404
        assert_valid(missing, template)
    settings.API_RATE_LIMIT = 0
    limited = client.get(url)
    assert limited.status_code == 429
    assert_valid(limited, template)
