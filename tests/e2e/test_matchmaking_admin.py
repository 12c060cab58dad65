"""The organisers' matchmaking pages in the admin on a phone and a laptop: the meeting grid
scrolls sideways in its own labelled region instead of widening the page, the slot generator
works with the browser's date and time fields, and axe-core finds nothing."""

import datetime
import zoneinfo

import pytest
from playwright.sync_api import expect

from matchmaking.models import Meeting, MeetingStatus, Slot
from partners.models import MembershipRole
from tests.matchmaking.factories import matchmaking_event, participant, rooms, slots
from tests.partners.factories import PASSWORD, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def log_in(page, username: str, next_url: str):
    page.goto(f"/en/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def busy_event():
    organisation = OrganisationFactory(slug="klaster", name_en="ICT Cluster")
    start = datetime.datetime(2027, 3, 18, 9, tzinfo=WARSAW)
    event = matchmaking_event(
        organiser=organisation,
        title_en="Cross-border cloud matchmaking",
        time_zone="Europe/Warsaw",
        start=start,
        end=start + datetime.timedelta(hours=8),
    )
    tables = rooms(event, 4)
    times = slots(event, count=4, start=start + datetime.timedelta(hours=4))
    people = [
        participant(
            event,
            first_name=f"Aleksandra{n}",
            last_name="Wiśniewska-Kowalczyk",
            organisation="Zachodniopomorski Klaster Technologii Informacyjnych sp. z o.o.",
        )
        for n in range(16)
    ]
    for k in range(8):
        Meeting.objects.create(
            event=event,
            slot=times[k % 4],
            room=tables[k // 4],
            requester=people[2 * k],
            recipient=people[2 * k + 1],
            status=MeetingStatus.ACCEPTED,
            held_requester=k % 2 == 0,
        )
    manager = MembershipFactory(
        organisation=organisation, role=MembershipRole.MANAGER, user__username="organiser"
    ).user
    return event, manager


@pytest.mark.parametrize("width", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_meeting_grid_and_slot_generator_fit_the_screen(page, axe, busy_event, width):
    event, manager = busy_event
    page.set_viewport_size(width)
    grid_url = f"/en/admin/events/event/{event.pk}/meetings/"
    log_in(page, manager.username, grid_url)

    expect(page.locator("#content h1")).to_contain_text("Matchmaking at")
    region = page.get_by_role("region", name="Meetings by slot and room (times in Europe/Warsaw)")
    expect(region).to_be_visible()
    expect(page.locator(".mm-grid__meeting")).to_have_count(8)
    assert page.evaluate("document.documentElement.scrollWidth") <= width["width"]
    axe(page, context="meeting grid", within="#content")

    page.goto(f"/en/admin/events/event/{event.pk}/meetings/slots/")
    page.get_by_label("Day").fill("2027-03-18")
    page.get_by_label("From").fill("15:00")
    page.get_by_label("To:", exact=True).fill("16:00")
    page.get_by_label("Length of a slot in minutes").fill("20")
    page.get_by_role("button", name="Create the slots").click()
    expect(page.locator(".messagelist")).to_contain_text("3 slots created")
    assert Slot.objects.filter(event=event).count() == 7
    assert page.evaluate("document.documentElement.scrollWidth") <= width["width"]
    axe(page, context="slot generator", within="#content")
