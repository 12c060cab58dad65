"""What a visitor sends with the public registration form, and an organiser with the event's
admin form."""

import time

from django.core import signing

from events.forms import STARTED_SALT


def started_value(seconds_ago: float = 60) -> str:
    """The signed start time of the registration form, as the page would have rendered it."""
    return signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)


def registration_data(**changes) -> dict:
    """A whole, valid registration form; a change to None leaves that field out."""
    data = {
        "first_name": "Anna",
        "last_name": "Nowak",
        "email": "anna@example.org",
        "organisation": "Klaster ICT",
        "organisation_type": "it_company",
        "country": "PL",
        "consent": "on",
        "started": started_value(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def event_form_data(event, **changes):
    """A whole, valid admin change form of the event; a change to None leaves a field out."""
    data = {
        "title_en": event.title_en,
        "slug": event.slug,
        "kind": event.kind,
        "time_zone": event.time_zone,
        "start_0": "2027-03-28",
        "start_1": "10:00",
        "end_0": "2027-03-28",
        "end_1": "12:00",
        "format": event.format,
        "platform": event.platform,
        "join_link": event.join_link,
        "meeting_language": event.meeting_language,
        "organiser": event.organiser_id,
        "registration_enabled": "on",
        "capacity": event.capacity or "",
        "organiser_notifications": event.organiser_notifications,
        # The registration questions inline, unchanged.
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
