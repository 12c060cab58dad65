"""Statistics of an event's (and a series') registrations in the admin: the figures, who may
see them, a fixed number of queries, the CSV download and the charts with their tables."""

import csv
import datetime
import io
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import services
from events.models import (
    Answer,
    AnswerChoice,
    Event,
    EventKind,
    Feedback,
    OrganisationType,
    Question,
    QuestionChoice,
    QuestionKind,
    Registration,
    RegistrationStatus,
    Series,
)
from events.statistics import statistics_for
from matchmaking.models import Meeting, MeetingStatus, Slot
from partners.models import MembershipRole
from tests.events.factories import EventFactory, RegistrationFactory
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
C, W, P, X = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.PENDING,
    RegistrationStatus.CANCELLED,
)


def at(day: int, hour: int, tz=BERLIN) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, 0, tzinfo=tz)


def figures(table) -> dict[str, list]:
    return {row.label: row.values for row in table.rows}


def register(event, status, *, created, country, kind, language, **fields):
    stamps = {
        C: {"confirmed_at": created},
        W: {"waitlisted_at": created},
        X: {"confirmed_at": created, "cancelled_at": created},
        P: {},
    }[status]
    return RegistrationFactory(
        event=event,
        status=status,
        created_at=created,
        country=country,
        organisation_type=kind,
        language=language,
        **stamps,
        **fields,
    )


def answer(registration, question, text="", choices=()):
    given = Answer.objects.create(registration=registration, question=question, text=text)
    for choice in choices:
        AnswerChoice.objects.create(answer=given, choice=choice)
    return given


@pytest.fixture
def event(org_a):
    """Five registrations with known statuses, countries, types, languages, days and answers."""
    event = EventFactory(organiser=org_a, title_en="Matchmaking day", capacity=3)
    event.start = at(20, 10)
    event.end = at(20, 12)
    event.save()
    people = {
        "r1": register(event, C, created=at(1, 10), country="DE", kind="company", language="de"),
        "r2": register(event, C, created=at(1, 11), country="PL", kind="it_company", language="pl"),
        # 23:30 UTC on 1 March is 2 March in Berlin, the event's time zone.
        "r3": register(
            event,
            W,
            created=at(1, 23, datetime.UTC) + datetime.timedelta(minutes=30),
            country="PL",
            kind="it_company",
            language="en",
        ),
        "r4": register(event, X, created=at(3, 9), country="DE", kind="research", language="de"),
        "r5": register(event, P, created=at(3, 10), country="", kind="other", language="en"),
    }
    questions = {
        "choice": Question.objects.create(event=event, kind=QuestionKind.CHOICE, text="Track"),
        "choices": Question.objects.create(
            event=event, kind=QuestionKind.CHOICES, text="Interests", position=1
        ),
        "yes_no": Question.objects.create(
            event=event, kind=QuestionKind.YES_NO, text="Lunch?", position=2
        ),
        "country": Question.objects.create(
            event=event, kind=QuestionKind.COUNTRY, text="Based in", position=3
        ),
        "text": Question.objects.create(
            event=event, kind=QuestionKind.SHORT_TEXT, text="Remarks", position=4
        ),
    }
    track = [
        QuestionChoice.objects.create(question=questions["choice"], label=label, position=n)
        for n, label in enumerate(("AI", "Cloud", '=HYPERLINK("http://evil.example")'))
    ]
    interests = [
        QuestionChoice.objects.create(question=questions["choices"], label=label, position=n)
        for n, label in enumerate(("Funding", "Partners"))
    ]
    r1, r2, r3 = people["r1"], people["r2"], people["r3"]
    answer(r1, questions["choice"], choices=[track[0]])
    answer(r2, questions["choice"], choices=[track[0]])
    answer(r3, questions["choice"], choices=[track[1]])
    answer(r1, questions["choices"], choices=interests)
    answer(r2, questions["choices"], choices=[interests[1]])
    answer(r1, questions["yes_no"], text="yes")
    answer(r2, questions["yes_no"], text="no")
    answer(r3, questions["yes_no"], text="yes")
    answer(r1, questions["country"], text="DE")
    answer(r2, questions["country"], text="DE")
    answer(r1, questions["text"], text="Vegetarian, please")
    answer(r2, questions["text"], text="=cmd|' /C calc'!A0")
    event.people, event.questions_by_kind = people, questions
    return event


