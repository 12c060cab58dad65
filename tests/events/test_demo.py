"""The demo events state what the source documents say, and only that."""

import datetime
import io
from itertools import combinations

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.urls import reverse
from django.utils import translation
from post_office.models import Email

from events import demo as events_demo
from events import followups, services
from events.models import Answer, Event, Feedback, Question, Registration, RegistrationStatus
from measures import demo as measures_demo
from partners import demo as partners_demo
from tests.events.factories import manage_token

pytestmark = pytest.mark.django_db

SERIES = (
    "lets-get-to-know-each-other-2021",
    "business-in-germany-intercultural-differences-2021",
    "effective-communication-across-borders-2021",
    "designing-cross-border-services-2021",
)
ESSEN = "cohes3ion-study-visit-essen-2020"
# The moment the demo is loaded in some tests: more than 30 days before the full event of
# 2027 (20 January), so that registrations dated "start minus 30 days" would lie ahead of it.
LOADED_AT = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


def load(*, now=None):
    out = io.StringIO()
    partners_demo.load(stdout=out, style=no_style())
    measures_demo.load(stdout=out, style=no_style())
    events_demo.load(stdout=out, style=no_style(), now=now)
    return out.getvalue()


@pytest.fixture
def loaded():
    load()


def page(client, slug: str, language: str = "en") -> str:
    with translation.override(language):
        url = reverse("events:detail", kwargs={"slug": slug})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_series_of_2021_as_its_pages_give_it(loaded):
    # (start, end, meeting language, interpretation, moderator or workshop leader)
    expected = {
        "lets-get-to-know-each-other-2021": ((13, 0), (15, 15), "en", [], "Rafał Malujda"),
        "business-in-germany-intercultural-differences-2021": (
            (14, 0),
            (16, 0),
            "en",
            ["de"],
            "Ewelina Gnatkowska",
        ),
        "effective-communication-across-borders-2021": (
            (9, 0),
            (12, 0),
            "pl",
            ["de"],
            "Aleksandra Piasecka",
        ),
        "designing-cross-border-services-2021": ((9, 0), (16, 0), "en", [], "Hubert Dyba"),
    }
    for slug, (start, end, language, interpretation, moderator) in expected.items():
        event = Event.objects.get(slug=slug)
        assert (event.local_start.hour, event.local_start.minute) == start, slug
        assert (event.local_end.hour, event.local_end.minute) == end, slug
        assert event.meeting_language == language, slug
        assert event.interpretation_languages == interpretation, slug
        assert event.moderator == moderator, slug
        assert event.organiser.slug == "klaster-ict-pomorze-zachodnie", slug
        assert not event.organiser_only_took_part
        assert event.project.slug == "pl-de-cross-border-cooperation"
        assert event.platform == "Zoom"
        # The pages name no co-organiser (WITENO is the project's partner).
        assert not event.co_organisers.exists(), slug


def test_series_titles_are_the_published_titles(loaded):
    titles = {
        slug: (title_en, title_de)
        for slug, title_en, title_de in Event.objects.filter(slug__in=SERIES).values_list(
            "slug", "title_en", "title_de"
        )
    }
    assert titles == {
        "lets-get-to-know-each-other-2021": (
            "Let’s get to know each other! Online matchmaking meeting",
            "Lass uns einander kennenlernen! Online-Matchmaking-Meeting",
        ),
        "business-in-germany-intercultural-differences-2021": (
            "Online discussion: Business in Germany – intercultural differences",
            "Online-Diskussion: Geschäfte in Deutschland machen – Interkulturelle Unterschiede",
        ),
        "effective-communication-across-borders-2021": (
            "Online workshop: Effective communication – how to transfer information across borders",
            "Online-Workshop: Effektive Kommunikation oder grenzüberschreitender "
            "Informationstransfer",
        ),
        "designing-cross-border-services-2021": (
            "Online workshop: Designing Cross-Border Services",
            "Online-Workshop: Kollaboratives Design grenzüberschreitender Dienstleistungen",
        ),
    }


def test_no_event_shows_another_events_description(loaded):
    events = list(Event.objects.all())
    for first, second in combinations(events, 2):
        for code in ("en", "de", "pl"):
            text = getattr(first, f"description_{code}")
            if text and text == getattr(second, f"description_{code}"):
                # Only the meetings of one series share the series' description.
                assert {first.slug, second.slug} <= set(SERIES), (first.slug, second.slug)
    for event in events:
        if event.slug not in SERIES:
            for code in ("en", "de", "pl"):
                assert "Zoom" not in getattr(event, f"description_{code}"), event.slug


