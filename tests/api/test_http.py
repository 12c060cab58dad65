"""Pagination, conditional requests, CORS, HEAD, rate limits, errors and query counts."""

import json

import pytest
from django.utils.http import http_date

from api.pagination import cursor_encode
from measures.filters import QUERY_MAX_LENGTH
from measures.models import Measure
from partners.models import Organisation
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def errors(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == response.status_code
    return {error["parameter"]: error["message"] for error in body["errors"]}


# --- Pagination -------------------------------------------------------------------------------


def test_pages_follow_each_other_in_id_order(client, content):
    MeasureFactory.create_batch(5)
    seen, url, pages = [], "/api/v1/measures/?limit=3&language=en", 0
    while url:
        response = client.get(url.replace("http://127.0.0.1:8000", ""))
        assert response.status_code == 200
        page = response.json()
        assert page["limit"] == 3 and len(page["results"]) <= 3
        seen += [measure["id"] for measure in page["results"]]
        url = page["next"]
        if url:
            assert response["Link"] == f'<{url}>; rel="next"'
            assert "language=en" in url
        pages += 1
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 7
    assert pages == 3


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "x" * 65}, "cursor"),
        ({"cursor": "\x00"}, "cursor"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"q": "a" * (QUERY_MAX_LENGTH + 1)}, "q"),
        ({"language": "fr"}, "language"),
        ({"year_from": "1800"}, "year_from"),
        ({"theme": "no-such-theme"}, "theme"),
        ({"country": "XX"}, "country"),
        ({"q": "nul\x00byte"}, "q"),
    ],
)
def test_invalid_parameters_answer_400_naming_them(client, content, query, parameter):
    response = client.get("/api/v1/measures/", query)
    assert response.status_code == 400
    assert parameter in errors(response)


def test_a_cursor_past_the_end_gives_an_empty_page(client, content):
    page = client.get("/api/v1/measures/", {"cursor": cursor_encode(after=10**9)}).json()
    assert page == {"limit": 20, "next": None, "results": []}


def test_error_messages_in_the_language_asked_for(client, content):
    english = errors(client.get("/api/v1/measures/", {"theme": "nope", "language": "en"}))
    german = client.get("/api/v1/measures/", {"theme": "nope", "language": "de"})
    assert german["Content-Language"] == "de"
    assert errors(german)["theme"] != english["theme"]
    by_header = client.get("/api/v1/measures/", {"theme": "nope"}, HTTP_ACCEPT_LANGUAGE="de")
    assert errors(by_header) == errors(german)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/measures/no-such-measure/",
        "/api/v1/organisations/no-such-organisation/",
        "/api/v1/events/no-such-event/",
        "/api/v1/projects/no-such-project/",
        "/api/v1/regions/XX99/",
        "/api/v1/regions/not-a-code/",
        "/api/v1/themes/no-such-theme/",
        "/api/v1/target_groups/no-such-group/",
        "/api/v1/no-such-endpoint/",
    ],
)
def test_unknown_entries_answer_404_in_json(client, content, url):
    response = client.get(url)
    assert response.status_code == 404
    assert errors(response)


# --- Conditional requests -----------------------------------------------------------------------


def test_etag_and_last_modified_give_304_until_the_content_changes(client, content):
    url = "/api/v1/measures/?language=en"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # Another address or language is another answer.
    assert client.get("/api/v1/measures/?language=de")["ETag"] != etag

    content.measure.title_en = "Fibre for villages"
    content.measure.save()

    changed = client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_IF_MODIFIED_SINCE=modified)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed["Last-Modified"] != modified
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 200
    assert "Fibre for villages" in changed.content.decode()


def test_an_old_if_modified_since_gets_the_answer(client, content):
    response = client.get("/api/v1/themes/", HTTP_IF_MODIFIED_SINCE=http_date(0))
    assert response.status_code == 200


