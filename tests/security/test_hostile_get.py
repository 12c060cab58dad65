"""Hostile GET parameters on every public list, export and feed: never a server error.

Hypothesis sends unknown slugs, text in number fields, huge and negative numbers, page 0 and
10^9, NUL bytes and other control characters, unicode, very long values and repeated
parameters; explicit cases add 10 kB query strings and undecodable bytes.
"""

from __future__ import annotations

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.events.factories import EventFactory
from tests.measures.factories import MeasureFactory, TargetGroupFactory, ThemeFactory
from tests.partners.factories import ParticipationFactory

from .helpers import html_findings

pytestmark = pytest.mark.django_db

MEASURE_PARAMETERS = (
    "q",
    "theme",
    "kind",
    "target",
    "country",
    "region",
    "organisation",
    "project",
    "state",
    "year_from",
    "year_to",
    "lang",
    "sort",
    "page",
)
ENDPOINTS = {
    "/en/partners/": ("kind", "country", "project"),
    "/de/measures/": MEASURE_PARAMETERS,
    "/pl/measures/export.csv": MEASURE_PARAMETERS,
    "/en/measures/export.json": MEASURE_PARAMETERS,
    "/en/measures/feed.atom": MEASURE_PARAMETERS,
    "/en/events/": ("kind", "format", "language", "organiser", "project"),
    "/en/events/calendar.ics": ("kind", "format", "language", "organiser", "project"),
}
# Every page above reads its query string (the feeds take the lists' filters).
IGNORE_PARAMETERS: set[str] = set()
# Only the measure list is paged; the content below fills one page.
PAGED = "/de/measures/"

# Text a browser can put in a URL (no lone surrogates), control characters and NUL included.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
meaningful = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "1",
        "2",
        "10",
        "999999999",
        str(10**9),
        str(10**30),
        "1e9",
        "1.5",
        "NaN",
        "Infinity",
        "abc",
        "２０２０",
        "\x00",
        "a\x00b",
        "2020\x00",
        "' OR 1=1 --",
        "%",
        "_",
        "*",
        "\\",
        "(",
        ":*",
        "!",
        "&",
        "|",
        "<script>alert(1)</script>",
        "ąęłńóśźż ÄÖÜß",
        "😀",
        "\u202e",
        "known-org",
        "known-project",
        "known-theme",
        "known-group",
        "DE",
        "PL",
        "XX",
        "DEA",
        "service",
        "ongoing",
        "completed",
        "relevance",
        "newest",
        "title",
        "de",
        "en",
        "pl",
        "workshop",
        "online",
        "x" * 300,
    ]
)
values = st.lists(st.one_of(meaningful, any_text), min_size=1, max_size=4)


@pytest.fixture
def content():
    participation = ParticipationFactory(
        organisation__slug="known-org", project__slug="known-project"
    )
    theme = ThemeFactory(slug="known-theme")
    group = TargetGroupFactory(slug="known-group")
    for number in range(3):
        MeasureFactory(
            organisation=participation.organisation,
            source_project=participation.project,
            themes=[theme],
            target_groups=[group],
            start_year=2018 + number,
        )
    EventFactory(organiser=participation.organisation, project=participation.project)
    return participation


