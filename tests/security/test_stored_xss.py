"""Stored cross-site scripting: hostile text in every field renders harmless everywhere.

The payloads go into every translated text field, organisation field and registration field the
way staff and visitors can enter them (the measures' rich text through its sanitiser, as the
admin form does). Every public page, e-mail, feed, calendar file and export is then read the way
a browser, a mail program, a feed reader, a calendar or a spreadsheet would read it.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from events import services
from events.models import Event, EventKind, Registration
from matchmaking.models import Profile, Slot
from matchmaking.services import meeting_request
from measures.models import Measure
from measures.services import rich_text_sanitise
from partners.models import Organisation, Project
from tests.events.factories import EventFactory, RegistrationFactory, in_days, manage_token
from tests.events.mailbox import deliver
from tests.measures.factories import MeasureFactory, TargetGroupFactory, ThemeFactory
from tests.partners.factories import (
    MetropolisFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProjectFactory,
    RegionFactory,
)

from .helpers import html_findings

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SVG = "'><svg onload=alert(2)>"
PAYLOAD = f"{SCRIPT}{IMG}{SVG}"
LANGUAGES = ("de", "en", "pl")
SCRIPT_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
]
# A valid address may still contain quotes and brackets: it must stay inside its attribute.
QUOTED_URL = 'https://example.org/"><script>alert(1)</script>'


def translated(field: str, value: str = PAYLOAD) -> dict[str, str]:
    return {f"{field}_{code}": f"{value} {code}" for code in LANGUAGES}


def assert_harmless(html: str, where: str, *, expect_payload: bool = True):
    findings = html_findings(html)
    assert findings.scripts == [], f"{where}: script element {findings.scripts}"
    assert findings.handlers == [], f"{where}: event handler {findings.handlers}"
    assert findings.script_urls == [], f"{where}: script URL {findings.script_urls}"
    assert "img" not in findings.tags or 'src="x"' not in html, f"{where}: injected image"
    # The only svg elements are the portal's own maps.
    own_maps = html.count('<svg class="map__svg"')
    assert findings.tags.count("svg") == own_maps, f"{where}: injected svg"
    if expect_payload:
        # The hostile text is there, as text: the check above looked at the right page.
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, f"{where}: payload not shown"


@pytest.fixture
def hostile(settings):
    """One of everything, every text field filled with the payload."""
    metropolis = MetropolisFactory(**translated("name"))
    region = RegionFactory(**translated("name"), **translated("description"))
    region.metropolises.add(metropolis)
    organisation = OrganisationFactory(
        slug="hostile-org",
        region=region,
        acronym=IMG,
        email="contact@example.org",
        website=QUOTED_URL,
        **translated("name"),
        **translated("city"),
        **translated("description"),
    )
    project = ProjectFactory(
        slug="hostile-project",
        acronym=IMG[:20],
        **translated("title"),
        **translated("description"),
        **translated("programme"),
        **translated("fund"),
    )
    ParticipationFactory(organisation=organisation, project=project)
    theme = ThemeFactory(slug="hostile-theme", **translated("name"), **translated("description"))
    group = TargetGroupFactory(slug="hostile-group", **translated("name"))
    rich = {
        f"{field}_{code}": rich_text_sanitise(
            html=f"<p>{PAYLOAD} <a href='javascript:alert(1)' onclick='alert(1)'>x</a></p>"
            f"<iframe src='https://evil.example'></iframe><style>*{{}}</style>{code}"
        )
        for field in (
            "description",
            "challenge",
            "results",
            "resources_needed",
            "difficulties",
            "transfer_potential",
        )
        for code in LANGUAGES
    }
    measure = MeasureFactory(
        slug="hostile-measure",
        organisation=organisation,
        source_project=project,
        city=PAYLOAD,
        funding=PAYLOAD,
        other_stakeholders=PAYLOAD,
        contact_name=PAYLOAD,
        website=QUOTED_URL,
        themes=[theme],
        target_groups=[group],
        **translated("title"),
        **translated("summary"),
        **translated("image_alt"),
        **rich,
    )
    event = EventFactory(
        slug="hostile-event",
        organiser=organisation,
        project=project,
        kind=EventKind.MATCHMAKING,
        moderator=PAYLOAD,
        platform=IMG,
        start=in_days(2),
        capacity=10,
        recording_url=QUOTED_URL,
        **translated("title"),
        **translated("summary"),
        **translated("description"),
        **translated("report"),
        **translated("venue"),
    )
    event.measures.add(measure)
    people = [
        services.registration_confirm(
            registration=RegistrationFactory(
                event=event,
                first_name=PAYLOAD[:100],
                last_name=IMG,
                organisation=PAYLOAD,
                position=PAYLOAD,
                message=PAYLOAD,
                profile_offer=PAYLOAD,
                profile_seek=PAYLOAD,
                profile_shared=True,
                language=language,
            )
        )
        for language in LANGUAGES
    ]
    return {
        "organisation": organisation,
        "project": project,
        "measure": measure,
        "event": event,
        "theme": theme,
        "group": group,
        "region": region,
        "people": people,
    }


def public_pages(hostile) -> dict[str, str]:
    event, organisation = hostile["event"], hostile["organisation"]
    token = manage_token(hostile["people"][0])
    return {
        "home": "/",
        "partner list": "/partners/",
        "partner list filtered": f"/partners/?project={hostile['project'].slug}",
        "partner page": f"/partners/{organisation.slug}/",
        "project page": f"/projects/{hostile['project'].slug}/",
        "measure list": "/measures/",
        "measure list filtered": (
            f"/measures/?organisation={organisation.slug}&project={hostile['project'].slug}"
            f"&region={hostile['region'].nuts_code}&theme={hostile['theme'].slug}"
            f"&target={hostile['group'].slug}"
        ),
        "measure search": "/measures/?q=alert",
        "measure search for the payload": "/measures/?q=" + SCRIPT,
        "measure page": f"/measures/{hostile['measure'].slug}/",
        "event list": "/events/",
        "event list filtered": f"/events/?organiser={organisation.slug}",
        "event page": f"/events/{event.slug}/",
        "registration form": f"/events/{event.slug}/register/",
        "registration sent": f"/events/{event.slug}/register/sent/",
        "manage page": f"/events/registration/{token}/",
        "erase page": f"/events/registration/{token}/erase/",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_payload_renders_as_text_on_every_public_page(client, hostile, language):
    for name, path in public_pages(hostile).items():
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, f"{name}: {response.status_code}"
        html = response.content.decode()
        expect = name not in ("home", "registration sent", "erase page", "measure search")
        assert_harmless(html, f"{name} ({language})", expect_payload=expect)


def test_a_past_event_page_shows_its_report_harmlessly(client, hostile):
    event = hostile["event"]
    Event.objects.filter(pk=event.pk).update(
        start=timezone.now() - datetime.timedelta(days=3),
        end=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror" in html
    assert_harmless(html, "past event")
    assert "https://example.org/&quot;&gt;&lt;script&gt;" in html  # the recording link


def test_valid_addresses_with_quotes_stay_inside_their_attribute(client, hostile):
    for path in (
        hostile["organisation"].get_absolute_url(),
        hostile["measure"].get_absolute_url(),
        f"/en/projects/{hostile['project'].slug}/",
    ):
        html = client.get(path).content.decode()
        assert_harmless(html, path)
    html = client.get(hostile["organisation"].get_absolute_url()).content.decode()
    assert 'href="https://example.org/&quot;&gt;&lt;script&gt;' in html


def test_other_participants_profiles_are_shown_as_text(client, hostile):
    """The matchmaking pages (participants, asking, agenda, profile) show every hostile text
    of the others' registrations, profiles and messages as text."""
    event, people = hostile["event"], hostile["people"]
    for person in people:
        profile = Profile.objects.create(
            registration=person, region=hostile["region"], languages=["de", "pl"]
        )
        profile.themes.add(hostile["theme"])
        profile.target_groups.add(hostile["group"])
    start = event.start + datetime.timedelta(hours=1)
    slot = Slot.objects.create(event=event, start=start, end=start + datetime.timedelta(minutes=15))
    viewer = people[1]
    meeting_request(requester=people[0], recipient=viewer, slot=slot, message=PAYLOAD)
    token = manage_token(viewer)
    for language in LANGUAGES:
        with translation.override(language):
            pages = {
                "participants": reverse("matchmaking:directory", args=[token]),
                "ask": reverse("matchmaking:ask", args=[token, people[2].pk]),
                "agenda": reverse("matchmaking:agenda", args=[token]),
                "profile": reverse("matchmaking:profile", args=[token]),
            }
        for name, path in pages.items():
            response = client.get(path)
            assert response.status_code == 200, f"{name} ({language})"
            html = response.content.decode()
            assert_harmless(html, f"matchmaking {name} ({language})")
        html = client.get(pages["participants"]).content.decode()
        assert 'id="results-heading"' in html  # the list of the others is shown
        assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4