def stats(event):
    return statistics_for(events=Event.objects.filter(pk=event.pk), tz=event.tz)


# --- The figures ----------------------------------------------------------------------------


def test_registrations_per_day_in_the_events_time_zone_with_the_running_total(event):
    table = stats(event).table("per_day")

    assert [(row.key, row.values) for row in table.rows] == [
        ("2026-03-01", [2, 2]),
        ("2026-03-02", [1, 3]),
        ("2026-03-03", [2, 5]),
    ]


def test_registrations_by_status_country_type_and_language(event):
    result = stats(event)

    assert figures(result.table("status")) == {
        "Confirmed": [2],
        "On the waiting list": [1],
        "Waiting for e-mail confirmation": [1],
        "Cancelled": [1],
    }
    # Columns: confirmed, waiting list, pending, cancelled, total.
    assert figures(result.table("country")) == {
        "Germany": [1, 0, 0, 1, 2],
        "Poland": [1, 1, 0, 0, 2],
        "Not given": [0, 0, 1, 0, 1],
    }
    assert figures(result.table("organisation_type")) == {
        str(OrganisationType.IT_COMPANY.label): [1, 1, 0, 0, 2],
        str(OrganisationType.COMPANY.label): [1, 0, 0, 0, 1],
        str(OrganisationType.RESEARCH.label): [0, 0, 0, 1, 1],
        str(OrganisationType.OTHER.label): [0, 0, 1, 0, 1],
    }
    assert figures(result.table("language")) == {
        "German": [1, 0, 0, 1, 2],
        "English": [0, 1, 1, 0, 2],
        "Polish": [1, 0, 0, 0, 1],
    }
    assert (result.registrations, result.confirmed, result.seats) == (5, 2, 3)


def test_answers_are_counted_per_choice_yes_no_and_country_and_texts_only_counted(event):
    result = stats(event)
    questions = event.questions_by_kind

    assert figures(result.table(f"question_{questions['choice'].pk}")) == {
        "AI": [2, 0, 0, 0, 2],
        "Cloud": [0, 1, 0, 0, 1],
        '=HYPERLINK("http://evil.example")': [0, 0, 0, 0, 0],
    }
    assert figures(result.table(f"question_{questions['choices'].pk}")) == {
        "Funding": [1, 0, 0, 0, 1],
        "Partners": [2, 0, 0, 0, 2],
    }
    assert figures(result.table(f"question_{questions['yes_no'].pk}")) == {
        "Yes": [1, 1, 0, 0, 2],
        "No": [1, 0, 0, 0, 1],
    }
    assert figures(result.table(f"question_{questions['country'].pk}")) == {
        "Germany": [2, 0, 0, 0, 2]
    }
    texts = result.table(f"question_{questions['text'].pk}")
    assert figures(texts) == {"Answers given": [2, 0, 0, 0, 2]}
    assert "Vegetarian" not in str([row.label for row in texts.rows])


def test_anonymised_registrations_keep_counting(event, settings):
    before = stats(event)
    Registration.objects.filter(status=P).delete()
    before = stats(event)

    services.registrations_purge(
        now=event.end + datetime.timedelta(days=settings.EVENTS_PURGE_DAYS + 1)
    )

    assert Registration.objects.filter(anonymised_at__isnull=True).count() == 0
    after = stats(event)
    for key in ("per_day", "status", "country", "organisation_type", "language"):
        assert figures(after.table(key)) == figures(before.table(key)), key
    for kind in ("choice", "choices", "yes_no", "country"):
        key = f"question_{event.questions_by_kind[kind].pk}"
        assert figures(after.table(key)) == figures(before.table(key)), kind
    # The purge deletes text answers: nothing is left to count.
    text_key = f"question_{event.questions_by_kind['text'].pk}"
    assert figures(after.table(text_key)) == {"Answers given": [0, 0, 0, 0, 0]}


def test_attendance_and_feedback_appear_once_there_are_any(event):
    assert stats(event).table("attendance") is None
    assert stats(event).table("feedback") is None
    r1, r2 = event.people["r1"], event.people["r2"]
    Registration.objects.filter(pk=r1.pk).update(attended=True)
    Registration.objects.filter(pk=r2.pk).update(attended=False)
    Feedback.objects.create(event=event, registration=r1, rating=5)
    Feedback.objects.create(event=event, registration=r2, rating=2)
    Feedback.objects.create(event=event, registration=None, rating=5)

    result = stats(event)

    assert figures(result.table("attendance")) == {
        "Present": [1],
        "Absent": [1],
        "Not recorded": [0],
    }
    assert "50.0 %" in result.table("attendance").note
    assert figures(result.table("feedback")) == {"5": [2], "4": [0], "3": [0], "2": [1], "1": [0]}
    assert "3 answers, average rating 4.0." == result.table("feedback").note


