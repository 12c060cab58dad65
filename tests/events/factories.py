import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.models import (
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    OrganisationType,
    Registration,
    RegistrationStatus,
)
from events.tokens import nonce_new, token_for, token_hash
from tests.partners.factories import OrganisationFactory


def in_days(days: float, hour: int = 10) -> datetime.datetime:
    moment = timezone.now() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    summary_en = "A meeting across the border."
    kind = EventKind.WORKSHOP
    format = EventFormat.ONLINE
    platform = "Zoom"
    join_link = factory.Sequence(lambda n: f"https://zoom.example.org/j/secret-{n}")
    meeting_language = "en"
    organiser = factory.SubFactory(OrganisationFactory)
    start = factory.LazyFunction(lambda: in_days(30))
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=2))
    status = EventStatus.PUBLISHED
    time_zone = "Europe/Berlin"


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration
        exclude = ("token",)

    event = factory.SubFactory(EventFactory)
    first_name = factory.Sequence(lambda n: f"Ada{n}")
    last_name = "Lovelace"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    organisation = "Analytical Engines Ltd"
    organisation_type = OrganisationType.IT_COMPANY
    country = "PL"
    language = "en"
    consent_at = factory.LazyFunction(timezone.now)
    status = RegistrationStatus.PENDING
    token_nonce = factory.LazyFunction(nonce_new)
    token_hash = factory.LazyAttribute(lambda r: token_hash(token_for(r.token_nonce)))


def manage_token(registration: Registration) -> str:
    return token_for(registration.token_nonce)
