"""The read-only list of subscriptions: portal editors see it with counts, partner staff not."""

import pytest

from tests.alerts.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db

LIST = "/en/admin/alerts/subscription/"


def test_portal_editors_see_subscriptions_and_counts_read_only(client_portal):
    subscription = SubscriptionFactory(email="zofia@example.org", filters={"theme": ["energy"]})
    SubscriptionFactory(status="pending", confirmed_at=None)
    SubscriptionFactory(kind="events", status="cancelled")
    response = client_portal.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "zofia@example.org" in page
    assert "theme=energy" in page
    assert "Subscriptions by kind and status" in page
    detail = client_portal.get(f"{LIST}{subscription.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client_portal.get(f"{LIST}add/").status_code == 403
    assert client_portal.post(f"{LIST}{subscription.pk}/delete/").status_code == 403


def test_partner_staff_do_not_see_subscriptions(client_a):
    subscription = SubscriptionFactory()
    assert client_a.get(LIST).status_code == 403
    assert client_a.get(f"{LIST}{subscription.pk}/change/").status_code in (403, 302)
    assert "alerts/subscription" not in client_a.get("/en/admin/").content.decode()
