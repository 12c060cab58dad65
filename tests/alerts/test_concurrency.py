"""Two digest runs at once (two threads, each on its own database connection, real
transactions): every due period is sent exactly once."""

from collections import Counter

import pytest
from django.core.management import call_command
from post_office.models import Email

from alerts import services
from alerts.emails import REFERENCE_HEADER
from alerts.models import Digest, Subscription
from tests.alerts.factories import SubscriptionFactory, ago
from tests.events.test_concurrency import run_at_once
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://portal.example.org"


def test_two_runs_at_once_queue_one_digest_per_subscription():
    subscriptions = [
        SubscriptionFactory(frequency=frequency, last_sent_until=ago(days=8))
        for frequency in ["daily", "weekly"] * 10
    ]
    MeasureFactory(first_published_at=ago(hours=30))

    results = run_at_once(2, lambda i: services.digests_send())

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(result.queued for result in results) == len(subscriptions)
    per_subscription = Counter(email.headers[REFERENCE_HEADER] for email in Email.objects.all())
    assert per_subscription == {str(s.pk): 1 for s in subscriptions}
    assert Digest.objects.count() == len(subscriptions)


def test_four_commands_at_once_and_again_send_nothing_twice():
    subscriptions = SubscriptionFactory.create_batch(
        8, frequency="daily", last_sent_until=ago(hours=26)
    )
    MeasureFactory(first_published_at=ago(hours=3))

    results = run_at_once(4, lambda i: call_command("send_alert_digests", verbosity=0))
    run_at_once(2, lambda i: call_command("send_alert_digests", verbosity=0))

    assert not [r for r in results if isinstance(r, Exception)], results
    assert Email.objects.count() == len(subscriptions)
    assert sorted(Digest.objects.values_list("subscription_id", flat=True)) == sorted(
        s.pk for s in subscriptions
    )


def test_simultaneous_subscriptions_with_one_address_store_one(settings):
    settings.ALERTS_RESEND_LIMIT = 3
    filters = {"country": ["PL"]}

    results = run_at_once(
        10,
        lambda i: services.subscription_submit(
            email=["zofia@example.org", "ZOFIA@example.org"][i % 2],
            kind="measures",
            filters=filters,
            frequency="weekly",
            language="pl",
        ),
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(1 for result in results if result.created) == 1
    assert Subscription.objects.count() == 1
    # The link, and the repeats allowed per hour, not one more (counted under the row lock).
    assert Email.objects.count() == 1 + 3
