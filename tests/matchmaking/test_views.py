"""Matchmaking pages behind a registrant's secret link: profile, participants, asking for a
meeting, agenda and its calendar file — in every language, kept apart per event, without
e-mail addresses, robust against any input, and at a fixed number of queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from post_office.models import Email

from events.emails import REFERENCE_HEADER
from events.models import Event, EventKind, EventStatus, Registration, RegistrationStatus
from matchmaking.models import (
    SPOKEN_LANGUAGES,
    Booking,
    Matchmaking,
    MatchmakingState,
    Meeting,
    MeetingStatus,
    Profile,
    Slot,
)
from matchmaking.services import meeting_accept, meeting_request
from matchmaking.templatetags.matchmaking_tags import slot_when_text
from measures.models import TargetGroup, Theme
from tests.events.factories import EventFactory, manage_token
from tests.matchmaking.factories import matchmaking_event, participant, rooms, slots

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "de", "pl")


def url(name, registration, language="en", **kwargs):
    with translation.override(language):
        return reverse(
            f"matchmaking:{name}", kwargs={"token": manage_token(registration), **kwargs}
        )


def html_of(response) -> str:
    return response.content.decode()


def text_of(html: str) -> str:
    """The page's text without tags and with single spaces (for phrases across lines)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def event():
    return matchmaking_event(
        title_en="Digital regions matchmaking",
        title_de="Matchmaking digitaler Regionen",
        title_pl="Matchmaking cyfrowych regionów",
    )


@pytest.fixture
def times(event):
    return slots(event, count=4)


@pytest.fixture
def tables(event):
    return rooms(event, 2, online=True)


@pytest.fixture
def theme():
    return Theme.objects.create(name_en="Smart villages", slug="smart-villages")


@pytest.fixture
def anna(event, theme):
    """A Polish participant who opted in."""
    person = participant(
        event,
        first_name="Anna",
        last_name="Nowak",
        email="anna.nowak@example.org",
        organisation="Klaster ICT Pomorze",
        country="PL",
        language="pl",
        offer="Cloud hosting for municipalities",
        seek="Partners for digital villages",
        languages=["pl", "de"],
    )
    person.matchmaking_profile.themes.add(theme)
    return person


@pytest.fixture
def berta(event, theme):
    """A German participant who opted in."""
    person = participant(
        event,
        first_name="Berta",
        last_name="Schulz",
        email="berta.schulz@example.org",
        organisation="Landkreis Vorpommern",
        country="DE",
        language="de",
        offer="Digital villages programme",
        seek="Cloud hosting",
        languages=["de", "en"],
    )
    person.matchmaking_profile.themes.add(theme)
    return person


def ask(client, requester, recipient, slot, message="", language="en"):
    return client.post(
        url("ask", requester, language, other=recipient.pk),
        {"slot": str(slot.pk), "message": message},
    )


def agenda_post(client, registration, action, meeting, language="en", **data):
    return client.post(
        url("agenda", registration, language),
        {"action": action, "meeting": str(getattr(meeting, "pk", meeting)), **data},
    )


def queued_to(registration):
    return Email.objects.filter(**{f"headers__{REFERENCE_HEADER}": str(registration.pk)})


# --- Every page, every language ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "offer_label", "offers", "back"),
    [
        ("en", "What we offer", "Offers", "Back to your registration"),
        ("de", "Was wir anbieten", "Bietet", "Zurück zu Ihrer Anmeldung"),
        ("pl", "Co oferujemy", "Oferuje", "Wróć do swojego zgłoszenia"),
    ],
)
def test_every_page_in_each_language(
    client, anna, berta, times, language, offer_label, offers, back
):
    meeting = meeting_request(requester=berta, recipient=anna, slot=times[0])
    pages = {
        "profile": url("profile", anna, language),
        "directory": url("directory", anna, language),
        "ask": url("ask", anna, language, other=berta.pk),
        "agenda": url("agenda", anna, language),
    }
    for name, address in pages.items():
        assert address.startswith(f"/{language}/events/registration/")
        response = client.get(address)
        assert response.status_code == 200, name
        html = html_of(response)
        assert f'<html lang="{language}"' in html, name
        assert '<meta name="robots" content="noindex, nofollow">' in html, name
        assert back in html, name
    profile = html_of(client.get(pages["profile"]))
    assert offer_label in profile and "Cloud hosting for municipalities" in profile
    directory = html_of(client.get(pages["directory"]))
    assert f"<dt>{offers}</dt><dd>Digital villages programme</dd>" in directory
    with translation.override(language):
        when = slot_when_text(times[1], anna.event)
    ask_page = html_of(client.get(pages["ask"]))
    assert when in ask_page and "Berta Schulz" in ask_page
    agenda = html_of(client.get(pages["agenda"]))
    with translation.override(language):
        assert slot_when_text(meeting.slot, anna.event) in agenda
    assert "Berta Schulz" in agenda


