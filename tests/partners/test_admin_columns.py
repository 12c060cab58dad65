"""Changelists show the columns that matter, and only those the person needs."""

import re

import pytest

from events import services
from tests.events.factories import EventFactory, RegistrationFactory
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def columns(client, url: str) -> list[str]:
    page = client.get(url).content.decode()
    return re.findall(r'<th scope="col" class="[^"]*column-(\w+)', page)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/en/admin/measures/measure/", ["list_title", "status", "missing_languages", "updated"]),
        (
            "/en/admin/events/event/",
            ["list_title", "when_short", "status", "registrations_short", "missing_languages"],
        ),
    ],
)
def test_partner_staff_of_one_organisation_see_no_organisation_column(
    client, editor_a, org_a, portal_editor, url, expected
):
    MeasureFactory(organisation=org_a)
    EventFactory(organiser=org_a)
    client.force_login(editor_a)
    assert columns(client, url) == expected
    client.force_login(portal_editor)
    shown = columns(client, url)
    assert set(expected) <= set(shown)
    if "measures" in url:
        assert shown == ["list_title", "organisation_name", *expected[1:]]


def test_long_titles_are_shortened_with_the_whole_title_as_tooltip(client, portal_editor):
    title = "Regionales Gesundheitsinformationssystem " * 4
    MeasureFactory(title_en=title.strip())
    client.force_login(portal_editor)
    page = client.get("/en/admin/measures/measure/").content.decode()
    assert f'<span title="{title.strip()}">' in page
    assert "…</span>" in page


def test_event_list_counts_registrations_by_status_in_one_column(client, portal_editor):
    event = EventFactory(capacity=30)
    services.registration_confirm(registration=RegistrationFactory(event=event))
    RegistrationFactory(event=event)
    client.force_login(portal_editor)
    page = client.get("/en/admin/events/event/").content.decode()
    assert "confirmed: 1 / 30<br>pending: 1" in page
