"""The follow-up e-mail after an event: to the participants marked present (or every confirmed
one when attendance was not taken), in each person's language, exactly once."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone
from post_office.models import Email
from pypdf import PdfReader

from core.workflow import Status
from events import followups
from events.emails import REFERENCE_HEADER
from events.models import EventStatus, Registration, RegistrationStatus
from tests.events.after_event import participant, past_event
from tests.events.mailbox import deliver
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def ended(hours_ago: float, **fields):
    """An event that ended `hours_ago` hours ago."""
    start = timezone.now() - datetime.timedelta(hours=hours_ago + 2)
    return past_event(start=start, **fields)


@pytest.fixture
def event(org_a):
    return ended(
        30,
        organiser=org_a,
        title_en="Cross-border matchmaking",
        title_pl="Transgraniczny matchmaking",
        title_de="Grenzüberschreitendes Matchmaking",
        report_en="Forty companies met in twelve rounds.",
        report_pl="Czterdzieści firm spotkało się w dwunastu rundach.",
        report_de="Vierzig Firmen trafen sich in zwölf Runden.",
    )


def recipients(messages):
    return sorted(address for message in messages for address in message.to)


def test_when_attendance_was_not_taken_every_confirmed_participant_gets_it(event):
    participant(event, email="a@example.org")
    participant(event, email="b@example.org")
    participant(event, email="p@example.org", status=RegistrationStatus.PENDING)
    participant(
        event,
        email="c@example.org",
        status=RegistrationStatus.CANCELLED,
        cancelled_at=timezone.now(),
    )
    assert followups.followups_send() == 2
    messages = deliver()
    assert recipients(messages) == ["a@example.org", "b@example.org"]
    # Nobody was marked present: no certificate.
    assert all(not message.attachments for message in messages)


def test_when_attendance_was_taken_only_those_present_get_it_with_their_certificate(event):
    participant(event, email="present@example.org", attended=True, last_name="Obecna")
    participant(event, email="absent@example.org", attended=False)
    participant(event, email="unknown@example.org")
    assert followups.followups_send() == 1
    [message] = deliver()
    assert message.to == ["present@example.org"]
    [(name, content, mimetype)] = message.attachments
    assert name == f"certificate-{event.slug}.pdf" and mimetype == "application/pdf"
    assert "Obecna" in PdfReader(io.BytesIO(content)).pages[0].extract_text()


def test_each_person_in_their_language_with_their_feedback_link(event):
    participant(event, email="pl@example.org", language="pl", attended=True)
    participant(event, email="de@example.org", language="de", attended=True)
    followups.followups_send()
    by_address = {message.to[0]: message for message in deliver()}
    polish, german = by_address["pl@example.org"], by_address["de@example.org"]
    assert "Transgraniczny matchmaking" in polish.subject
    assert "Czterdzieści firm spotkało się w dwunastu rundach." in polish.body
    assert "/pl/events/registration/" in polish.body and "/feedback/" in polish.body
    assert "Grenzüberschreitendes Matchmaking" in german.subject
    assert "Vierzig Firmen trafen sich in zwölf Runden." in german.body
    assert "/de/events/registration/" in german.body


def test_the_polish_and_german_texts(event):
    """Needs the German and Polish catalogues with this feature's messages."""
    participant(event, email="pl@example.org", language="pl")
    participant(event, email="de@example.org", language="de")
    followups.followups_send()
    by_address = {message.to[0]: message for message in deliver()}
    assert by_address["pl@example.org"].subject.startswith("Dziękujemy za udział")
    assert by_address["de@example.org"].subject.startswith("Vielen Dank für Ihre Teilnahme")


def test_content_recording_report_published_measures_and_feedback(event):
    shown = MeasureFactory(title_en="Digital village hall")
    hidden = MeasureFactory(title_en="Draft idea", status=Status.DRAFT, first_published_at=None)
    event.measures.add(shown, hidden)
    event.recording_url = "https://video.example.org/recording-1"
    event.recording_published_at = timezone.now()
    event.save()
    person = participant(event, email="a@example.org", attended=True)
    followups.followups_send()
    [message] = deliver()
    assert message.subject == "Thank you for taking part: Cross-border matchmaking"
    assert "https://video.example.org/recording-1" in message.body
    assert "Forty companies met in twelve rounds." in message.body
    assert "Digital village hall" in message.body and shown.get_absolute_url() in message.body
    assert "Draft idea" not in message.body
    assert followups.feedback_url(person) in message.body
    assert "certificate of participation is attached" in message.body
    html = message.alternatives[0][0]
    assert followups.feedback_url(person) in html and "Digital village hall" in html


def test_an_unpublished_recording_is_not_mentioned(event):
    event.recording_url = "https://video.example.org/not-yet"
    event.save()
    participant(event)
    followups.followups_send()
    [message] = deliver()
    assert "not-yet" not in message.body


def test_timing_delay_window_and_cancelled_events(org_a, settings):
    settings.EVENTS_FOLLOWUP_HOURS = 24
    too_soon = ended(2, organiser=org_a)
    too_old = ended(24 * 10, organiser=org_a)
    cancelled = ended(30, organiser=org_a, status=EventStatus.CANCELLED)
    for event in (too_soon, too_old, cancelled):
        participant(event)
    assert followups.followups_send() == 0
    later = timezone.now() + datetime.timedelta(hours=23)
    assert followups.followups_send(now=later) == 1  # the one that ended 2 hours ago


def test_exactly_once_when_run_again_and_erased_people_get_none(event):
    participant(event, email="a@example.org")
    erased = participant(event, email="b@example.org")
    Registration.objects.filter(pk=erased.pk).update(anonymised_at=timezone.now())
    assert followups.followups_send() == 1
    assert followups.followups_send() == 0
    call_command("send_event_followups", verbosity=0)
    assert recipients(deliver()) == ["a@example.org"]
    assert Registration.objects.get(email="a@example.org").followup_sent_at is not None


def test_command_reports_what_it_queued(event, capsys):
    participant(event)
    call_command("send_event_followups")
    assert "1 follow-up(s) queued" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_message_once(org_a):
    from tests.events.test_concurrency import run_at_once

    event = ended(30, organiser=org_a)
    people = [participant(event, attended=index % 3 != 0) for index in range(9)]
    results = run_at_once(2, lambda _i: followups.followups_send())
    assert not [result for result in results if isinstance(result, Exception)]
    assert sum(results) == 6
    sent = Counter(email.headers[REFERENCE_HEADER] for email in Email.objects.all())
    assert sent == {str(p.pk): 1 for p in people if p.attended}
