"""The secret link: confirming, the manage page, one-click unsubscribing, erasing, expiry."""

import html
import io
import re

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone
from post_office.models import Email

from alerts import services
from alerts.emails import REFERENCE_HEADER
from alerts.models import Digest, Subscription, SubscriptionStatus
from tests.alerts.factories import SubscriptionFactory, ago, subscribe_data, token
from tests.measures.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return html.unescape(response.content.decode())


def manage_link_from_last_email() -> str:
    email = Email.objects.order_by("-pk").first()
    pattern = r"https://portal\.example\.org(/\w\w/alerts/manage/[0-9a-f]+/)"
    found = re.search(pattern, email.message)
    assert found, email.message
    return found[1]


@pytest.fixture
def pending(client):
    ThemeFactory(slug="energy", name_en="Energy")
    client.post("/de/alerts/measures/?theme=energy", subscribe_data())
    return Subscription.objects.get()


# --- Confirming ---------------------------------------------------------------------------------


def test_opening_the_link_does_not_confirm_the_button_does(client, pending):
    link = manage_link_from_last_email()
    assert link.startswith("/de/")
    response = client.get(link)
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    pending.refresh_from_db()
    assert pending.status == SubscriptionStatus.PENDING

    response = client.post(link, {"action": "confirm", "subscription": pending.pk})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == SubscriptionStatus.CONFIRMED
    assert pending.last_sent_until == pending.confirmed_at


