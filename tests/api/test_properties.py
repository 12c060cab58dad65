"""Any combination of the public parameters, valid or hostile, answers 200 or 400 with JSON
that matches the published schema: never a server error."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from api.pagination import cursor_encode
from tests.api.conftest import schema_of

pytestmark = pytest.mark.django_db

HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "nul\x00byte",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "%00",
        "-1",
        "0",
        "1e309",
        "99999999999999999999999",
        "😀",
        "\u202egnp.exe",
        "a" * 300,
        "../../etc/passwd",
        "DE80",
        "NaN",
    ]
)
TEXT = st.text(max_size=40)

VALID = {
    "/api/v1/measures/": {
        "q": st.sampled_from(["broadband", '"for villages"', "cluster -warsaw", "a or b"]),
        "theme": st.sampled_from(["skills", "theme-1"]),
        "kind": st.sampled_from(["service", "network"]),
        "target": st.just("smes"),
        "country": st.sampled_from(["DE", "PL"]),
        "region": st.sampled_from(["DE80", "DE", "PL91"]),
        "organisation": st.just("alpha-agency"),
        "project": st.just("next2met"),
        "state": st.sampled_from(["ongoing", "completed"]),
        "year_from": st.integers(1990, 2100).map(str),
        "year_to": st.integers(1990, 2100).map(str),
        "lang": st.sampled_from(["de", "en", "pl"]),
    },
    "/api/v1/organisations/": {
        "kind": st.sampled_from(["regional_authority", "it_cluster"]),
        "country": st.just("DE"),
        "project": st.just("next2met"),
    },
    "/api/v1/events/": {
        "kind": st.sampled_from(["workshop", "webinar"]),
        "format": st.sampled_from(["online", "hybrid"]),
        "meeting_language": st.sampled_from(["en", "de"]),
        "organiser": st.just("alpha-agency"),
        "project": st.just("next2met"),
    },
}
COMMON = {
    "language": st.sampled_from(["de", "en", "pl", "all"]),
    "limit": st.integers(1, 100).map(str),
    "cursor": st.integers(0, 10**6).map(lambda after: cursor_encode(after=after)),
}


@st.composite
def requests(draw):
    path = draw(st.sampled_from(sorted(VALID)))
    parameters = {**VALID[path], **COMMON}
    chosen = draw(st.lists(st.sampled_from(sorted(parameters)), unique=True, max_size=6))
    query = []
    for name in chosen:
        for _ in range(draw(st.integers(1, 2))):
            value = draw(st.one_of(parameters[name], HOSTILE, TEXT))
            query.append((name, value))
    return path, query


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests())
def test_any_parameters_answer_200_or_400_as_documented(client, content, request):
    path, query = request
    response = client.get(path, query)
    assert response.status_code in (200, 400), (query, response.content[:300])
    schema = schema_of(response.status_code, path)
    Draft202012Validator(schema).validate(json.loads(response.content))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(key=st.one_of(HOSTILE, TEXT), template=st.sampled_from(["measures", "regions", "events"]))
def test_any_address_of_an_entry_answers_200_or_404(client, content, key, template):
    from urllib.parse import quote

    response = client.get(f"/api/v1/{template}/{quote(key, safe='')}/")
    assert response.status_code in (200, 404, 301), (key, response.status_code)
    if response.status_code == 404:
        assert json.loads(response.content)["status"] == 404