def test_rich_text_keeps_only_safe_markup(hostile):
    measure = Measure.objects.get(pk=hostile["measure"].pk)
    for value in (measure.description_en, measure.results_pl):
        findings = html_findings(value)
        assert findings.dangerous == []
        assert not {"iframe", "style", "script", "img", "svg"} & set(findings.tags)
        assert "<script" not in value.lower() and "onerror" not in value
        assert "<p>" in value  # the allowed structure is kept


# --- E-mails --------------------------------------------------------------------------------


def test_every_e_mail_escapes_the_payload_in_html_and_keeps_headers_clean(hostile, settings):
    settings.EVENTS_REMINDER_DAYS = 3
    event = hostile["event"]
    newcomer = services.registration_submit(
        event=event,
        data={
            "first_name": PAYLOAD[:100],
            "last_name": IMG,
            "email": "newcomer@example.org",
            "organisation": PAYLOAD,
            "organisation_type": "it_company",
            "country": "PL",
            "position": PAYLOAD,
            "message": PAYLOAD,
        },
        language="pl",
    ).registration
    services.registration_confirm(registration=newcomer)
    services.reminders_send()
    services.event_changed_notify(event=event, changes=[PAYLOAD])
    services.event_participants_message(
        event=event, subject=f"{PAYLOAD}\r\nBcc: victim@example.org", body=PAYLOAD
    )
    services.registration_cancel(registration=hostile["people"][0])
    Event.objects.filter(pk=event.pk).update(recording_url="https://video.example.org/r")
    services.event_recording_publish(event=Event.objects.get(pk=event.pk))
    services.event_cancel(event=event)
    messages = deliver()
    kinds = {message.extra_headers.get("X-Next2Met-Registration") for message in messages}
    assert len(messages) >= 15 and len(kinds) == 4
    for message in messages:
        where = f"e-mail {message.subject!r}"
        assert "\n" not in message.subject and "\r" not in message.subject, where
        raw = message.message().as_string()
        headers = raw.split("\n\n", 1)[0]
        assert "victim@example.org" not in headers, where
        assert "Bcc" not in headers, where
        assert message.recipients() == message.to and len(message.to) == 1, where
        (html, mimetype) = message.alternatives[0]
        assert mimetype == "text/html"
        assert_harmless(html, where)
        # The plain text part is plain text: it shows what was typed, and mail programs do
        # not interpret markup in text/plain.
        assert SCRIPT in message.body, where


