"""What a visitor reads on the event pages is in their language and order: country names,
filter choices, dates, the error summary and other participants' profiles."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from core.text import sort_key
from events import services
from events.models import EventFormat, EventKind
from tests.events.factories import EventFactory, RegistrationFactory, in_days, manage_token
from tests.events.helpers import registration_data

pytestmark = pytest.mark.django_db


def options(page: str, name: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of each option of the select called `name`."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select {name}"
    return [
        (value, html.unescape(label).strip(), "selected" in attributes)
        for value, attributes, label in re.findall(
            r'<option value="([^"]*)"([^>]*)>(.*?)</option>', select[1], re.S
        )
    ]


def next_wednesday(days_ahead: int = 30) -> datetime.datetime:
    start = in_days(days_ahead)
    return start + datetime.timedelta(days=(2 - start.weekday()) % 7)


# --- Country list of the registration form -----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "present", "absent", "before", "after"),
    [
        ("pl", ["Niemcy", "Polska", "Finlandia"], ["Germany", "Poland"], "Niemcy", "Polska"),
        ("de", ["Deutschland", "Polen", "Ägypten"], ["Germany", "Egypt"], "Ägypten", "Albanien"),
        ("en", ["Germany", "Poland"], ["Niemcy", "Deutschland"], "Germany", "Poland"),
    ],
)
def test_country_list_is_named_and_sorted_in_the_visitors_language(
    client, language, present, absent, before, after
):
    event = EventFactory()
    page = client.get(f"/{language}/events/{event.slug}/register/").content.decode()
    choices = options(page, "country")
    assert choices[0][0] == ""
    labels = [label for value, label, _ in choices[1:]]
    assert len(labels) == 249
    for name in present:
        assert name in labels
    for name in absent:
        assert name not in labels
    assert labels == sorted(labels, key=sort_key)
    assert labels.index(before) < labels.index(after)


def test_country_list_follows_the_language_of_each_request(client):
    event = EventFactory()
    client.get(f"/de/events/{event.slug}/register/")
    page = client.get(f"/pl/events/{event.slug}/register/").content.decode()
    assert ("DE", "Niemcy", False) in options(page, "country")
    page = client.get(f"/en/events/{event.slug}/register/").content.decode()
    assert ("DE", "Germany", False) in options(page, "country")


def test_polish_form_accepts_a_country_chosen_from_the_polish_list(client):
    event = EventFactory()
    response = client.post(f"/pl/events/{event.slug}/register/", registration_data(country="DE"))
    assert response.status_code == 302
    assert event.registrations.get().country == "DE"


# --- Filters of the event list -----------------------------------------------------------------


def test_each_filter_has_one_empty_choice_and_only_values_that_match(client):
    EventFactory(kind=EventKind.WORKSHOP, format=EventFormat.ONLINE, meeting_language="pl")
    EventFactory(kind=EventKind.WORKSHOP, format=EventFormat.ON_SITE, meeting_language="de")
    EventFactory(kind=EventKind.MATCHMAKING, format=EventFormat.ONLINE, meeting_language="pl")
    page = client.get("/pl/events/").content.decode()
    kinds = options(page, "kind")
    assert kinds == [
        ("", "Wszystkie rodzaje", True),
        ("matchmaking", "Spotkanie matchmakingowe (1)", False),
        ("workshop", "Warsztat (2)", False),
    ]
    for name in ("format", "language", "organiser", "project"):
        choices = options(page, name)
        assert [value for value, _, _ in choices].count("") == 1, name
        assert not any(label.endswith("(0)") for _, label, _ in choices), name

    # With a kind chosen, the other selects offer only what gives workshops.
    page = client.get("/pl/events/", {"kind": "workshop"}).content.decode()
    assert [value for value, _, _ in options(page, "format")] == ["", "online", "on_site"]
    assert [value for value, _, _ in options(page, "language")] == ["", "de", "pl"]
    assert ("workshop", "Warsztat (2)", True) in options(page, "kind")


def test_a_chosen_value_without_matches_stays_offered_so_that_it_can_be_changed(client):
    EventFactory(kind=EventKind.WORKSHOP, meeting_language="pl")
    EventFactory(kind=EventKind.MATCHMAKING, meeting_language="en")
    page = client.get("/en/events/", {"kind": "workshop", "language": "en"}).content.decode()
    assert options(page, "kind") == [
        ("", "All kinds", False),
        ("matchmaking", "Matchmaking meeting (1)", False),
        ("workshop", "Workshop (0)", True),
    ]
    assert options(page, "language") == [
        ("", "All languages", False),
        ("en", "English (0)", True),
        ("pl", "Polish (1)", False),
    ]


# --- Dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "weekday", "wrong"),
    [("pl", "środa, ", "Środa"), ("de", "Mittwoch, ", "mittwoch"), ("en", "Wednesday, ", None)],
)
def test_weekday_is_written_as_inside_a_sentence(client, language, weekday, wrong):
    start = next_wednesday()
    event = EventFactory(start=start, end=start + datetime.timedelta(hours=1))
    for url in (f"/{language}/events/", f"/{language}/events/{event.slug}/"):
        page = client.get(url).content.decode()
        assert weekday in page, url
        if wrong:
            assert wrong not in page, url


# --- Error summary ----------------------------------------------------------------------------


def summary_lines(page: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert summary, "no error summary"
    return [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", line))).strip()
        for line in re.findall(r"<li>(.*?)</li>", summary[0], re.S)
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "as described in the privacy notice: Please agree to the privacy notice"),
        ("pl", "danych: "),
        ("de", "Datenschutzhinweisen beschrieben: "),
    ],
)
def test_error_summary_joins_label_and_error_without_a_double_stop(client, language, expected):
    event = EventFactory()
    page = client.post(
        f"/{language}/events/{event.slug}/register/", registration_data(consent=None, email="nope")
    ).content.decode()
    lines = summary_lines(page)
    assert len(lines) == 2
    assert not any(".:" in line or "::" in line for line in lines), lines
    assert any(expected in line for line in lines), lines


# --- Manage page ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "offers", "looks_for", "ours"),
    [
        ("en", "Offers", "Looking for", ("What we offer", "What we look for")),
        ("de", "Bietet", "Sucht", ("Was wir anbieten", "Was wir suchen")),
        ("pl", "Oferuje", "Szuka", ("Co oferujemy", "Czego szukamy")),
    ],
)
def test_other_participants_profiles_are_labelled_from_the_readers_side(
    client, language, offers, looks_for, ours
):
    event = EventFactory(kind=EventKind.MATCHMAKING)
    reader = RegistrationFactory(event=event, profile_shared=True, profile_offer="Training")
    other = RegistrationFactory(
        event=event,
        profile_shared=True,
        profile_offer="Cloud hosting",
        profile_seek="Partners in Saxony",
    )
    for registration in (reader, other):
        services.registration_confirm(registration=registration)
    with translation.override(language):
        url = reverse("matchmaking:directory", args=[manage_token(reader)])
    page = client.get(url).content.decode()
    assert f"<dt>{offers}</dt><dd>Cloud hosting</dd>" in page
    assert f"<dt>{looks_for}</dt><dd>Partners in Saxony</dd>" in page
    for label in ours:
        assert label not in page