def test_essen_visit_names_the_mazovian_delegation_as_taking_part_not_organising(loaded, client):
    essen = Event.objects.get(slug=ESSEN)
    assert essen.organiser.slug == "mazowieckie"
    assert essen.organiser_only_took_part
    assert not essen.co_organisers.exists()
    html = page(client, ESSEN)
    assert "Participating organisation" in html
    assert "<dt>Organiser</dt>" not in html
    assert "Marshal&#x27;s Office of the Mazovian Voivodeship" in html
    with translation.override("en"):
        listing = client.get(reverse("events:index")).content.decode()
    organiser_filter = listing.split('name="organiser"', 1)[1].split("</select>", 1)[0]
    assert "Mazovian" not in organiser_filter
    assert "West Pomeranian ICT Cluster" in organiser_filter


def test_essen_visit_has_its_dates_but_no_invented_times_or_language(loaded, client):
    essen = Event.objects.get(slug=ESSEN)
    assert essen.dates_only
    assert essen.meeting_language == ""
    assert (essen.local_start.date(), essen.local_end.date()) == (
        datetime.date(2020, 1, 15),
        datetime.date(2020, 1, 16),
    )
    html = page(client, ESSEN)
    assert '<time datetime="2020-01-15">Jan. 15, 2020 – Jan. 16, 2020</time>' in html
    assert "00:00" not in html and "23:59" not in html and "CET" not in html
    assert "<dt>Language</dt>" not in html
    calendar = client.get(reverse("events:calendar", kwargs={"slug": ESSEN})).content.decode()
    assert "DTSTART;VALUE=DATE:20200115" in calendar
    assert "DTEND;VALUE=DATE:20200117" in calendar


def test_essen_visit_presents_all_four_case_studies_and_reports_the_next_meeting(loaded):
    essen = Event.objects.get(slug=ESSEN)
    assert set(essen.measures.values_list("slug", flat=True)) == {
        "ruhr-lead-markets",
        "emscher-lippe-municipal-digital-initiative",
        "cyber-security-cluster-ruhr",
        "essen-healthcare-cooperation",
    }
    assert "Calabria" in essen.report_en and "28–29 April 2020" in essen.report_en
    assert "Kalabrien" in essen.report_de and "29. April 2020" in essen.report_de
    assert "Kalabrii" in essen.report_pl and "28–29 kwietnia 2020" in essen.report_pl


def test_past_events_have_no_invented_join_link_or_registration_data(loaded):
    for event in Event.objects.filter(slug__in=(*SERIES, ESSEN)):
        assert event.join_link == "", event.slug
        assert not event.registrations.exists(), event.slug


def test_no_registration_time_lies_after_the_moment_of_loading():
    load(now=LOADED_AT)
    registrations = Registration.objects.all()
    assert registrations.count() == 13
    for registration in registrations:
        for name in ("created_at", "consent_at", "confirmed_at", "waitlisted_at"):
            moment = getattr(registration, name)
            assert moment is None or moment <= LOADED_AT, (registration.email, name)


def test_a_new_registrant_waits_behind_the_demo_waiting_list():
    load(now=LOADED_AT)
    full = Event.objects.get(slug="cluster-coffee-ai-in-small-companies-2027")
    assert full.seats_taken == full.capacity == 4
    confirmed = full.registrations.filter(status=RegistrationStatus.CONFIRMED)
    waiting = list(full.registrations.filter(status=RegistrationStatus.WAITLISTED))
    assert len(waiting) == 2
    # The waiting people registered after everyone who has a seat.
    assert max(r.confirmed_at for r in confirmed) < min(r.waitlisted_at for r in waiting)
    newcomer = Registration.objects.create(
        event=full,
        first_name="Nina",
        last_name="Neu",
        email="nina.neu@example.org",
        organisation="Example",
        organisation_type="company",
        language="de",
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=LOADED_AT + datetime.timedelta(minutes=5),
    )
    first_waiting = min(waiting, key=lambda r: (r.waitlisted_at, r.pk))
    services.registration_cancel(
        registration=confirmed.first(), now=LOADED_AT + datetime.timedelta(minutes=10)
    )
    first_waiting.refresh_from_db()
    newcomer.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert newcomer.status == RegistrationStatus.WAITLISTED


def test_reloading_keeps_the_registration_times():
    load(now=LOADED_AT)
    before = list(
        Registration.objects.order_by("pk").values_list("pk", "created_at", "waitlisted_at")
    )
    load(now=LOADED_AT + datetime.timedelta(days=3))
    after = list(
        Registration.objects.order_by("pk").values_list("pk", "created_at", "waitlisted_at")
    )
    assert after == before