def test_pages_are_private_never_cached_and_not_indexed(client, anna, berta, times):
    addresses = [
        url("profile", anna),
        url("directory", anna),
        url("ask", anna, other=berta.pk),
        url("agenda", anna),
        url("agenda_calendar", anna),
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        cache_control = response["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, address
        assert response["X-Robots-Tag"].startswith("noindex"), address
        assert response["Referrer-Policy"] == "same-origin", address
    sitemap = client.get("/sitemap-events.xml").content.decode()
    assert "matchmaking/" not in sitemap.replace("matchmaking-", "")


def test_manage_page_links_to_the_matchmaking_pages(client, anna):
    manage = reverse("events:manage", args=[manage_token(anna)])
    html = html_of(client.get(manage))
    for name in ("directory", "agenda", "profile"):
        assert f'href="{url(name, anna)}"' in html
    workshop = participant(EventFactory(kind=EventKind.WORKSHOP), opted_in=False)
    html = html_of(client.get(reverse("events:manage", args=[manage_token(workshop)])))
    assert "/matchmaking/" not in html


# --- Who may see what -------------------------------------------------------------------------


def test_unknown_link_and_event_without_matchmaking_are_not_found(client, anna):
    address = url("directory", anna).replace(manage_token(anna), "0" * 40)
    response = client.get(address)
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
    workshop = participant(EventFactory(kind=EventKind.WORKSHOP), opted_in=False)
    for name in ("directory", "profile", "agenda", "agenda_calendar"):
        response = client.get(url(name, workshop))
        assert response.status_code == 404, name
        assert "no-store" in response["Cache-Control"], name
    # A workshop whose organisers switched matchmaking on has it.
    Matchmaking.objects.create(event=workshop.event)
    assert client.get(url("profile", workshop)).status_code == 200


@pytest.mark.parametrize(
    "status",
    [RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED],
)
def test_registrants_who_do_not_take_part_are_told_why(client, event, berta, status):
    fields = {"waitlisted_at": timezone.now()} if status == RegistrationStatus.WAITLISTED else {}
    person = participant(event, opted_in=False, status=status, **fields)
    for name in ("directory", "profile", "agenda", "agenda_calendar"):
        response = client.get(url(name, person))
        assert response.status_code == 403, name
        html = html_of(response)
        assert "Matchmaking is open to the confirmed participants of the event." in html
        assert "Berta" not in html
    response = client.post(url("profile", person), {"profile_offer": "x", "consent": "on"})
    assert response.status_code == 403
    assert not Registration.objects.get(pk=person.pk).profile_shared


def test_a_cancelled_event_has_no_matchmaking_any_more(client, event, anna, berta):
    Event.objects.filter(pk=event.pk).update(status=EventStatus.CANCELLED)
    for name in ("directory", "profile", "agenda", "agenda_calendar"):
        response = client.get(url(name, anna))
        assert response.status_code == 403, name
        assert "The event has been cancelled." in html_of(response)
        assert "Berta" not in html_of(response)


def test_participants_who_have_not_opted_in_see_no_profile(client, event, anna, berta, times):
    shy = participant(event, opted_in=False)
    directory = html_of(client.get(url("directory", shy)))
    assert "Share your profile to meet the others" in directory
    for person in (anna, berta):
        assert person.last_name not in directory and person.profile_offer not in directory
    ask_page = client.get(url("ask", shy, other=berta.pk))
    assert ask_page.status_code == 200
    assert "Berta" not in html_of(ask_page) and "Share my profile" in html_of(ask_page)
    response = ask(client, shy, berta, times[0])
    assert not Meeting.objects.exists()
    assert "Berta" not in html_of(response)


def test_participants_of_another_event_stay_apart(client, anna, berta, times):
    other_event = matchmaking_event()
    stranger = participant(other_event, first_name="Zofia", last_name="Obca", offer="Secrets")
    slots(other_event, count=2)
    directory = html_of(client.get(url("directory", anna)))
    assert "Berta Schulz" in directory
    assert "Obca" not in directory and "Secrets" not in directory
    assert "Anna Nowak" not in html_of(client.get(url("directory", stranger)))
    # Asking a participant of another event: not found, nothing stored or sent.
    assert client.get(url("ask", anna, other=stranger.pk)).status_code == 404
    response = ask(client, anna, stranger, times[0])
    assert response.status_code == 404
    assert "Obca" not in html_of(response)
    assert not Meeting.objects.exists()
    # Nor can one ask oneself, or someone who does not share a profile.
    assert client.get(url("ask", anna, other=anna.pk)).status_code == 404
    shy = participant(anna.event, opted_in=False, last_name="Nieśmiała")
    response = client.get(url("ask", anna, other=shy.pk))
    assert response.status_code == 404 and "Nieśmiała" not in html_of(response)


def test_email_addresses_never_appear_in_the_directory(client, anna, berta, times):
    pages = [
        client.get(url("directory", anna)),
        client.get(url("directory", anna) + "?q=example.org"),
        client.get(url("ask", anna, other=berta.pk)),
        client.get(url("directory", berta)),
    ]
    for response in pages:
        html = html_of(response)
        assert "@example.org" not in html
        assert "Berta Schulz" in html or "Anna Nowak" in html


def test_directory_suggests_with_reasons_and_filters_with_counts(client, event, anna, berta, theme):
    third = participant(
        event,
        first_name="Chris",
        last_name="Other",
        organisation="Uni Greifswald",
        organisation_type="research",
        country="DE",
        offer="Teaching",
        seek="Students",
        languages=["en"],
    )
    html = html_of(client.get(url("directory", anna)))
    suggested = html[html.index("Suggested for you") : html.index('id="filter-heading"')]
    assert "Berta Schulz" in suggested and "Chris" not in suggested
    text = text_of(suggested)
    for reason in ("offers what you look for", "looks for what you offer", "shared themes"):
        assert reason in text
    assert "a common language" in text  # German
    # The filters: checkboxes with counts, without JavaScript (a plain GET form).
    assert re.search(r'name="country" value="DE" id="[^"]+"[^>]*>\s*<label[^>]*>Germany ', html)
    assert "(2)" in html  # two from Germany
    filtered = html_of(client.get(url("directory", anna) + "?organisation_type=research"))
    results = filtered[filtered.index('id="results-heading"') :]
    assert "Chris Other" in results and "Berta Schulz" not in results
    by_theme = html_of(client.get(url("directory", anna) + f"?theme={theme.pk}"))
    results = by_theme[by_theme.index('id="results-heading"') :]
    assert "Berta Schulz" in results and "Chris Other" not in results
    searched = html_of(client.get(url("directory", anna) + "?q=greifswald"))
    results = searched[searched.index('id="results-heading"') :]
    assert "Chris Other" in results and "Berta Schulz" not in results
    assert third.email not in searched


@pytest.mark.parametrize(
    "query",
    [
        "?q=" + "x" * 5000,
        "?q=%00",
        "?q=a%E2%80%AEb",
        "?q=<script>alert(1)</script>",
        "?country=XX&country=&country=%00",
        "?theme=abc&theme=99999999999999999999999&theme=-1",
        "?language=zz&organisation_type=king",
        "?country=DE&" + "&".join(f"theme={n}" for n in range(200)),
    ],
)
def test_directory_ignores_or_reports_bad_filters(client, anna, berta, query):
    response = client.get(url("directory", anna) + query)
    assert response.status_code == 200
    html = html_of(response)
    assert "<script>alert(1)" not in html
    if "q=x" in query or "%00" in query[:6] or "%E2" in query:
        assert 'id="error-summary"' in html
        assert "Berta Schulz" in html  # the bad search is left out


# --- Asking, answering, cancelling, reporting --------------------------------------------------


def test_asking_queues_an_email_to_the_other_in_their_language(client, anna, berta, times):
    response = ask(
        client, anna, berta, times[1], message="Dzień dobry! Let us talk.", language="pl"
    )
    assert response.status_code == 302
    assert response["Location"] == url("agenda", anna, "pl") + "?done=requested"
    meeting = Meeting.objects.get()
    assert (meeting.requester, meeting.recipient, meeting.slot) == (anna, berta, times[1])
    assert meeting.status == MeetingStatus.REQUESTED
    assert meeting.message == "Dzień dobry! Let us talk."
    email = queued_to(berta).get()
    assert email.to == [berta.email]
    assert email.message.startswith("Guten Tag Berta,")  # German, as she registered
    assert url("agenda", berta, "de") in email.message
    with translation.override("de"):
        assert slot_when_text(times[1], berta.event) in email.message
    assert "Anna Nowak" in email.subject
    assert not queued_to(anna).exists()
    # Both agendas show the request: outgoing for her, incoming for him.
    mine = html_of(client.get(url("agenda", anna, "pl") + "?done=requested"))
    assert "Twoja prośba została wysłana." in mine and "Berta Schulz" in mine
    assert 'value="withdraw"' in mine
    theirs = html_of(client.get(url("agenda", berta, "de")))
    assert "Anna Nowak" in theirs and "Dzień dobry! Let us talk." in theirs
    assert 'value="accept"' in theirs and 'value="propose"' in theirs


def test_accepting_puts_the_meeting_in_both_agendas_and_calendars(
    client, anna, berta, times, tables
):
    meeting = meeting_request(requester=anna, recipient=berta, slot=times[2])
    response = agenda_post(client, berta, "accept", meeting, language="de")
    assert response.status_code == 302
    assert response["Location"] == url("agenda", berta, "de") + "?done=accept"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED and meeting.room == tables[0]
    assert Booking.objects.filter(meeting=meeting).count() == 2
    assert queued_to(anna).filter(subject__isnull=False).exists()
    for me, other, language in ((anna, berta, "pl"), (berta, anna, "de")):
        html = html_of(client.get(url("agenda", me, language)))
        meetings = html[html.index('id="meetings-heading"') : html.index('id="incoming-heading"')]
        assert other.full_name in meetings and other.organisation in meetings
        assert "Table 1" in meetings and tables[0].online_link in meetings
        with translation.override(language):
            assert slot_when_text(times[2], me.event) in meetings
        assert url("agenda_calendar", me, language) in html
        calendar = client.get(url("agenda_calendar", me, language))
        assert calendar.status_code == 200
        assert calendar["Content-Type"].startswith("text/calendar")
        assert "no-store" in calendar["Cache-Control"]
        ics = calendar.content.decode().replace("\r\n ", "")
        assert ics.count("BEGIN:VEVENT") == 1
        assert f"UID:meeting-{meeting.pk}@" in ics
        assert other.full_name in ics and "Table 1" in ics and tables[0].online_link in ics
        start = timezone.localtime(times[2].start, me.event.tz)
        assert f"DTSTART;TZID={me.event.time_zone}:{start:%Y%m%dT%H%M%S}" in ics
    # The online room is only for the two of them.
    directory = html_of(client.get(url("directory", anna)))
    assert tables[0].online_link not in directory
    # A second click on "Accept" changes nothing and says why.
    again = agenda_post(client, berta, "accept", meeting, language="en")
    assert again.status_code == 409
    assert "already been answered" in html_of(again)
    assert Booking.objects.count() == 2


def test_declining_with_another_time_proposes_it(client, anna, berta, times):
    meeting = meeting_request(requester=anna, recipient=berta, slot=times[0])
    response = agenda_post(
        client, berta, "propose", meeting, slot=str(times[3].pk), message="Später bitte"
    )
    assert response.status_code == 302 and response["Location"].endswith("?done=propose")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DECLINED
    proposal = Meeting.objects.get(proposed_instead_of=meeting)
    assert (proposal.requester, proposal.recipient, proposal.slot) == (berta, anna, times[3])
    assert proposal.message == "Später bitte"
    html = html_of(client.get(url("agenda", anna)))
    incoming = html[html.index('id="incoming-heading"') : html.index('id="outgoing-heading"')]
    assert "This is a proposal of another time for the meeting you asked for." in incoming
    assert "Berta Schulz" in incoming and "Später bitte" in incoming
    assert queued_to(anna).count() == 1  # the proposal's request


def test_declining_and_withdrawing(client, event, anna, berta, times):
    meeting = meeting_request(requester=anna, recipient=berta, slot=times[0])
    assert agenda_post(client, berta, "decline", meeting).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DECLINED
    assert queued_to(anna).count() == 1
    html = html_of(client.get(url("agenda", anna)))
    assert "Earlier requests" in html and "Declined" in html
    second = meeting_request(requester=anna, recipient=berta, slot=times[1])
    # Only the one who asked may withdraw, only the one asked may answer.
    assert agenda_post(client, berta, "withdraw", second).status_code == 409
    assert agenda_post(client, anna, "accept", second).status_code == 409
    response = agenda_post(client, anna, "withdraw", second)
    assert response.status_code == 302 and response["Location"].endswith("?done=withdraw")
    second.refresh_from_db()
    assert second.status == MeetingStatus.WITHDRAWN
    # Someone else's meeting is not found.
    third = participant(event, first_name="Chris")
    assert agenda_post(client, third, "withdraw", second).status_code == 404


def test_cancelling_an_accepted_meeting_tells_the_other(client, anna, berta, times):
    meeting = meeting_request(requester=anna, recipient=berta, slot=times[0])
    meeting_accept(meeting=meeting, by=berta)
    response = agenda_post(client, anna, "cancel", meeting)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert not Booking.objects.exists()
    assert queued_to(berta).count() == 2  # the request, then the cancellation
    ics = client.get(url("agenda_calendar", berta)).content.decode()
    assert "BEGIN:VEVENT" not in ics
    assert agenda_post(client, anna, "cancel", meeting).status_code == 409


def test_after_the_meeting_each_says_whether_it_took_place(client, event, anna, berta):
    past = timezone.now() - datetime.timedelta(days=1)
    slot = Slot.objects.create(event=event, start=past, end=past + datetime.timedelta(minutes=15))
    earlier = past - datetime.timedelta(days=2)
    meeting = meeting_request(requester=anna, recipient=berta, slot=slot, now=earlier)
    meeting_accept(meeting=meeting, by=berta, now=earlier)
    html = html_of(client.get(url("agenda", berta)))
    assert "Did the meeting take place?" in html and "Do you intend to cooperate?" in html
    assert 'value="cancel"' not in html
    response = agenda_post(client, berta, "report", meeting, held="yes", cooperation="no")
    assert response.status_code == 302 and response["Location"].endswith("?done=report")
    response = agenda_post(client, anna, "report", meeting, held="yes", cooperation="")
    meeting.refresh_from_db()
    assert (meeting.held_recipient, meeting.cooperation_recipient) == (True, False)
    assert (meeting.held_requester, meeting.cooperation_requester) == (True, None)
    # Shown again as answered, and a strange answer is refused, not a 500.
    html = html_of(client.get(url("agenda", berta)))
    assert re.search(r'name="held" value="yes"[^>]*checked', html)
    response = agenda_post(client, berta, "report", meeting, held="maybe")
    assert response.status_code == 200 and 'id="error-summary"' in html_of(response)
    # Before a meeting begins, nothing can be reported.
    future = slots(event, count=1, start=timezone.now() + datetime.timedelta(days=2))[0]
    upcoming = meeting_request(requester=anna, recipient=berta, slot=future)
    meeting_accept(meeting=upcoming, by=berta)
    response = agenda_post(client, anna, "report", upcoming, held="yes")
    assert response.status_code == 409
    assert "once it has begun" in html_of(response)


# --- Paused and closed ------------------------------------------------------------------------


def test_paused_matchmaking_takes_no_requests_but_answers(client, event, anna, berta, times):
    meeting = meeting_request(requester=anna, recipient=berta, slot=times[0])
    Matchmaking.objects.create(event=event, state=MatchmakingState.PAUSED)
    html = html_of(client.get(url("ask", berta, other=anna.pk)))
    assert "Matchmaking is paused" in html and 'name="slot"' not in html
    directory = html_of(client.get(url("directory", berta)))
    assert "Ask for a meeting" not in directory
    response = ask(client, berta, anna, times[1])
    assert response.status_code == 409 and Meeting.objects.count() == 1
    agenda = html_of(client.get(url("agenda", berta)))
    assert 'value="accept"' in agenda and 'value="propose"' not in agenda
    response = agenda_post(client, berta, "propose", meeting, slot=str(times[1].pk))
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.REQUESTED  # the refused proposal undid nothing
    assert agenda_post(client, berta, "accept", meeting).status_code == 302


def test_closed_matchmaking_changes_nothing_but_lets_people_withdraw(
    client, event, anna, berta, times
):
    meeting = meeting_request(requester=anna, recipient=berta, slot=times[0])
    Matchmaking.objects.create(event=event, state=MatchmakingState.CLOSED)
    agenda = html_of(client.get(url("agenda", berta)))
    assert "Matchmaking for this event is closed" in agenda
    assert 'value="accept"' not in agenda and 'value="decline"' not in agenda
    response = agenda_post(client, berta, "accept", meeting)
    assert response.status_code == 409 and "is closed" in html_of(response)
    profile = html_of(client.get(url("profile", berta)))
    assert 'name="profile_offer"' not in profile and 'value="withdraw"' in profile
    response = client.post(url("profile", berta), {"profile_offer": "New", "consent": "on"})
    assert response.status_code == 409
    assert Registration.objects.get(pk=berta.pk).profile_offer == "Digital villages programme"
    response = client.post(url("profile", berta), {"action": "withdraw"})
    assert response.status_code == 302
    berta.refresh_from_db()
    assert not berta.profile_shared and not Profile.objects.filter(registration=berta).exists()


# --- Profile ----------------------------------------------------------------------------------


def test_opting_in_through_the_profile_page(client, event, berta, theme):
    person = participant(event, opted_in=False, first_name="Jan", language="pl")
    group = TargetGroup.objects.create(name_en="SMEs", slug="smes")
    html = html_of(client.get(url("profile", person, "pl")))
    assert "nigdy Twojego adresu e-mail" in html
    assert 'name="consent"' in html and 'value="withdraw"' not in html
    data = {
        "profile_offer": "Szkolenia cyfrowe",
        "profile_seek": "",
        "languages": ["pl", "de"],
        "themes": [str(theme.pk)],
        "target_groups": [str(group.pk)],
        "region": "",
    }
    # Without the consent nothing is shared, and what was typed stays.
    response = client.post(url("profile", person, "pl"), data)
    assert response.status_code == 200
    html = html_of(response)
    assert 'id="error-summary"' in html and "Szkolenia cyfrowe" in html
    assert 'href="#id_consent"' in html
    assert not Registration.objects.get(pk=person.pk).profile_shared
    response = client.post(url("profile", person, "pl"), {**data, "consent": "on"})
    assert response.status_code == 302
    assert response["Location"] == url("directory", person, "pl") + "?done=saved"
    person.refresh_from_db()
    assert person.profile_shared and person.profile_offer == "Szkolenia cyfrowe"
    profile = Profile.objects.get(registration=person)
    assert profile.languages == ["de", "pl"]
    assert list(profile.themes.all()) == [theme] and list(profile.target_groups.all()) == [group]
    # Now the others see Jan, and Jan sees them.
    assert "Szkolenia cyfrowe" in html_of(client.get(url("directory", berta)))
    assert "Berta Schulz" in html_of(client.get(url("directory", person, "pl")))
    # The page shows the profile again for a change, with the consent kept.
    html = html_of(client.get(url("profile", person, "pl")))
    assert re.search(r'name="consent"[^>]*checked', html)
    assert re.search(rf'name="themes" value="{theme.pk}"[^>]*checked', html)


def test_withdrawing_the_profile_cancels_meetings(client, anna, berta, times):
    meeting = meeting_request(requester=anna, recipient=berta, slot=times[0])
    meeting_accept(meeting=meeting, by=berta)
    html = html_of(client.get(url("profile", anna)))
    assert "Your meetings are cancelled" in text_of(html)
    response = client.post(url("profile", anna), {"action": "withdraw"})
    assert response["Location"] == url("profile", anna) + "?done=withdrawn"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert "Anna Nowak" not in html_of(client.get(url("directory", berta)))
    assert "Your profile is withdrawn" in html_of(client.get(response["Location"]))
    # Twice is harmless.
    assert client.post(url("profile", anna), {"action": "withdraw"}).status_code == 302


@pytest.mark.parametrize(
    ("data", "error_anchor"),
    [
        ({"profile_offer": "", "profile_seek": ""}, "#id_profile_offer"),
        ({"profile_offer": "x" * 1001}, "#id_profile_offer"),
        ({"profile_seek": "bad\x07bell"}, "#id_profile_seek"),
        ({"profile_offer": "a\u202eb"}, "#id_profile_offer"),
        ({"profile_offer": "nul\x00byte"}, "#id_profile_offer"),
        ({"languages": ["xx"]}, "#id_languages_0"),
        ({"languages": list(SPOKEN_LANGUAGES[:13])}, "#id_languages_0"),  # twelve at most
        ({"region": "abc"}, "#id_region"),
        ({"region": "99999999999999999999999"}, "#id_region"),
        ({"themes": ["abc"]}, "#id_themes_0"),
        ({"themes": ["99999999999999999999999"]}, "#id_themes_0"),
        ({"target_groups": ["-5"]}, "#id_target_groups_0"),
    ],
)
def test_profile_form_refuses_bad_input_without_a_server_error(client, event, data, error_anchor):
    person = participant(event, opted_in=False)
    payload = {"profile_offer": "Cloud", "consent": "on", **data}
    response = client.post(url("profile", person), payload)
    assert response.status_code == 200
    html = html_of(response)
    assert f'href="{error_anchor}"' in html
    assert not Registration.objects.get(pk=person.pk).profile_shared


def test_hostile_profile_text_is_shown_as_text(client, event, berta):
    payload = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    person = participant(event, opted_in=False, language="en")
    response = client.post(
        url("profile", person),
        {"profile_offer": payload, "profile_seek": payload, "consent": "on"},
    )
    assert response.status_code == 302
    html = html_of(client.get(url("directory", berta)))
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Bad input on the ask and agenda pages ----------------------------------------------------


def test_ask_form_refuses_bad_input_and_keeps_what_was_typed(client, anna, berta, times):
    other_event_slot = slots(matchmaking_event(), count=1)[0]
    address = url("ask", anna, other=berta.pk)
    cases = [
        ({"slot": str(times[0].pk), "message": "x" * 501}, "#id_message"),
        ({"slot": "99999999999999999999999", "message": "Hallo"}, "#id_slot_0"),
        ({"slot": str(other_event_slot.pk), "message": "Hallo"}, "#id_slot_0"),
        ({"slot": "abc", "message": "Hallo"}, "#id_slot_0"),
        ({"message": "Hallo"}, "#id_slot_0"),
        ({"slot": str(times[0].pk), "message": "bell\x07"}, "#id_message"),
    ]
    for data, anchor in cases:
        response = client.post(address, data)
        assert response.status_code == 200, data
        html = html_of(response)
        assert f'href="{anchor}"' in html, data
        assert data["message"][:20].replace("\x07", "") in html, data
    assert not Meeting.objects.exists()
    # Asking twice: the second is refused with a message.
    assert ask(client, anna, berta, times[0]).status_code == 302
    response = ask(client, anna, berta, times[1], message="Noch einmal")
    assert response.status_code == 409
    html = html_of(response)
    assert "already an open request" in html and "Noch einmal" in html
    assert Meeting.objects.count() == 1


def test_a_slot_taken_meanwhile_is_refused_with_a_message(client, event, anna, berta, times):
    third = participant(event, first_name="Chris")
    meeting = meeting_request(requester=third, recipient=berta, slot=times[0])
    meeting_accept(meeting=meeting, by=berta)
    # Anna's page offered the slot before Berta accepted the other meeting.
    response = ask(client, anna, berta, times[0], message="Hallo")
    assert response.status_code == 200
    assert "not available" in html_of(response)
    assert html_of(client.get(url("ask", anna, other=berta.pk))).count('name="slot"') == 3


@pytest.mark.parametrize(
    "path",
    ["ask/abc/", "ask/-1/", "ask/99999999999999999999999/", "ask/0/", "agenda.ics/x"],
)
def test_strange_addresses_are_not_found(client, anna, path):
    base = url("directory", anna)
    assert client.get(base + path).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "accept"},
        {"action": "accept", "meeting": "abc"},
        {"action": "accept", "meeting": "99999999999999999999999"},
        {"action": "accept", "meeting": "-3"},
        {"action": "explode", "meeting": "1"},
        {"action": "propose", "meeting": "MEETING", "slot": "abc"},
        {"action": "propose", "meeting": "MEETING", "slot": "99999999999999999999999"},
        {"action": "propose", "meeting": "MEETING", "slot": "SLOT", "message": "x" * 501},
        {"action": "report", "meeting": "MEETING", "held": "perhaps"},
        {"action": "accept", "meeting": "9999999"},
    ],
)
def test_agenda_buttons_with_bad_input_never_fail(client, anna, berta, times, data):
    meeting = meeting_request(requester=anna, recipient=berta, slot=times[0])
    data = {
        key: value.replace("MEETING", str(meeting.pk)).replace("SLOT", str(times[1].pk))
        for key, value in data.items()
    }
    response = client.post(url("agenda", berta), data)
    assert response.status_code in (200, 400, 404, 409)
    assert 'id="error-summary"' in html_of(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.REQUESTED


# --- A fixed number of queries ----------------------------------------------------------------


def bulk_participants(event, count, *, themes=(), groups=()):
    """`count` opted-in participants with profiles, themes and target groups, in a few
    statements."""
    now = timezone.now()
    people = Registration.objects.bulk_create(
        Registration(
            event=event,
            first_name=f"Person{n}",
            last_name="Bulk",
            email=f"bulk{n}@example.org",
            organisation=f"Organisation {n}",
            organisation_type=("company", "research", "ngo")[n % 3],
            country=("DE", "PL", "CZ")[n % 3],
            language="en",
            status=RegistrationStatus.CONFIRMED,
            confirmed_at=now,
            consent_at=now,
            profile_shared=True,
            profile_offer=f"Cloud hosting number {n}",
            profile_seek="Partners for digital villages",
        )
        for n in range(count)
    )
    Profile.objects.bulk_create(
        Profile(registration=person, languages=["de", "en"] if n % 2 else ["pl"])
        for n, person in enumerate(people)
    )
    Profile.themes.through.objects.bulk_create(
        Profile.themes.through(profile_id=person.pk, theme_id=theme.pk)
        for person in people
        for theme in themes
    )
    Profile.target_groups.through.objects.bulk_create(
        Profile.target_groups.through(profile_id=person.pk, targetgroup_id=group.pk)
        for person in people
        for group in groups
    )
    return people


@pytest.mark.parametrize("count", [3, 500])
def test_directory_query_count_is_fixed(client, django_assert_max_num_queries, anna, theme, count):
    group = TargetGroup.objects.create(name_en="SMEs", slug="smes")
    bulk_participants(anna.event, count, themes=[theme], groups=[group])
    with django_assert_max_num_queries(6):
        html = html_of(client.get(url("directory", anna)))
    # A page of the list (30 at most) and the suggestions.
    assert html.count('class="mm-card"') == min(count, 30) + min(count, 5)
    with django_assert_max_num_queries(6):
        response = client.get(url("directory", anna) + f"?country=DE&theme={theme.pk}&q=cloud")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [8, 500])
