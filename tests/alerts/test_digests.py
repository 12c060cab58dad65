"""Digests: what is new and matches, in the subscriber's language, once per period."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from post_office.models import Email

from alerts import services
from alerts.emails import REFERENCE_HEADER
from alerts.models import Digest, Subscription
from core.workflow import Status
from tests.alerts.factories import SubscriptionFactory, ago, token
from tests.events.factories import EventFactory, in_days
from tests.events.mailbox import deliver
from tests.measures.factories import MeasureFactory, ThemeFactory
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def themes():
    return {
        "energy": ThemeFactory(
            slug="energy", name_en="Energy", name_de="Energie", name_pl="Energia"
        ),
        "health": ThemeFactory(slug="health", name_en="Health"),
    }


def measure(theme, *, published_hours_ago: float, number: int, **kwargs):
    kwargs.setdefault("country", "PL")
    return MeasureFactory(
        slug=f"m-{number}",
        title_en=f"Cluster advice {number}",
        title_de=f"Clusterberatung {number}",
        title_pl=f"Doradztwo klastrowe {number}",
        themes=[theme],
        first_published_at=ago(hours=published_hours_ago),
        **kwargs,
    )


def daily(language="en", **kwargs):
    """A daily alert whose last period ended 25 hours ago: the next one is over."""
    kwargs.setdefault("filters", {"theme": ["energy"], "country": ["PL"]})
    return SubscriptionFactory(
        language=language, frequency="daily", last_sent_until=ago(hours=25), **kwargs
    )


def digest_emails():
    return list(Email.objects.filter(**{f"headers__{REFERENCE_HEADER}__isnull": False}))


@pytest.mark.parametrize(
    ("language", "title"),
    [("de", "Clusterberatung"), ("en", "Cluster advice"), ("pl", "Doradztwo klastrowe")],
)
def test_digest_lists_only_new_matching_entries_in_the_subscribers_language(
    themes, language, title
):
    subscription = daily(language=language, email="zofia@example.org")
    new = measure(themes["energy"], published_hours_ago=5, number=1)
    measure(themes["energy"], published_hours_ago=30, number=2)  # before the period
    measure(themes["health"], published_hours_ago=5, number=3)  # other theme
    measure(themes["energy"], published_hours_ago=5, number=4, country="DE")  # other country
    measure(themes["energy"], published_hours_ago=5, number=5, status=Status.DRAFT)
    measure(themes["energy"], published_hours_ago=0.5, number=6)  # after the period's end

    run = services.digests_send()

    assert (run.queued, run.empty) == (1, 0)
    email = Email.objects.get()
    assert email.to == ["zofia@example.org"]
    assert f"{title} 1" in email.message
    assert f"{title} 1" in email.html_message
    for other in (2, 3, 4, 5, 6):
        assert f"{title} {other}" not in email.message
    assert f"https://portal.example.org/{language}/measures/{new.slug}/" in email.message
    with translation.override(language):
        subject = translation.ngettext(
            "%(counter)s new measure on Next2Met", "%(counter)s new measures on Next2Met", 1
        ) % {"counter": 1}
        assert email.subject == subject
        assert translation.gettext("Theme") + ": " in email.message
    assert f'<html lang="{language}">' in email.html_message
    unsubscribe = f"https://portal.example.org/{language}/alerts/unsubscribe/{token(subscription)}/"
    assert email.headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in email.message
    assert unsubscribe in email.html_message
    assert email.expires_at > timezone.now()
    digest = Digest.objects.get()
    assert digest.entries == 1
    subscription.refresh_from_db()
    assert subscription.last_sent_until == digest.period_end
    assert digest.period_end - digest.period_start == DAY


def test_the_delivered_message_carries_the_unsubscribe_headers(themes):
    daily()
    measure(themes["energy"], published_hours_ago=5, number=1)
    services.digests_send()
    [message] = deliver()
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://portal.example.org/en/alerts/unsubscribe/"
    )
    assert len(mail.outbox) == 1


def test_no_digest_when_nothing_new_matches_but_the_period_passes(themes):
    subscription = daily()
    measure(themes["health"], published_hours_ago=5, number=1)
    run = services.digests_send()
    assert (run.queued, run.empty) == (0, 1)
    assert not Email.objects.exists()
    assert not Digest.objects.exists()
    subscription.refresh_from_db()
    assert subscription.last_sent_until > ago(hours=2)
    # Running again does nothing until the next period is over.
    assert services.digests_send().empty == 0


def test_running_twice_sends_each_period_once(themes):
    daily()
    measure(themes["energy"], published_hours_ago=5, number=1)
    first = services.digests_send()
    second = services.digests_send()
    assert (first.queued, second.queued) == (1, 0)
    assert Email.objects.count() == 1


def test_weekly_waits_for_its_week_and_then_covers_all_of_it(themes):
    weekly = SubscriptionFactory(
        frequency="weekly", filters={"theme": ["energy"]}, last_sent_until=ago(days=3)
    )
    measure(themes["energy"], published_hours_ago=48, number=1)
    assert services.digests_send().queued == 0

    later = timezone.now() + datetime.timedelta(days=4, hours=1)
    run = services.digests_send(now=later)
    assert run.queued == 1
    digest = Digest.objects.get()
    assert digest.period_end - digest.period_start == datetime.timedelta(days=7)
    weekly.refresh_from_db()
    assert weekly.last_sent_until == digest.period_end


def test_missed_periods_are_covered_by_one_digest(themes):
    subscription = SubscriptionFactory(
        frequency="daily", filters={}, last_sent_until=ago(days=3, hours=1)
    )
    measure(themes["energy"], published_hours_ago=60, number=1)
    measure(themes["health"], published_hours_ago=10, number=2)
    assert services.digests_send().queued == 1
    digest = Digest.objects.get()
    assert digest.entries == 2
    assert digest.period_end - digest.period_start == 3 * DAY
    subscription.refresh_from_db()
    assert subscription.last_sent_until <= timezone.now()


def test_frequency_decides_which_alerts_are_due(themes):
    filters = {"theme": ["energy"]}
    due_daily = SubscriptionFactory(
        frequency="daily", filters=filters, last_sent_until=ago(hours=25)
    )
    not_due_weekly = SubscriptionFactory(
        frequency="weekly", filters=filters, last_sent_until=ago(hours=25)
    )
    measure(themes["energy"], published_hours_ago=5, number=1)
    services.digests_send()
    sent_to = {email.headers[REFERENCE_HEADER] for email in Email.objects.all()}
    assert sent_to == {str(due_daily.pk)}
    assert not_due_weekly.digests.count() == 0


def test_unconfirmed_and_cancelled_alerts_get_no_digest(themes):
    daily(status="pending", confirmed_at=None)
    daily(status="cancelled", email="gone@example.org", cancelled_at=ago(hours=1))
    measure(themes["energy"], published_hours_ago=5, number=1)
    assert services.digests_send().queued == 0
    assert not Email.objects.exists()


def test_search_runs_in_the_subscribers_language(themes):
    daily(language="pl", filters={"q": ["klastrowe"]})
    daily(language="en", filters={"q": ["klastrowe"]}, email="en@example.org")
    measure(themes["energy"], published_hours_ago=5, number=1)
    assert services.digests_send().queued == 1
    assert Email.objects.get().message.count("Doradztwo klastrowe 1") == 1


def test_filters_the_list_no_longer_knows_match_nothing(themes):
    daily(filters={"theme": ["removed-theme"]})
    measure(themes["energy"], published_hours_ago=5, number=1)
    run = services.digests_send()
    assert (run.queued, run.empty) == (0, 1)


def test_events_digest_lists_newly_published_upcoming_events(settings):
    witeno = OrganisationFactory(slug="witeno", name_en="WITENO GmbH")
    subscription = SubscriptionFactory(
        kind="events",
        frequency="daily",
        language="de",
        filters={"organiser": ["witeno"]},
        last_sent_until=ago(hours=25),
    )
    EventFactory(title_de="Neuer Workshop", organiser=witeno, first_published_at=ago(hours=3))
    EventFactory(title_de="Alter Workshop", organiser=witeno, first_published_at=ago(days=3))
    EventFactory(title_de="Fremder Workshop", first_published_at=ago(hours=3))
    EventFactory(
        title_de="Vergangener Workshop",
        organiser=witeno,
        first_published_at=ago(hours=3),
        start=in_days(-2),
        end=in_days(-2, hour=12),
    )
    EventFactory(
        title_de="Entwurf", organiser=witeno, first_published_at=ago(hours=3), status="draft"
    )
    assert services.digests_send().queued == 1
    email = Email.objects.get()
    assert "Neuer Workshop" in email.message
    for other in ("Alter", "Fremder", "Vergangener", "Entwurf"):
        assert other not in email.message
    with translation.override("de"):
        assert email.subject == translation.ngettext(
            "%(counter)s new event on Next2Met", "%(counter)s new events on Next2Met", 1
        ) % {"counter": 1}
    assert email.headers[REFERENCE_HEADER] == str(subscription.pk)


def test_a_long_digest_lists_the_first_entries_and_links_the_rest(themes, monkeypatch):
    monkeypatch.setattr("alerts.selectors.DIGEST_LIMIT", 3)
    daily(filters={"theme": ["energy"]})
    for number in range(5):
        measure(themes["energy"], published_hours_ago=5 + number, number=number)
    services.digests_send()
    email = Email.objects.get()
    assert email.subject == "5 new measures on Next2Met"
    assert email.message.count("Cluster advice") == 3
    assert "https://portal.example.org/en/measures/?theme=energy" in email.message
    assert Digest.objects.get().entries == 5


def test_command_reports_what_it_did(themes):
    daily()
    measure(themes["energy"], published_hours_ago=5, number=1)
    out = io.StringIO()
    call_command("send_alert_digests", stdout=out)
    assert "1 digest(s) queued" in out.getvalue()
    assert Subscription.objects.get().digests.count() == 1
