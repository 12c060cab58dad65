import datetime
import time

import factory
from django.core import signing
from django.utils import timezone
from factory.django import DjangoModelFactory

from alerts.forms import SubscribeForm
from alerts.models import AlertKind, Frequency, Subscription, SubscriptionStatus
from alerts.tokens import nonce_new, token_for, token_hash


class SubscriptionFactory(DjangoModelFactory):
    """A confirmed weekly alert of new measures, without filters, unless told otherwise."""

    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    kind = AlertKind.MEASURES
    filters = factory.LazyFunction(dict)
    frequency = Frequency.WEEKLY
    language = "en"
    status = SubscriptionStatus.CONFIRMED
    token_nonce = factory.LazyFunction(nonce_new)
    token_hash = factory.LazyAttribute(lambda s: token_hash(token_for(s.token_nonce)))
    created_at = factory.LazyFunction(timezone.now)
    consent_at = factory.LazyFunction(timezone.now)
    confirmation_sent_at = factory.LazyFunction(timezone.now)

    @factory.lazy_attribute
    def confirmed_at(self):
        return timezone.now() if self.status == SubscriptionStatus.CONFIRMED else None

    @factory.lazy_attribute
    def last_sent_until(self):
        return self.confirmed_at


def token(subscription: Subscription) -> str:
    return token_for(subscription.token_nonce)


def ago(**kwargs) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


def started_value(seconds_ago: float = 60) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=SubscribeForm.started_salt)


def subscribe_data(**changes) -> dict:
    """A whole, valid subscription form; a change to None leaves that field out."""
    data = {
        "email": "zofia@example.org",
        "frequency": "weekly",
        "consent": "on",
        "started": started_value(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