def test_agenda_query_count_is_fixed(client, django_assert_max_num_queries, anna, times, count):
    people = bulk_participants(anna.event, count)
    extra = slots(anna.event, count=20, start=times[-1].end)
    # Requests from everyone, a few accepted meetings and requests of her own.
    Meeting.objects.bulk_create(
        Meeting(event=anna.event, slot=extra[n % 20], requester=person, recipient=anna)
        for n, person in enumerate(people[5:])
    )
    for n, person in enumerate(people[:5]):
        meeting = meeting_request(requester=anna, recipient=person, slot=[*times, *extra][n])
        if n < 3:
            meeting_accept(meeting=meeting, by=person)
    with django_assert_max_num_queries(6):
        html = html_of(client.get(url("agenda", anna)))
    assert html.count('value="propose"') == count - 5
    with django_assert_max_num_queries(3):
        response = client.get(url("agenda_calendar", anna))
    assert response.content.decode().count("BEGIN:VEVENT") == 3


# --- Anything at all: never a server error ----------------------------------------------------

HYPOTHESIS = hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hostile_text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(
        ["", "\x00", "\u202e", "x" * 1001, "<script>alert(1)</script>", "99999999999999999999"]
    ),
)
values = st.lists(hostile_text, max_size=4)


@HYPOTHESIS
@given(
    offer=hostile_text,
    seek=hostile_text,
    languages=values,
    themes=values,
    region=hostile_text,
    consent=st.sampled_from(["", "on", "false", "\x00"]),
)
def test_any_profile_submission_is_saved_whole_or_not_at_all(
    client, event, offer, seek, languages, themes, region, consent
):
    person = participant(event, opted_in=False)
    data = {
        "profile_offer": offer,
        "profile_seek": seek,
        "languages": languages,
        "themes": themes,
        "region": region,
        "consent": consent,
    }
    response = client.post(url("profile", person), data)
    assert response.status_code in (200, 302)
    person.refresh_from_db()
    assert person.profile_shared == (response.status_code == 302)
    assert Profile.objects.filter(registration=person).exists() == person.profile_shared