# --- The page: who sees it ------------------------------------------------------------------


def statistics_url(event, suffix=""):
    return reverse(f"admin:events_event_statistics{suffix}", args=[event.pk])


def test_organiser_staff_see_the_page_linked_from_the_event_and_the_list(client, event, editor_a):
    client.force_login(editor_a)

    change = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    listing = client.get(reverse("admin:events_event_changelist")).content.decode()
    page = client.get(statistics_url(event))

    assert statistics_url(event) in change
    assert statistics_url(event) in listing
    assert page.status_code == 200
    assert "Statistics of “Matchmaking day”" in page.content.decode()


def test_co_organiser_staff_may_view_the_statistics(client, event, org_b):
    event.co_organisers.add(org_b)
    reader = MembershipFactory(organisation=org_b, role=MembershipRole.EDITOR).user
    client.force_login(reader)

    assert client.get(statistics_url(event)).status_code == 200
    assert client.get(statistics_url(event, "_csv")).status_code == 200
    registrations = client.get(
        reverse("admin:events_registration_changelist") + f"?event__id__exact={event.pk}"
    )
    assert statistics_url(event) in registrations.content.decode()


def test_staff_of_another_organisation_find_nothing(client, event, manager_b):
    client.force_login(manager_b)

    assert client.get(statistics_url(event)).status_code == 404
    assert client.get(statistics_url(event, "_csv")).status_code == 404
    assert client.get(reverse("admin:events_event_statistics", args=["nope"])).status_code == 404


def test_visitors_are_sent_to_the_login(client, event):
    response = client.get(statistics_url(event))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_portal_editors_see_every_event(client, event, portal_editor):
    client.force_login(portal_editor)

    assert client.get(statistics_url(event)).status_code == 200


# --- A fixed number of queries --------------------------------------------------------------