def test_errors_carry_no_validators(client, content):
    response = client.get("/api/v1/measures/", {"limit": "0"})
    assert response.status_code == 400
    assert "ETag" not in response and response["Cache-Control"] == "no-store"


# --- CORS and HEAD ------------------------------------------------------------------------------


def test_any_site_may_read_the_api(client, content):
    response = client.get("/api/v1/measures/", HTTP_ORIGIN="https://elsewhere.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/measures/",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    # Not the portal's pages.
    assert "Access-Control-Allow-Origin" not in client.get("/robots.txt")


def test_head_answers_like_get_without_a_body(client, content):
    get = client.get("/api/v1/regions/DE80/")
    head = client.head("/api/v1/regions/DE80/")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]


def test_the_page_cache_and_csp_leave_answers_whole(client, content, settings):
    settings.PAGE_CACHE_SECONDS = 60
    response = client.get("/api/v1/measures/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert json.loads(response.content)["results"]
    assert "default-src 'self'" in response["Content-Security-Policy"]


# --- Rate limit ---------------------------------------------------------------------------------


def test_too_many_requests_answer_429_with_retry_after(client, content, settings):
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_WINDOW_SECONDS = 60
    for _ in range(3):
        assert client.get("/api/v1/themes/").status_code == 200
    refused = client.get("/api/v1/themes/", {"language": "de"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert errors(refused)
    assert refused["Access-Control-Allow-Origin"] == "*"
    # Another address has its own allowance.
    assert client.get("/api/v1/themes/", REMOTE_ADDR="192.0.2.7").status_code == 200


# --- Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # The measures' objects built and stored (see below for a page read from storage).
        ("/api/v1/measures/?language=all&limit={limit}", 10),
        ("/api/v1/measures/?q=measure&theme=skills&limit={limit}", 10),
        ("/api/v1/organisations/?limit={limit}", 11),
        ("/api/v1/events/?limit={limit}", 9),
        ("/api/v1/projects/?limit={limit}", 6),
        ("/api/v1/regions/?limit={limit}", 6),
        ("/api/v1/themes/?limit={limit}", 5),
    ],
)
def test_queries_do_not_grow_with_the_page(
    client, content, django_assert_num_queries, url, queries
):
    MeasureFactory.create_batch(10, organisation=content.organisation, themes=[content.theme])
    client.get("/api/v1/themes/")  # the rate limit's window starts (and old windows go)
    for limit in (5, 100):
        with django_assert_num_queries(queries):
            assert client.get(url.format(limit=limit)).status_code == 200


@pytest.mark.parametrize("language", ["all", "pl"])
def test_a_page_of_stored_measures_costs_fewer_queries_and_is_never_stale(
    client, content, django_assert_num_queries, language
):
    measures = MeasureFactory.create_batch(
        30, organisation=content.organisation, themes=[content.theme]
    )
    url = f"/api/v1/measures/?limit=100&language={language}"
    first = client.get(url).json()
    with django_assert_num_queries(8):  # no object built: each read as stored
        again = client.get(url)
    assert again.json() == first
    # Any change of public content: the objects are built anew, with the change.
    Measure.objects.filter(pk=measures[0].pk).update(title_en="Renamed", title_pl="Nowa nazwa")
    changed = {item["id"]: item for item in client.get(url).json()["results"]}
    title = changed[measures[0].pk]["title"]
    if language == "all":
        assert (title["en"], title["pl"]) == ("Renamed", "Nowa nazwa")
    else:
        assert title == "Nowa nazwa"
    # The organisation's new name too, though no measure row changed.
    Organisation.objects.filter(pk=content.organisation.pk).update(name_pl="Inna organizacja")
    renamed = client.get(url).json()["results"]
    assert "Inna organizacja" in json.dumps(renamed, ensure_ascii=False)


def test_an_unchanged_answer_costs_four_queries(client, content, django_assert_num_queries):
    response = client.get("/api/v1/measures/?limit=100")
    with django_assert_num_queries(4):
        again = client.get("/api/v1/measures/?limit=100", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