def test_confirming_twice_is_harmless(client, pending):
    link = manage_link_from_last_email()
    client.post(link, {"action": "confirm"})
    pending.refresh_from_db()
    confirmed_at = pending.confirmed_at
    response = client.post(link, {"action": "confirm"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.confirmed_at) == (SubscriptionStatus.CONFIRMED, confirmed_at)
    assert Email.objects.count() == 1


def test_an_expired_confirmation_link_says_so_and_changes_nothing(client, pending, settings):
    settings.ALERTS_CONFIRMATION_HOURS = 48
    Subscription.objects.update(confirmation_sent_at=ago(hours=49))
    link = manage_link_from_last_email()
    response = client.get(link)
    assert response.status_code == 200
    assert "/de/alerts/measures/?theme=energy" in response.content.decode()
    response = client.post(link, {"action": "confirm"})
    assert response.status_code == 409
    pending.refresh_from_db()
    assert pending.status == SubscriptionStatus.PENDING
    # Subscribing again sends a new link that works.
    client.post("/de/alerts/measures/?theme=energy", subscribe_data())
    response = client.post(manage_link_from_last_email(), {"action": "confirm"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == SubscriptionStatus.CONFIRMED


@pytest.mark.parametrize(
    "path",
    [
        "/pl/alerts/manage/{}/",
        "/pl/alerts/manage/{}/erase/",
        "/pl/alerts/unsubscribe/{}/",
    ],
)
@pytest.mark.parametrize("bad", ["0" * 64, "nonsense", "x" * 500, "%00", "ab%0Acd"])
def test_unknown_links_get_a_translated_not_found_page(client, path, bad):
    for method in (client.get, client.post):
        response = method(path.format(bad))
        assert response.status_code == 404
        assert '<html lang="pl"' in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex, nofollow"


# --- Manage page --------------------------------------------------------------------------------


def test_manage_page_shows_every_alert_of_the_address_and_no_other(client):
    ThemeFactory(slug="energy", name_en="Energy")
    own = SubscriptionFactory(email="zofia@example.org", filters={"theme": ["energy"]})
    SubscriptionFactory(email="ZOFIA@example.org", kind="events", filters={"kind": ["workshop"]})
    SubscriptionFactory(email="other@example.org", filters={"country": ["DE"]})
    text = page(client.get(f"/en/alerts/manage/{token(own)}/"))
    assert "Theme: Energy" in text
    assert "Kind of event: Workshop" in text
    assert "Germany" not in text


def test_manage_page_changes_frequency_cancels_and_resumes(client):
    own = SubscriptionFactory(email="zofia@example.org", frequency="weekly")
    other = SubscriptionFactory(email="zofia@example.org", kind="events")
    stranger = SubscriptionFactory(email="other@example.org")
    link = f"/en/alerts/manage/{token(own)}/"

    client.post(link, {"action": "frequency", "subscription": other.pk, "frequency": "daily"})
    other.refresh_from_db()
    assert other.frequency == "daily"
    response = client.post(link, {"action": "frequency", "subscription": own.pk, "frequency": "x"})
    assert response.status_code == 400
    own.refresh_from_db()
    assert own.frequency == "weekly"

    client.post(link, {"action": "cancel", "subscription": other.pk})
    other.refresh_from_db()
    assert other.status == SubscriptionStatus.CANCELLED
    client.post(link, {"action": "resume", "subscription": other.pk})
    other.refresh_from_db()
    assert other.status == SubscriptionStatus.CONFIRMED

    # Another address's subscription cannot be reached through this link.
    response = client.post(link, {"action": "cancel", "subscription": stranger.pk})
    assert response.status_code == 404
    response = client.post(link, {"action": "cancel", "subscription": "1; DROP TABLE"})
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == SubscriptionStatus.CONFIRMED

    client.post(link, {"action": "cancel_all"})
    statuses = set(
        Subscription.objects.filter(email__iexact="zofia@example.org").values_list(
            "status", flat=True
        )
    )
    assert statuses == {SubscriptionStatus.CANCELLED}
    # The link still works: the person can subscribe again.
    assert client.get(link).status_code == 200


def test_manage_page_buttons_need_the_csrf_token():
    own = SubscriptionFactory()
    response = Client(enforce_csrf_checks=True).post(
        f"/en/alerts/manage/{token(own)}/", {"action": "cancel_all"}
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == SubscriptionStatus.CONFIRMED


def test_erase_deletes_every_alert_of_the_address_with_digests_and_emails(client):
    own = SubscriptionFactory(email="zofia@example.org")
    other = SubscriptionFactory(email="Zofia@example.org", kind="events")
    stranger = SubscriptionFactory(email="other@example.org")
    with services.transaction.atomic():
        for subscription in (own, other, stranger):
            services.emails.subscription_email_queue(subscription=subscription, kind="subscribed")
    Digest.objects.create(
        subscription=own,
        period_start=ago(days=8),
        period_end=ago(days=1),
        entries=1,
        created_at=timezone.now(),
    )
    link = f"/en/alerts/manage/{token(own)}/erase/"
    response = client.get(link)
    assert response.status_code == 200
    assert Subscription.objects.count() == 3
    response = client.post(link)
    assert response.status_code == 200
    assert list(Subscription.objects.all()) == [stranger]
    assert not Digest.objects.exists()
    assert [email.headers[REFERENCE_HEADER] for email in Email.objects.all()] == [str(stranger.pk)]
    assert client.get(f"/en/alerts/manage/{token(own)}/").status_code == 404


def test_manage_page_query_count_does_not_grow_with_alerts(client, django_assert_max_num_queries):
    themes = [ThemeFactory(slug=f"t{n}") for n in range(3)]
    own = SubscriptionFactory(email="zofia@example.org", filters={"theme": ["t0"]})
    for theme in themes:
        SubscriptionFactory(
            email="zofia@example.org",
            filters={"theme": [theme.slug, "t0"], "organisation": ["a"], "region": ["DE80"]},
        )
        SubscriptionFactory(
            email="zofia@example.org",
            kind="events",
            filters={"organiser": ["a"], "project": [theme.slug]},
        )
    with django_assert_max_num_queries(8):
        response = client.get(f"/en/alerts/manage/{token(own)}/")
    assert response.status_code == 200


# --- One-click unsubscribe ------------------------------------------------------------------------


def test_one_click_unsubscribe_needs_no_csrf_token():
    subscription = SubscriptionFactory()
    response = Client(enforce_csrf_checks=True).post(
        f"/en/alerts/unsubscribe/{token(subscription)}/",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CANCELLED


def test_unsubscribe_link_shows_a_button_and_changes_nothing_by_itself(
    client, django_assert_max_num_queries
):
    subscription = SubscriptionFactory(language="pl")
    with django_assert_max_num_queries(4):
        response = client.get(f"/pl/alerts/unsubscribe/{token(subscription)}/")
    assert response.status_code == 200
    assert '<html lang="pl"' in response.content.decode()
    assert f'action="/pl/alerts/unsubscribe/{token(subscription)}/"' in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    client.post(f"/pl/alerts/unsubscribe/{token(subscription)}/")
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CANCELLED
    # Twice is harmless.
    assert client.post(f"/pl/alerts/unsubscribe/{token(subscription)}/").status_code == 200


# --- Expiry -------------------------------------------------------------------------------------


def test_purge_deletes_old_unconfirmed_and_cancelled_subscriptions(settings):
    settings.ALERTS_UNCONFIRMED_DAYS = 7
    old_pending = SubscriptionFactory(status="pending", confirmation_sent_at=ago(days=8))
    new_pending = SubscriptionFactory(status="pending", confirmation_sent_at=ago(days=6))
    old_cancelled = SubscriptionFactory(status="cancelled", cancelled_at=ago(days=8))
    old_confirmed = SubscriptionFactory(confirmation_sent_at=ago(days=100))
    with services.transaction.atomic():
        services.emails.subscription_email_queue(subscription=old_pending, kind="confirm")
    out = io.StringIO()
    call_command("purge_alert_subscriptions", stdout=out)
    assert "2 expired alert subscription(s) deleted" in out.getvalue()
    assert set(Subscription.objects.all()) == {new_pending, old_confirmed}
    assert not Email.objects.exists()
    assert old_cancelled.pk not in set(Subscription.objects.values_list("pk", flat=True))


def test_confirmed_subscriptions_have_a_period_in_the_database():
    with pytest.raises(IntegrityError), services.transaction.atomic():
        SubscriptionFactory(last_sent_until=None, confirmed_at=timezone.now())


def test_the_database_refuses_a_duplicate_subscription():
    SubscriptionFactory(email="a@example.org", filters={"theme": ["x"], "country": ["PL"]})
    with pytest.raises(IntegrityError), services.transaction.atomic():
        SubscriptionFactory(email="A@example.org", filters={"country": ["PL"], "theme": ["x"]})
    SubscriptionFactory(email="a@example.org", kind="events", filters={"theme": ["x"]})
    assert Subscription.objects.count() == 2
