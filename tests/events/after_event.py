"""Events that took place, with confirmed participants, for the tests of attendance,
certificates, feedback and follow-up."""

import datetime

from django.utils import timezone

from events.models import RegistrationStatus
from tests.events.factories import EventFactory, RegistrationFactory


def past_event(**fields):
    """A published online event that ended an hour ago (by default)."""
    start = fields.pop("start", timezone.now() - datetime.timedelta(hours=3))
    fields.setdefault("end", start + datetime.timedelta(hours=2))
    return EventFactory(start=start, **fields)


def participant(event, **fields):
    """A confirmed registration of the event."""
    fields.setdefault("status", RegistrationStatus.CONFIRMED)
    if fields["status"] == RegistrationStatus.CONFIRMED:
        fields.setdefault("confirmed_at", event.start - datetime.timedelta(days=3))
    return RegistrationFactory(event=event, **fields)