def test_registration_times_from_the_future_are_moved_into_the_past():
    load(now=LOADED_AT)
    full = Event.objects.get(slug="cluster-coffee-ai-in-small-companies-2027")
    # As an older demo dated them: thirty days before the start, which lies ahead.
    ahead = full.start - datetime.timedelta(days=30)
    full.registrations.update(created_at=ahead, consent_at=ahead)
    load(now=LOADED_AT)
    assert not full.registrations.filter(created_at__gt=LOADED_AT).exists()


def test_demo_registrations_are_made_by_the_services_and_send_no_email():
    load(now=LOADED_AT)
    registrations = list(Registration.objects.select_related("event"))
    assert len(registrations) == 13
    for registration in registrations:
        # A working manage link, as a registration made through the form has.
        found = services.registration_by_token(token=manage_token(registration))
        assert found == registration
        assert registration.consent_at == registration.created_at
    assert not Email.objects.exists()
    # Made again (their times lay ahead): still no e-mail for the invented people.
    Registration.objects.update(created_at=LOADED_AT + datetime.timedelta(days=1))
    load(now=LOADED_AT)
    assert Registration.objects.count() == 13
    assert not Registration.objects.filter(created_at__gt=LOADED_AT).exists()
    assert not Email.objects.exists()


def test_load_demo_command_loads_the_events(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    assert Event.objects.filter(slug__in=(*SERIES, ESSEN)).count() == 5
    assert not Event.objects.filter(slug="blues-exchange-warsaw").exists()


COFFEE_PAST = "cluster-coffee-cybersecurity-in-small-companies-2026"
COFFEE_AHEAD = "cluster-coffee-ai-in-small-companies-2027"


def test_example_series_shows_what_follows_an_event():
    load(now=LOADED_AT)
    past = Event.objects.get(slug=COFFEE_PAST)
    assert past.series.slug == "online-cluster-coffee"
    assert set(past.series.events.values_list("slug", flat=True)) == {COFFEE_PAST, COFFEE_AHEAD}
    # Attendance taken: three present, one absent; feedback only from people who were there.
    attended = sorted(past.registrations.values_list("attended", flat=True), key=str)
    assert attended == [False, True, True, True]
    ratings = sorted(Feedback.objects.filter(event=past).values_list("rating", flat=True))
    assert ratings == [4, 4, 5]
    assert not Feedback.objects.filter(event=past, registration__attended=False).exists()
    # A placeholder recording, published; the follow-up counts as sent, so none is ever queued.
    assert past.recording_url.startswith("https://video.example.org/")
    assert past.recording_published_at is not None
    assert not past.registrations.filter(followup_sent_at__isnull=True).exists()
    assert followups.followups_send(now=past.end + datetime.timedelta(days=2)) == 0
    assert not Email.objects.exists()
    # The 2021 series gets none of it: the documents give no attendance, feedback or address.
    for event in Event.objects.filter(slug__in=SERIES):
        assert event.recording_url == "", event.slug
        assert not Feedback.objects.filter(event=event).exists()


def test_example_questions_are_answered_by_each_persons_language():
    load(now=LOADED_AT)
    for slug in (COFFEE_PAST, COFFEE_AHEAD):
        event = Event.objects.get(slug=slug)
        language_question = event.questions.asked().first()
        assert language_question.required
        assert language_question.text_pl == "W jakim języku będziesz śledzić spotkanie?"
        for registration in event.registrations.prefetch_related("answers__choices"):
            (answer,) = [a for a in registration.answers.all() if a.question == language_question]
            (choice,) = answer.choices.all()
            expected = "Polish" if registration.language == "pl" else "German (interpretation)"
            assert choice.label_en == expected, registration.email


def test_reloading_keeps_attendance_feedback_and_answers():
    load(now=LOADED_AT)

    def state():
        return (
            list(Registration.objects.order_by("pk").values_list("pk", "attended")),
            list(Feedback.objects.order_by("pk").values_list("pk", "rating", "updated_at")),
            list(Answer.objects.order_by("pk").values_list("pk", "updated_at")),
            list(Question.objects.order_by("pk").values_list("pk", "text_en")),
        )

    before = state()
    load(now=LOADED_AT + datetime.timedelta(days=3))
    assert state() == before


def test_example_series_page_lists_both_sessions_in_polish(client):
    load(now=LOADED_AT)
    with translation.override("pl"):
        url = reverse("events:series", kwargs={"slug": "online-cluster-coffee"})
    html = client.get(url).content.decode()
    assert "Klastrowa kawa online: cyberbezpieczeństwo w małych firmach" in html
    assert "Klastrowa kawa online: AI w małych firmach" in html
