"""What visitors see of a public entry with a pending change: the published version on every
public page, feed, export and search until a reviewer publishes; the preview for staff only."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import translation

from events.models import Event, EventFormat
from measures.models import Measure
from reviews.models import VersionKind
from reviews.selectors import versions_of
from reviews.services import revision_of, revision_publish
from tests.events.factories import EventFactory
from tests.measures.factories import MeasureFactory
from tests.reviews.conftest import form_errors, post_form

pytestmark = pytest.mark.django_db

OLD = {
    "en": "Broadband for villages",
    "de": "Breitband für Dörfer",
    "pl": "Szerokopasmowy internet dla wsi",
}
NEW = {"en": "Fibre for hamlets", "de": "Glasfaser für Weiler", "pl": "Światłowód dla przysiółków"}


def url(name, language="en", *args):
    with translation.override(language):
        return reverse(name, args=args)


def heading(response) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def facet(response, name):
    for item in response.context["listing"].facets:
        if item.name == name:
            return {value.value: value.count for value in item.values}
    return {}


def public(slug: str) -> dict:
    """What a visitor (no session) sees of the measure `slug` on every public surface."""
    visitor = Client()
    seen = {}
    for language in ("de", "en", "pl"):
        response = visitor.get(url("measures:detail", language, slug))
        seen[f"detail-{language}"] = heading(response) if response.status_code == 200 else 404
    listing = visitor.get(url("measures:index"))
    seen["list"] = [measure.title for measure in listing.context["listing"].measures]
    seen["themes"] = facet(listing, "theme")
    for word in ("fibre", "broadband"):
        found = visitor.get(url("measures:index"), {"q": word}).context["listing"]
        seen[f"search-{word}"] = [measure.slug for measure in found.measures]
    feed = visitor.get(url("measures:feed", "en")).content.decode()
    seen["feed"] = [title for title in (OLD["en"], NEW["en"]) if title in feed]
    sitemap = visitor.get("/sitemap-measures.xml").content.decode()
    seen["sitemap"] = sorted(set(re.findall(r"/en/measures/([a-z-]+)/</loc>", sitemap)))
    csv_text = streamed(visitor.get(url("measures:export_csv", "de")))
    seen["csv"] = [title for title in (OLD["de"], NEW["de"]) if title in csv_text]
    json_text = streamed(visitor.get(url("measures:export_json", "pl")))
    seen["json"] = [title for title in (OLD["pl"], NEW["pl"]) if title in json_text]
    return seen


PUBLISHED_STATE = {
    "detail-de": OLD["de"],
    "detail-en": OLD["en"],
    "detail-pl": OLD["pl"],
    "list": [OLD["en"]],
    "themes": {"energy": 1},
    "search-fibre": [],
    "search-broadband": ["broadband"],
    "feed": [OLD["en"]],
    "sitemap": ["broadband"],
    "csv": [OLD["de"]],
    "json": [OLD["pl"]],
}


@pytest.fixture
def edited(client, editor_a, measure, themes, empty_cache):
    """The partner editor changed the titles, the address and the themes in the admin."""
    client.force_login(editor_a)
    response = post_form(
        client,
        measure,
        {
            "title_en": NEW["en"],
            "title_de": NEW["de"],
            "title_pl": NEW["pl"],
            "slug": "fibre",
            "themes": [str(themes[1].pk), str(themes[2].pk)],
            "_revision": "submit",
        },
    )
    assert response.status_code == 302, form_errors(response)
    return revision_of(measure)


def test_visitors_see_the_published_version_while_a_change_waits(edited, measure):
    assert edited.version.data["fields"]["title_en"] == NEW["en"]
    assert public("broadband") == PUBLISHED_STATE
    assert public("fibre")["detail-en"] == 404


def test_visitors_see_the_change_once_it_is_published(client, edited, measure, reviewers):
    client.force_login(reviewers["jens"])
    response = post_form(client, measure, {"_revision": "publish"})
    assert response.status_code == 302
    assert revision_of(measure) is None

    seen = public("fibre")

    assert seen == {
        "detail-de": NEW["de"],
        "detail-en": NEW["en"],
        "detail-pl": NEW["pl"],
        "list": [NEW["en"]],
        "themes": {"health": 1, "skills": 1},
        "search-fibre": ["fibre"],
        "search-broadband": [],
        "feed": [NEW["en"]],
        "sitemap": ["fibre"],
        "csv": [NEW["de"]],
        "json": [NEW["pl"]],
    }
    assert public("broadband")["detail-en"] == 404


# --- Preview ---------------------------------------------------------------------------------


def preview_url(obj, language="pl"):
    content_type = ContentType.objects.get_for_model(type(obj))
    return url("reviews:preview", language, content_type.pk, obj.pk)


def test_the_editor_previews_the_pending_change_in_polish(client, editor_a, edited, measure):
    client.force_login(editor_a)

    response = client.get(preview_url(measure, "pl"))

    assert response.status_code == 200
    assert heading(response) == NEW["pl"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "review-preview" in page
    assert "no-cache" in response["Cache-Control"]
    # Nothing of the preview stays.
    live = Measure.objects.get(pk=measure.pk)
    assert (live.title_pl, live.slug) == (OLD["pl"], "broadband")
    assert sorted(live.theme_ids) == [measure.themes.get().pk]
    assert revision_of(measure).pk == edited.pk
    assert public("broadband") == PUBLISHED_STATE


def test_a_preview_of_an_earlier_version(client, editor_a, edited, measure):
    (baseline,) = versions_of(measure).filter(kind=VersionKind.PUBLISHED)
    client.force_login(editor_a)
    response = client.get(preview_url(measure, "de") + f"?version={baseline.pk}")
    assert response.status_code == 200
    assert heading(response) == OLD["de"]
    assert client.get(preview_url(measure, "de") + "?version=999999").status_code == 404


def test_a_preview_of_a_version_whose_address_is_taken_is_explained(
    client, portal_editor, measure, org_a
):
    """A version that breaks the rules now (its address is another measure's) is not shown:
    the editor is told so, instead of a server error."""
    client.force_login(portal_editor)
    post_form(client, measure, {"slug": "fibre"})
    post_form(client, measure, {"slug": "fibre-network"})
    (old,) = versions_of(measure).filter(data__fields__slug="fibre")
    MeasureFactory(organisation=org_a, slug="fibre")

    response = client.get(preview_url(measure, "en") + f"?version={old.pk}")

    assert response.status_code == 302
    assert response["Location"].endswith(f"/measures/measure/{measure.pk}/change/")
    assert "This version cannot be shown" in client.get(response["Location"]).content.decode()
    assert Measure.objects.get(pk=measure.pk).slug == "fibre-network"


def test_visitors_are_sent_to_the_login(edited, measure):
    response = Client().get(preview_url(measure))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_of_another_organisation_find_no_preview(client, manager_b, edited, measure):
    client.force_login(manager_b)
    response = client.get(preview_url(measure))
    assert response.status_code == 404
    assert NEW["pl"] not in response.content.decode()


# --- Events: what waits and what applies at once ---------------------------------------------


def test_an_events_title_waits_and_its_venue_applies_at_once(client, editor_a, org_a, reviewers):
    event = EventFactory(
        organiser=org_a,
        slug="matchmaking",
        title_en="Matchmaking day",
        format=EventFormat.HYBRID,
        venue_en="Old town hall",
    )
    client.force_login(editor_a)
    response = post_form(
        client, event, {"title_en": "Matchmaking week", "venue_en": "New congress centre"}
    )
    assert response.status_code == 302, form_errors(response)

    live = Event.objects.get(pk=event.pk)
    assert (live.title_en, live.venue_en) == ("Matchmaking day", "New congress centre")
    page = Client().get(url("events:detail", "en", "matchmaking"))
    assert heading(page) == "Matchmaking day"
    assert "New congress centre" in page.content.decode()
    pending = revision_of(event)
    assert pending.version.data["fields"]["title_en"] == "Matchmaking week"
    assert "venue_en" not in pending.version.data["fields"]

    revision_publish(revision_id=pending.pk, user=reviewers["jens"])

    live = Event.objects.get(pk=event.pk)
    assert (live.title_en, live.venue_en) == ("Matchmaking week", "New congress centre")
    page = Client().get(url("events:detail", "en", "matchmaking"))
    assert heading(page) == "Matchmaking week"