def crowd(event, count: int, question: Question, choice: QuestionChoice):
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event,
            first_name=f"P{n}",
            last_name="Crowd",
            email=f"crowd{n}@example.org",
            organisation="Crowd Ltd",
            organisation_type=OrganisationType.OTHER,
            country=("DE", "PL", "FI")[n % 3],
            language=("de", "en", "pl")[n % 3],
            status=C,
            confirmed_at=at(1 + n % 10, 9),
            created_at=at(1 + n % 10, 9),
            attended=bool(n % 2),
        )
        for n in range(count)
    )
    answers = Answer.objects.bulk_create(
        Answer(registration=registration, question=question) for registration in registrations
    )
    AnswerChoice.objects.bulk_create(AnswerChoice(answer=a, choice=choice) for a in answers)
    Feedback.objects.bulk_create(
        Feedback(event=event, registration=registration, rating=1 + n % 5)
        for n, registration in enumerate(registrations)
    )
    # Matchmaking: the registrations meet in pairs, in ten slots; every fourth meeting is
    # accepted and said to be held, every eighth with an intent to cooperate.
    step = datetime.timedelta(minutes=10)
    times = [
        Slot.objects.create(
            event=event, start=at(20, 10) + step * n, end=at(20, 10) + step * (n + 1)
        )
        for n in range(10)
    ]
    statuses = (
        MeetingStatus.ACCEPTED,
        MeetingStatus.DECLINED,
        MeetingStatus.REQUESTED,
        MeetingStatus.CANCELLED,
    )
    Meeting.objects.bulk_create(
        Meeting(
            event=event,
            slot=times[k % 10],
            requester=registrations[2 * k],
            recipient=registrations[2 * k + 1],
            status=statuses[k % 4],
            held_requester=k % 4 == 0,
            cooperation_recipient=k % 8 == 0,
        )
        for k in range(count // 2)
    )


def queries_for(client, org, count: int) -> tuple[int, int]:
    event = EventFactory(organiser=org, kind=EventKind.MATCHMAKING)
    question = Question.objects.create(event=event, kind=QuestionKind.CHOICES, text="Topics")
    choice = QuestionChoice.objects.create(question=question, label="Everything")
    Question.objects.create(event=event, kind=QuestionKind.YES_NO, text="Lunch?")
    crowd(event, count, question, choice)
    counted = []
    for suffix in ("", "_csv"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(statistics_url(event, suffix))
        assert response.status_code == 200
        counted.append(len(queries))
    return tuple(counted)


def test_the_number_of_queries_does_not_grow_with_the_registrations_and_meetings(
    client, org_a, editor_a, django_assert_max_num_queries
):
    client.force_login(editor_a)
    page, download = queries_for(client, org_a, 10)

    event = EventFactory(organiser=org_a, slug="big", kind=EventKind.MATCHMAKING)
    question = Question.objects.create(event=event, kind=QuestionKind.CHOICES, text="Topics")
    choice = QuestionChoice.objects.create(question=question, label="Everything")
    Question.objects.create(event=event, kind=QuestionKind.YES_NO, text="Lunch?")
    crowd(event, 1000, question, choice)
    with django_assert_max_num_queries(page):
        response = client.get(statistics_url(event))
    assert response.context["statistics"].registrations == 1000
    # 500 requests, 125 accepted and held, 63 intents to cooperate.
    assert figures(response.context["statistics"].table("matchmaking")) == {
        "Requests sent": [500],
        "Meetings accepted": [125],
        "Meetings held": [125],
        "Intents to cooperate": [63],
    }
    with django_assert_max_num_queries(download):
        assert client.get(statistics_url(event, "_csv")).status_code == 200


# --- CSV, charts and tables -----------------------------------------------------------------


def csv_lines(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_holds_every_figure_and_neutralises_formulas(client, event, editor_a):
    client.force_login(editor_a)

    lines = csv_lines(client.get(statistics_url(event, "_csv")))

    assert lines[0] == ["Section", "Row", "Column", "Value"]
    assert ["Registrations per day", "2026-03-02", "Registrations so far", "3"] in lines
    assert ["Registrations by country", "Poland", "On the waiting list", "1"] in lines
    assert ["Track", "AI", "Total", "2"] in lines
    assert ["Track", '\'=HYPERLINK("http://evil.example")', "Total", "0"] in lines
    assert not [cell for line in lines for cell in line if cell.startswith(("=", "+", "-", "@"))]
    assert "attachment;" in client.get(statistics_url(event, "_csv"))["Content-Disposition"]


def test_each_chart_is_an_svg_in_a_figure_followed_by_its_table(client, event, editor_a):
    client.force_login(editor_a)

    page = client.get(statistics_url(event)).content.decode()

    figures_html = re.findall(r"<figure .*?</figure>", page, re.S)
    assert len(figures_html) == 10  # per day, status, country, type, language, 5 questions
    for figure in figures_html:
        caption_id = re.search(r'<figcaption id="([^"]+)"', figure).group(1)
        svg = re.search(r"<svg [^>]*>", figure).group(0)
        assert 'role="img"' in svg and f'aria-labelledby="{caption_id}"' in svg
        assert figure.index("<svg") < figure.index("<table")
        assert (
            "<caption id=" in figure
            and "table-scroll" in figure
            and '<th scope="col"' in figure
            and '<th scope="row"' in figure
        )
        # The Content-Security-Policy forbids inline styles: classes only.
        assert "style=" not in figure
    assert "<script" not in "".join(figures_html)
    assert "=HYPERLINK(&quot;http://evil.example&quot;)" in page


def test_a_series_sums_its_events(client, org_a, editor_a, manager_b):
    series = Series.objects.create(title_en="Workshops", slug="workshops", organiser=org_a)
    first = EventFactory(organiser=org_a, series=series)
    second = EventFactory(organiser=org_a, series=series)
    EventFactory(organiser=org_a)  # not in the series
    for event, n in ((first, 2), (second, 3)):
        for _ in range(n):
            services.registration_confirm(registration=RegistrationFactory(event=event))
    url = reverse("admin:events_series_statistics", args=[series.pk])
    client.force_login(editor_a)

    response = client.get(url)

    assert response.status_code == 200
    assert figures(response.context["statistics"].table("status"))["Confirmed"] == [5]
    assert (
        url in client.get(reverse("admin:events_series_change", args=[series.pk])).content.decode()
    )
    lines = csv_lines(client.get(reverse("admin:events_series_statistics_csv", args=[series.pk])))
    assert ["Registrations by status", "Confirmed", "Registrations", "5"] in lines
    client.force_login(manager_b)
    assert client.get(url).status_code == 404