def body(response) -> bytes:
    """The whole body: a streamed export fails while it streams, not when it starts."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def page_exists(page: str | None) -> bool:
    """Whether the (only) page of results is meant: no number, or one that reads as 1."""
    if not page:
        return True
    try:
        return int(page) == 1
    except ValueError:
        return False


def expected_status(path: str, parameters) -> int:
    """Any filter values give the list (wrong ones explained on the page); only a page number
    that does not exist is not found."""
    if path == PAGED and not page_exists(parameters.get("page")):
        return 404
    return 200


def assert_answers(client, path, data=None, *, query_string=None, status=None):
    if query_string is not None:
        response = client.get(path, QUERY_STRING=query_string)
    else:
        response = client.get(path, data)
    content = body(response)
    if status is None:
        status = expected_status(path, response.wsgi_request.GET)
    assert response.status_code == status, (path, data, query_string, response.status_code)
    if response["Content-Type"].startswith("text/html"):
        findings = html_findings(content.decode())
        assert findings.scripts == [] and findings.handlers == [], (path, data)
    return response


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    endpoint=st.sampled_from(sorted(ENDPOINTS)),
    choices=st.data(),
)
def test_any_parameters_on_any_list_never_fail(client, content, endpoint, choices):
    names = ENDPOINTS[endpoint]
    data = choices.draw(
        st.dictionaries(
            st.one_of(st.sampled_from(names), any_text.filter(bool)), values, max_size=5
        )
    )
    assert_answers(client, endpoint, data)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    endpoint=st.sampled_from(sorted(ENDPOINTS)),
    query=st.lists(
        st.sampled_from(list("abq=&%0123456789ABCDEFfe+;#?/ ") + ["%00", "%ff", "%C3%28"]),
        max_size=60,
    ).map("".join),
)
def test_any_raw_query_string_never_fails(client, content, endpoint, query):
    assert_answers(client, endpoint, query_string=query)


# More fields than Django parses (DATA_UPLOAD_MAX_NUMBER_FIELDS): a bad request.
TOO_MANY_FIELDS = "&".join([f"theme=t{n}" for n in range(2000)])


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        f"page={10**9}",
        "page=-1",
        "page=abc",
        "page=" + "9" * 5000,
        "q=" + "a" * 10_240,
        "q=" + "%E2%82%AC" * 3500,
        "&".join(["organisation=known-org"] * 500),
        TOO_MANY_FIELDS,
        "year_from=abc&year_to=1e400",
        "year_from=2030&year_to=1900",
        "year_from=-5&year_to=99999999999999999999",
        "q=%00&organisation=%00&region=%00&kind=%00",
        "q=%ff%fe&organisation=%C3%28",
        "q=%22%27%3C%3E%5C&sort=%00",
        "kind=" + "x" * 10_240,
        "%00=%00",
        "organiser=known-org&organiser=unknown&project=" + "p" * 2000,
        "language=xx&format=%F0%9F%98%80",
    ],
)
def test_malformed_values_never_fail(client, content, endpoint, query):
    if query == TOO_MANY_FIELDS:
        status = 200 if endpoint in IGNORE_PARAMETERS else 400
    else:
        status = expected_status(endpoint, QueryDict(query))
    assert_answers(client, endpoint, query_string=query, status=status)


def test_a_page_that_does_not_exist_says_so(client, content):
    for page in ("0", str(10**9), "abc", "-1"):
        response = client.get("/en/measures/", {"page": page})
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


def test_an_invalid_filter_value_is_explained_not_applied(client, content):
    response = client.get("/en/measures/", {"organisation": "bad slug!", "year_from": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a valid value" in html
    assert "Enter a number." in html
    assert len(response.context["listing"].measures) == 3


@pytest.mark.parametrize(
    "path",
    [
        "/en/measures/" + "a" * 5000 + "/",
        "/en/measures/%00/",
        "/en/partners/%C3%28/",
        "/en/projects/" + "ż" * 300 + "/",
        "/en/events/%00/calendar.ics",
        "/en/events/" + "x" * 3000 + "/register/",
        "/en/events/registration/%00/",
        "/en/events/registration/" + "f" * 4000 + "/calendar.ics",
        "/xx/measures/",
    ],
)
def test_hostile_paths_are_not_found(client, content, path):
    response = client.get(path)
    assert response.status_code == 404


# --- Redirects stay on this site -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "location"),
    [
        ("//evil.example/", 302, "/en/"),
        ("//evil.example", 302, "/en/"),
        ("/\\evil.example/", 404, None),
        ("/%2F%2Fevil.example/", 404, None),
        ("/%5Cevil.example", 404, None),
        ("/en//evil.example", 404, None),
        ("/en/events//evil.example", 404, None),
        ("/events/", 302, "/en/events/"),
        ("/measures/?next=https://evil.example/", 302, "/en/measures/?next=https://evil.example/"),
        ("/en/events/known", 301, "/en/events/known/"),
        ("/en/events/registration/x/erase", 301, "/en/events/registration/x/erase/"),
    ],
)
def test_redirects_of_hostile_paths_stay_on_this_site(client, content, path, status, location):
    response = client.get(path)
    assert response.status_code == status
    assert response.get("Location") == location


def test_registration_redirects_go_to_fixed_pages(client, content):
    from django.urls import reverse

    from .helpers import registration_data

    event = content.organisation.organised_events.get()
    response = client.post(
        reverse("events:register", args=[event.slug]) + "?next=https://evil.example/",
        {**registration_data(), "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("events:registration_sent", args=[event.slug])


def test_admin_logout_refuses_a_foreign_next(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="x-long-pass", is_staff=True)
    client.force_login(user)
    response = client.post("/en/admin/logout/?next=https://evil.example/")
    assert response.status_code == 302
    # Back to the logout address, not to the foreign site; logged out, it leads on to the
    # admin, which asks for a login.
    assert response["Location"] == "/en/admin/logout/"
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"


# --- Reflected cross-site scripting ----------------------------------------------------------

REFLECTED = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
HTML_LISTS = {
    "/en/partners/": ENDPOINTS["/en/partners/"],
    "/de/measures/": MEASURE_PARAMETERS,
    "/en/events/": ENDPOINTS["/en/events/"],
}


@pytest.mark.parametrize("path", sorted(HTML_LISTS))
def test_parameters_are_never_reflected_as_markup(client, content, path):
    data = {name: [REFLECTED, "known-org"] for name in HTML_LISTS[path] if name != "page"}
    data[REFLECTED] = REFLECTED
    response = client.get(path, data)
    assert response.status_code == 200
    html = response.content.decode()
    findings = html_findings(html)
    assert findings.scripts == [] and findings.handlers == [], findings
    assert "img" not in findings.tags or 'src="x"' not in html


def test_the_search_words_are_shown_back_as_text(client, content):
    response = client.get("/en/measures/", {"q": REFLECTED[:150]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html_findings(html).dangerous == []


@pytest.mark.parametrize(
    "path",
    [
        "/en/<script>alert(1)</script>/",
        "/en/measures/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/en/events/registration/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
    ],
)
def test_a_hostile_path_on_the_not_found_page_stays_text(client, content, path):
    response = client.get(path)
    assert response.status_code == 404
    assert html_findings(response.content.decode()).dangerous == []


@pytest.mark.parametrize(
    ("accept_language", "location"),
    [
        ("", "/en/"),
        ("*", "/en/"),
        ("xx-YY", "/en/"),
        ("de;q=abc", "/en/"),  # a malformed header is ignored as a whole
        ("pl," * 2000, "/pl/"),
        ("\x00", "/en/"),
        ("en-US,en;q=0.9,<script>", "/en/"),
        ("ż" * 50, "/en/"),
    ],
)
def test_the_root_redirect_copes_with_any_accept_language(client, accept_language, location):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == location
