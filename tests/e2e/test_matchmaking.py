"""Matchmaking in a real browser: a Polish and a German participant share their profiles, each
in their language; the Polish one asks the German one for a meeting, she accepts it on her
agenda, and both agendas and calendar files have it. axe-core checks every page type."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from events.models import Registration
from matchmaking.models import Meeting, MeetingStatus, Profile
from matchmaking.services import meeting_accept, meeting_request
from tests.events.factories import manage_token
from tests.matchmaking.factories import matchmaking_event, participant, rooms, slots

pytestmark = pytest.mark.django_db(transaction=True)


def address(name, registration, language, **kwargs):
    with translation.override(language):
        return reverse(
            f"matchmaking:{name}", kwargs={"token": manage_token(registration), **kwargs}
        )


@pytest.fixture
def event(settings, live_server):
    settings.SITE_URL = live_server.url
    event = matchmaking_event(
        slug="matchmaking-odra-2027",
        title_en="Oder region matchmaking",
        title_de="Matchmaking Oderregion",
        title_pl="Matchmaking regionu Odry",
        time_zone="Europe/Warsaw",
    )
    slots(event, count=4)
    rooms(event, 2, online=True)
    return event


@pytest.fixture
def lucja(event):
    return participant(
        event,
        opted_in=False,
        first_name="Łucja",
        last_name="Żółkiewska",
        email="lucja@example.org",
        organisation="Klaster ICT Pomorze Zachodnie",
        country="PL",
        language="pl",
    )


@pytest.fixture
def greta(event):
    return participant(
        event,
        opted_in=False,
        first_name="Greta",
        last_name="Müller",
        email="greta@example.org",
        organisation="Landkreis Uckermark",
        country="DE",
        language="de",
    )


def opt_in(page, axe, registration, language, *, offer, seek, spoken):
    page.goto(address("profile", registration, language))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.fill("#id_profile_offer", offer)
    page.fill("#id_profile_seek", seek)
    for code in spoken:
        page.check(f"input[name=languages][value={code}]")
    # Without the consent: refused, the typed text kept, the summary links to the checkbox.
    page.locator("form.mm-profile-form button[type=submit]").click()
    expect(page.locator("#error-summary a[href='#id_consent']")).to_be_visible()
    expect(page.locator("#id_profile_offer")).to_have_value(offer)
    axe(page, context=f"profile form with an error ({language})")
    page.check("#id_consent")
    page.locator("form.mm-profile-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/matchmaking/\?done=saved$"))
    expect(page.locator("html")).to_have_attribute("lang", language)


def download_text(page, selector) -> str:
    with page.expect_download() as download_info:
        page.locator(selector).click()
    with open(download_info.value.path(), encoding="utf-8") as file:
        return file.read().replace("\r\n ", "")


def test_a_polish_and_a_german_participant_meet(page, axe, event, lucja, greta):
    opt_in(
        page,
        axe,
        greta,
        "de",
        offer="Förderprogramm für digitale Dörfer",
        seek="Cloud-Anbieter aus Polen",
        spoken=["de", "pl"],
    )
    axe(page, context="participants (German), nobody else shares a profile yet")
    opt_in(
        page,
        axe,
        lucja,
        "pl",
        offer="Cloud hosting dla gmin",
        seek="Partnerzy dla cyfrowych wsi",
        spoken=["pl", "de", "en"],
    )
    assert Registration.objects.filter(profile_shared=True).count() == 2
    assert Profile.objects.get(registration=lucja).languages == ["de", "en", "pl"]

    # The Polish participant finds Greta, suggested and listed, and asks her for a meeting.
    card = page.locator(".mm-results .mm-card", has_text="Greta Müller")
    expect(card).to_contain_text("Landkreis Uckermark")
    expect(card).to_contain_text("Förderprogramm für digitale Dörfer")
    expect(page.locator(".mm-suggestions .mm-card", has_text="Greta Müller")).to_be_visible()
    assert "greta@example.org" not in page.content()
    axe(page, context="participants (Polish)")
    card.locator(f"a[href$='/ask/{greta.pk}/']").click()
    expect(page.locator("h1")).to_contain_text("Greta Müller")
    axe(page, context="ask form (Polish)")
    slot_choices = page.locator("input[name=slot]")
    expect(slot_choices).to_have_count(4)
    chosen_label = page.locator("label[for=id_slot_1]").inner_text().strip()
    slot_choices.nth(1).check()
    page.fill("#id_message", "Dzień dobry! Porozmawiajmy o chmurze.")
    page.locator("form.registration-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/pl/.*/matchmaking/agenda/\?done=requested$"))
    expect(page.locator("#outgoing-heading")).to_be_visible()
    expect(page.locator(".mm-meeting", has_text="Greta Müller")).to_contain_text(chosen_label)
    axe(page, context="agenda with a request sent (Polish)")
    meeting = Meeting.objects.get()
    assert meeting.status == MeetingStatus.REQUESTED

    # Greta accepts on her agenda, in German.
    page.goto(address("agenda", greta, "de"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    request = page.locator(f"#meeting-{meeting.pk}")
    expect(request).to_contain_text("Łucja Żółkiewska")
    expect(request).to_contain_text("Porozmawiajmy o chmurze")
    axe(page, context="agenda with a request received (German)")
    request.locator("form:has(input[value=accept]) button").click()
    expect(page).to_have_url(re.compile(r"/de/.*/matchmaking/agenda/\?done=accept$"))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED

    # Both agendas and both calendar files have the meeting, with its room.
    for person, other, language in ((greta, lucja, "de"), (lucja, greta, "pl")):
        page.goto(address("agenda", person, language))
        accepted = page.locator(f"#meetings-heading ~ ol #meeting-{meeting.pk}")
        expect(accepted).to_contain_text(other.full_name)
        expect(accepted).to_contain_text("Table 1")
        expect(accepted.locator("a[href='https://meet.example.org/room-1']")).to_be_visible()
        axe(page, context=f"agenda with a meeting ({language})")
        ics = download_text(page, "a[href$='/agenda.ics']")
        assert ics.count("BEGIN:VEVENT") == 1
        assert f"UID:meeting-{meeting.pk}@" in ics
        assert other.full_name in ics and "https://meet.example.org/room-1" in ics


def test_the_pages_fit_a_phone_with_long_names(page, event):
    """No page scrolls sideways at 390 px, with unbreakable names and long links."""
    long_word = "Wojewódzkiecentrumcyfryzacjiirozwojuobszarówwiejskich"
    me = participant(
        event,
        first_name="Łucja",
        last_name=long_word,
        organisation=long_word,
        offer="https://example.org/" + "a" * 80,
        seek="Partners for digital villages",
        languages=["pl", "de"],
    )
    others = [
        participant(
            event,
            first_name=f"Greta{n}",
            last_name=long_word,
            organisation=long_word,
            offer="Digital villages " + long_word,
            seek="Cloud hosting https://example.org/" + "b" * 80,
            languages=["de"],
        )
        for n in range(3)
    ]
    times = list(event.meeting_slots.order_by("start"))
    accepted = meeting_request(requester=me, recipient=others[0], slot=times[0])
    meeting_accept(meeting=accepted, by=others[0])
    meeting_request(requester=others[1], recipient=me, slot=times[1], message=long_word)
    meeting_request(requester=me, recipient=others[2], slot=times[2])
    page.set_viewport_size({"width": 390, "height": 844})
    for name, kwargs in (
        ("profile", {}),
        ("directory", {}),
        ("ask", {"other": others[2].pk}),
        ("agenda", {}),
    ):
        page.goto(address(name, me, "pl", **kwargs))
        expect(page.locator("h1")).to_be_visible()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width} px wide on a phone"