def test_organiser_message_with_a_line_break_in_the_subject_is_one_line(hostile):
    services.event_participants_message(
        event=hostile["event"], subject="Hello\nBcc: victim@example.org", body="Body"
    )
    messages = [message for message in deliver() if "victim" in message.subject]
    assert len(messages) == 3
    for message in messages:
        assert message.subject.startswith("Hello Bcc: victim@example.org")
        assert message.bcc == []
        assert "\nBcc:" not in message.message().as_string().split("\n\n", 1)[0]


def test_an_address_with_a_header_in_it_is_refused_by_the_form(client, hostile):
    from .helpers import registration_data

    for email in (
        "a@b.org\nBcc: x@y.org",
        "a@b.org\r\nBcc: x@y.org",
        "a@b.org%0ABcc:x@y.org",
        "a@b.org,x@y.org",
        "a@b.org>, <x@y.org",
        "Anna <a@b.org>",
    ):
        before = Registration.objects.count()
        response = client.post(
            reverse("events:register", args=[hostile["event"].slug]),
            registration_data(email=email),
        )
        assert response.status_code == 200, email
        assert "Enter a valid email address." in response.content.decode(), email
        assert Registration.objects.count() == before


# --- Feeds, calendar files and exports ---------------------------------------------------------


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_atom_feed_entries_are_harmless_in_a_feed_reader(client, hostile, language):
    response = client.get(f"/{language}/measures/feed.atom")
    root = ET.fromstring(response.content)  # well-formed: nothing broke out of an element
    (entry,) = root.findall(f"{ATOM}entry")
    title = entry.find(f"{ATOM}title")
    assert title.get("type", "text") == "text" and title.text == f"{PAYLOAD} {language}"
    author = entry.find(f"{ATOM}author/{ATOM}name")
    assert author.text == f"{PAYLOAD} {language}"
    summary = entry.find(f"{ATOM}summary")
    if summary.get("type") == "html":
        # A feed reader parses this as HTML.
        assert_harmless(summary.text, f"feed summary ({language})")
    else:
        assert summary.text == f"{PAYLOAD} {language}"


