"""A Polish visitor asks to hear about new measures like those of a filtered list, confirms
from the e-mail, gets a digest in Polish when such a measure is published, and unsubscribes
with one click — in a real browser, every page checked with axe-core."""

import datetime
import re
import types

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import expect

from alerts.models import Subscription, SubscriptionStatus
from core.workflow import Status
from next2met.mail import mail_queue_send
from partners.services import workflow_transition
from tests.measures.factories import MeasureFactory, ThemeFactory
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue(settings, live_server):
    settings.SITE_URL = live_server.url
    settings.EVENTS_FORM_MIN_SECONDS = 0
    clusters = ThemeFactory(slug="clusters-networks", name_en="Clusters", name_pl="Klastry")
    health = ThemeFactory(slug="e-health-care", name_en="e-Health", name_pl="E-zdrowie")
    cluster = OrganisationFactory(slug="klaster-ict", name_pl="Klaster ICT", country="PL")
    MeasureFactory(
        organisation=cluster,
        themes=[clusters],
        title_pl="Klastrowa kawa online",
        summary_pl="Firmy członkowskie klastra spotykają się online.",
    )
    MeasureFactory(organisation=cluster, themes=[health], title_pl="Cyfrowa opieka domowa")
    return {"clusters": clusters, "health": health, "cluster": cluster}


def last_message():
    mail_queue_send()
    return mail.outbox[-1]


def test_polish_visitor_subscribes_confirms_gets_a_digest_and_unsubscribes(
    page, axe, live_server, catalogue, portal_editor
):
    page.goto("/pl/measures/")
    page.locator('.facet--theme input[value="clusters-networks"]').check()
    expect(page.locator(".measure-card")).to_have_count(1)
    assert "theme=clusters-networks" in page.url

    page.locator(".alerts-subscribe a").click()
    expect(page).to_have_url(re.compile(r"/pl/alerts/measures/\?theme=clusters-networks$"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator(".alerts-summary")).to_contain_text("Klastry")
    axe(page, context="subscribe page")

    # Sent without consent: the error summary comes first and nothing is stored.
    page.fill("#id_email", "zofia.wojcik@example.org")
    page.locator("form.alerts-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    axe(page, context="subscribe page with errors")
    assert not Subscription.objects.exists()

    page.check("#id_frequency_0")  # daily
    page.check("#id_consent")
    page.locator("form.alerts-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/pl/alerts/measures/sent/$"))
    axe(page, context="check your inbox")
    subscription = Subscription.objects.get()
    assert (subscription.language, subscription.frequency, subscription.filters) == (
        "pl",
        "daily",
        {"theme": ["clusters-networks"]},
    )

    message = last_message()
    link = re.search(re.escape(live_server.url) + r"/pl/alerts/manage/[0-9a-f]+/", message.body)
    assert link, message.body
    page.goto(link[0])
    axe(page, context="manage page (pending)")
    page.locator("form:has(input[value=confirm]) button").click()
    expect(page.locator("form:has(input[value=confirm])")).to_have_count(0)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    axe(page, context="manage page (confirmed)")

    # A portal editor publishes a new measure of the theme, and another one.
    new = MeasureFactory(
        organisation=catalogue["cluster"],
        themes=[catalogue["clusters"]],
        title_pl="Nowy klastrowy kanał zamówień",
        status=Status.IN_REVIEW,
        first_published_at=None,
    )
    other = MeasureFactory(
        organisation=catalogue["cluster"],
        themes=[catalogue["health"]],
        title_pl="Teleopieka",
        status=Status.IN_REVIEW,
        first_published_at=None,
    )
    for measure in (new, other):
        workflow_transition(obj=measure, to_status=Status.PUBLISHED, user=portal_editor)

    # A day later the digest command runs (twice, as cron might): one e-mail, in Polish.
    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=5)
    clock = types.SimpleNamespace(now=lambda: tomorrow)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("alerts.services.timezone", clock)
        call_command("send_alert_digests", verbosity=0)
        call_command("send_alert_digests", verbosity=0)
    before = len(mail.outbox)
    mail_queue_send()
    [digest] = [m for m in mail.outbox[before:] if m.to == ["zofia.wojcik@example.org"]]
    assert digest.to == ["zofia.wojcik@example.org"]
    with translation.override("pl"):
        subject = translation.ngettext(
            "%(counter)s new measure on Next2Met", "%(counter)s new measures on Next2Met", 1
        ) % {"counter": 1}
    assert digest.subject == subject
    assert "Nowy klastrowy kanał zamówień" in digest.body
    assert "Teleopieka" not in digest.body
    assert "Regiony w sąsiedztwie metropolii" in digest.body
    assert f"{live_server.url}/pl/measures/{new.slug}/" in digest.body
    html_part, mimetype = digest.alternatives[0]
    assert mimetype == "text/html" and '<html lang="pl">' in html_part

    # One-click unsubscribe, as a mail program does it: a POST to the header's address.
    header = digest.extra_headers["List-Unsubscribe"]
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = header.strip("<>")
    assert unsubscribe.startswith(f"{live_server.url}/pl/alerts/unsubscribe/")
    page.goto(unsubscribe)
    axe(page, context="unsubscribe page")
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    response = page.request.post(
        unsubscribe,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CANCELLED

    page.goto(link[0])
    expect(page.locator("form:has(input[value=resume])")).to_have_count(1)
    page.get_by_role("link", name=re.compile("Usuń moje dane")).click()
    axe(page, context="erase page")
    page.locator("form button[type=submit]").last.click()
    axe(page, context="erased")
    assert not Subscription.objects.exists()
    gone = page.request.get(link[0])
    assert gone.status == 404
    assert '<html lang="pl"' in gone.text()


@pytest.mark.parametrize("language", ["de", "en", "pl"])
def test_alert_pages_pass_axe_in_every_language(page, axe, catalogue, language):
    for path in (
        "alerts/measures/?theme=clusters-networks&country=PL&q=klaster",
        "alerts/measures/?year_from=abc",
        "alerts/events/?format=online",
        "events/",
    ):
        page.goto(f"/{language}/{path}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        axe(page, context=f"/{language}/{path}")