@HYPOTHESIS
@given(action=hostile_text, meeting=hostile_text, slot=hostile_text, message=hostile_text)
def test_any_agenda_submission_is_answered(
    client, anna, berta, times, action, meeting, slot, message
):
    data = {"action": action, "meeting": meeting, "slot": slot, "message": message}
    response = client.post(url("agenda", berta), data)
    assert response.status_code in (200, 302, 400, 404, 409)
    response = client.post(url("ask", anna, other=berta.pk), {"slot": slot, "message": message})
    assert response.status_code in (200, 302, 409)
    response = client.get(url("directory", anna), {"q": message, "country": slot, "theme": meeting})
    assert response.status_code == 200


def test_directory_pages_through_the_participants_keeping_the_filters(client, anna, theme):
    bulk_participants(anna.event, 65, themes=[theme])
    base = url("directory", anna) + f"?theme={theme.pk}"
    seen = []
    for page in (1, 2, 3):
        html = html_of(client.get(f"{base}&page={page}"))
        seen += re.findall(r'id="participant-(\d+)"', html)
        if page < 3:
            assert f"theme={theme.pk}&amp;page={page + 1}" in html
    assert len(seen) == len(set(seen)) == 65
    # A page number out of range or not a number shows a page, never an error.
    for page in ("99", "x", "-1"):
        assert client.get(f"{base}&page={page}").status_code == 200