def test_atom_feed_is_well_formed_with_the_payload(client, hostile):
    response = client.get("/en/measures/feed.atom")
    root = ET.fromstring(response.content)
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == f"{PAYLOAD} en"
    assert not root.findall(f".//{ATOM}script") and not root.findall(".//script")


def test_calendar_files_keep_hostile_text_inside_its_property(client, hostile):
    event = hostile["event"]
    Event.objects.filter(pk=event.pk).update(
        title_en="Workshop\r\nURL:https://evil.example\r\nBEGIN:VALARM\r\nX-INJECTED:1",
        venue_en="Hall\nATTENDEE:mailto:victim@example.org",
    )
    token = manage_token(hostile["people"][1])
    for path in (
        "/en/events/calendar.ics",
        f"/en/events/{event.slug}/calendar.ics",
        f"/en/events/registration/{token}/calendar.ics",
    ):
        response = client.get(path)
        assert response.status_code == 200
        calendar = icalendar.Calendar.from_ical(response.content)
        (vevent,) = list(calendar.walk("VEVENT"))
        summary = str(vevent["SUMMARY"]).replace("\r", "")
        assert summary.startswith("Workshop\nURL:https://evil.example\nBEGIN:VALARM")
        assert str(vevent["URL"]).endswith(f"/en/events/{event.slug}/")
        assert "X-INJECTED" not in vevent and "ATTENDEE" not in vevent
        assert not calendar.walk("VALARM")
        for line in response.content.decode().split("\r\n"):
            assert not line.startswith(("URL:https://evil", "X-INJECTED", "ATTENDEE"))


def test_json_export_is_data_not_markup(client, hostile):
    response = client.get("/en/measures/export.json")
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(b"".join(response.streaming_content))
    (record,) = data["measures"]
    assert record["title"]["en"] == f"{PAYLOAD} en"
    assert record["organisation_name"]["en"] == f"{PAYLOAD} en"


FORMULAS = ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://evil")']


def assert_no_formula(rows, where):
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), f"{where}: {cell!r}"


@pytest.mark.parametrize("formula", FORMULAS)
def test_measures_csv_neutralises_formulas_in_every_text_column(client, formula):
    organisation = OrganisationFactory(**translated("name", formula), **translated("city", formula))
    MeasureFactory(
        organisation=organisation,
        city=formula,
        funding=formula,
        **translated("title", formula),
        **translated("summary", formula),
    )
    for language in LANGUAGES:
        response = client.get(f"/{language}/measures/export.csv")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        delimiter = ";" if language in ("de", "pl") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        assert len(rows) == 2
        assert_no_formula(rows, f"measures CSV ({language})")
        header = rows[0]
        for column in ("title", "summary", "city", "funding", "organisation_name"):
            assert rows[1][header.index(column)].startswith("'" + formula.strip("\r")[:1]) or (
                rows[1][header.index(column)].startswith("'")
            ), column


@pytest.mark.parametrize("formula", FORMULAS)
def test_participant_export_neutralises_formulas_in_every_column(client, org_a, manager_a, formula):
    client.force_login(manager_a)
    event = EventFactory(organiser=org_a, title_en=formula)
    services.registration_confirm(
        registration=RegistrationFactory(
            event=event,
            first_name=formula,
            last_name=formula,
            organisation=formula,
            position=formula,
            message=formula,
            profile_offer=formula,
            profile_seek=formula,
        )
    )
    response = client.post(
        reverse("admin:events_event_changelist"),
        {"action": "export_participants", ACTION_CHECKBOX_NAME: [event.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert_no_formula(rows, "participant CSV")
    assert rows[1].count("'" + formula) == 8


# --- Script URLs are refused where links are stored ---------------------------------------------


@pytest.mark.parametrize("url", SCRIPT_URLS)
@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Organisation, "website"),
        (Project, "website"),
        (Measure, "website"),
        (Event, "join_link"),
        (Event, "recording_url"),
    ],
)
def test_script_urls_are_refused_by_validation(model, field, url):
    model_field = model._meta.get_field(field)
    with pytest.raises(ValidationError):
        model_field.clean(url, None)
    form_field = model_field.formfield()
    with pytest.raises(ValidationError) as error:
        form_field.clean(url)
    with translation.override("en"):
        assert "Enter a valid URL." in error.value.messages


def test_script_urls_are_refused_in_the_organisation_form(client, org_a, manager_a):
    organisation = org_a
    client.force_login(manager_a)
    url = reverse("admin:partners_organisation_change", args=[organisation.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "logo" and not isinstance(value, list | tuple)
    }
    data.update(website="javascript:alert(1)", _save="Save")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.website == ""
