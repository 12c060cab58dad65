"""Figures about the registrations of one event, or of several summed (a series), and about their
matchmaking (requests and meetings, counted).

Each section is one function returning a `Table`: a caption, column headings and rows of
figures, and what its chart shows. Every function aggregates in PostgreSQL (`values()` with
`Count`, `TruncDate`), so the number of queries is the same for ten registrations or ten
thousand. Anonymised registrations count too: they keep status, type of organisation,
country, language, attendance and the answers that say nothing about a person
(events.services.STATISTICS_FIELDS, events.models.STATISTICAL_KINDS).

Breakdowns (country, type of organisation, language, answers) count the registrations of each
status in their own column, with the total last; their charts show the totals.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django_countries import countries

from events.models import (
    NO,
    YES,
    Answer,
    AnswerChoice,
    Event,
    EventKind,
    Feedback,
    OrganisationType,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
)
from matchmaking.grid import meeting_counts

STATUS_ORDER = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.PENDING,
    RegistrationStatus.CANCELLED,
)
BARS, LINE = "bars", "line"


@dataclass
class Row:
    label: str
    values: list[int | float | str]
    # How the row is named in the CSV file, when not by its label (days: ISO dates).
    key: str = ""


@dataclass
class Table:
    key: str
    caption: str
    label_heading: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    # The chart: BARS of the last column per row, or a LINE of the last column over the rows.
    chart: str = BARS
    note: str = ""

    @property
    def chart_points(self) -> list[tuple[str, float]]:
        return [
            (row.label, row.values[-1])
            for row in self.rows
            if isinstance(row.values[-1], int | float)
        ]

    @property
    def empty(self) -> bool:
        return not self.rows or not any(value for _label, value in self.chart_points)


def registrations_of(events: Iterable[Event] | QuerySet[Event]) -> QuerySet[Registration]:
    """Every registration of the events (all statuses, anonymised ones included)."""
    return Registration.objects.filter(event__in=events).order_by()


def _status_columns() -> list[str]:
    return [*(RegistrationStatus(status).label for status in STATUS_ORDER), _("Total")]


def _breakdown(
    registrations: QuerySet[Registration],
    field_name: str,
    label,
    *,
    key: str,
    caption: str,
    label_heading: str,
) -> Table:
    """Registrations by the values of one field and by status (one query), most first."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    found = registrations.values_list(field_name, "status").annotate(n=Count("pk"))
    for value, status, n in found:
        counts[value][status] = n
    rows = []
    for value, by_status in counts.items():
        figures = [by_status.get(status, 0) for status in STATUS_ORDER]
        rows.append(Row(label=label(value), values=[*figures, sum(figures)]))
    rows.sort(key=lambda row: (-row.values[-1], row.label))
    return Table(
        key=key,
        caption=caption,
        label_heading=label_heading,
        columns=_status_columns(),
        rows=rows,
    )


# --- Sections -------------------------------------------------------------------------------


def registrations_per_day(*, registrations: QuerySet[Registration], tz: zoneinfo.ZoneInfo) -> Table:
    """Registrations by the day their form was sent (in `tz`), and the running total; every
    day from the first to the last, days without any included."""
    per_day = dict(
        registrations.annotate(day=TruncDate("created_at", tzinfo=tz))
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    rows: list[Row] = []
    if per_day:
        day, last, total = min(per_day), max(per_day), 0
        while day <= last:
            n = per_day.get(day, 0)
            total += n
            rows.append(
                Row(label=date_format(day, "SHORT_DATE_FORMAT"), values=[n, total], key=str(day))
            )
            day += timedelta(days=1)
    return Table(
        key="per_day",
        caption=_("Registrations per day"),
        label_heading=_("Day"),
        columns=[_("Registrations"), _("Registrations so far")],
        rows=rows,
        chart=LINE,
        note=_("Every registration form sent, by its day, whatever became of it."),
    )


def registrations_by_status(*, registrations: QuerySet[Registration]) -> Table:
    found = dict(registrations.values_list("status").annotate(n=Count("pk")))
    return Table(
        key="status",
        caption=_("Registrations by status"),
        label_heading=_("Status"),
        columns=[_("Registrations")],
        rows=[
            Row(label=str(RegistrationStatus(status).label), values=[found.get(status, 0)])
            for status in STATUS_ORDER
        ],
    )


def _country_name(code: str) -> str:
    return str(countries.name(code)) if code else _("Not given")


def registrations_by_country(*, registrations: QuerySet[Registration]) -> Table:
    return _breakdown(
        registrations,
        "country",
        _country_name,
        key="country",
        caption=_("Registrations by country"),
        label_heading=_("Country"),
    )


def registrations_by_organisation_type(*, registrations: QuerySet[Registration]) -> Table:
    labels = dict(OrganisationType.choices)
    return _breakdown(
        registrations,
        "organisation_type",
        lambda value: str(labels.get(value, value or _("Not given"))),
        key="organisation_type",
        caption=_("Registrations by type of organisation"),
        label_heading=_("Type of organisation"),
    )


def registrations_by_language(*, registrations: QuerySet[Registration]) -> Table:
    labels = dict(settings.LANGUAGES)
    return _breakdown(
        registrations,
        "language",
        lambda value: str(labels.get(value, value)),
        key="language",
        caption=_("Registrations by language of the form"),
        label_heading=_("Language"),
    )


def question_answers(
    *, events: QuerySet[Event], registrations: QuerySet[Registration], several: bool = False
) -> list[Table]:
    """One table per registration question (retired ones included): how many registrants
    chose each answer, said yes or no or named each country, by status; of text answers only
    how many were given. Five queries whatever the number of questions and answers.
    `several`: the questions of several events, named with their event."""
    questions = list(
        Question.objects.filter(event__in=events)
        .select_related("event")
        .prefetch_related("choices")
        .order_by("event__start", "event_id", "position", "pk")
    )
    if not questions:
        return []
    chosen: dict[int, dict[str, int]] = defaultdict(dict)
    for choice_id, status, n in (
        AnswerChoice.objects.filter(answer__registration__in=registrations)
        .values_list("choice_id", "answer__registration__status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        chosen[choice_id][status] = n
    given: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    answers = Answer.objects.filter(registration__in=registrations).order_by()
    for question_id, text, status, n in (
        answers.filter(question__kind__in=(QuestionKind.YES_NO, QuestionKind.COUNTRY))
        .values_list("question_id", "text", "registration__status")
        .annotate(n=Count("pk"))
    ):
        given[(question_id, text)][status] = n
    texts: dict[int, dict[str, int]] = defaultdict(dict)
    for question_id, status, n in (
        answers.filter(question__kind__in=(QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT))
        .exclude(text="")
        .values_list("question_id", "registration__status")
        .annotate(n=Count("pk"))
    ):
        texts[question_id][status] = n

    def row(label: str, by_status: dict[str, int]) -> Row:
        figures = [by_status.get(status, 0) for status in STATUS_ORDER]
        return Row(label=label, values=[*figures, sum(figures)])

    tables = []
    for question in questions:
        if question.has_choices:
            rows = [
                row(choice.label, chosen.get(choice.pk, {})) for choice in question.choices.all()
            ]
        elif question.kind == QuestionKind.YES_NO:
            rows = [
                row(_("Yes"), given.get((question.pk, YES), {})),
                row(_("No"), given.get((question.pk, NO), {})),
            ]
        elif question.kind == QuestionKind.COUNTRY:
            rows = [
                row(_country_name(text), by_status)
                for (question_id, text), by_status in given.items()
                if question_id == question.pk
            ]
            rows.sort(key=lambda r: (-r.values[-1], r.label))
        else:
            rows = [row(_("Answers given"), texts.get(question.pk, {}))]
        caption = (
            _("%(event)s: %(question)s") % {"event": question.event, "question": question.text}
            if several
            else question.text
        )
        note = ""
        if question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            note = _("Text answers are only counted here; read them in the export.")
        elif question.kind == QuestionKind.CHOICES:
            note = _("Several answers could be chosen: the figures add up to more than the people.")
        tables.append(
            Table(
                key=f"question_{question.pk}",
                caption=caption,
                label_heading=pgettext("statistics", "Answer"),
                columns=_status_columns(),
                rows=rows,
                note=note,
            )
        )
    return tables


def _percent(part: int, whole: int) -> str:
    return f"{number_format(100 * part / whole, 1)} %" if whole else "–"


def attendance(*, registrations: QuerySet[Registration]) -> Table | None:
    """Of the confirmed participants: present, absent, not recorded, and the attendance rate
    (present of those recorded). None before attendance was taken."""
    found = dict(
        registrations.filter(status=RegistrationStatus.CONFIRMED)
        .values_list("attended")
        .annotate(n=Count("pk"))
    )
    present, absent, unknown = found.get(True, 0), found.get(False, 0), found.get(None, 0)
    if not present and not absent:
        return None
    return Table(
        key="attendance",
        caption=_("Attendance"),
        label_heading=_("Confirmed participants"),
        columns=[_("People")],
        rows=[
            Row(label=pgettext("statistics", "Present"), values=[present]),
            Row(label=pgettext("statistics", "Absent"), values=[absent]),
            Row(label=pgettext("statistics", "Not recorded"), values=[unknown]),
        ],
        note=_("Attendance rate: %(rate)s of the participants whose attendance was recorded.")
        % {"rate": _percent(present, present + absent)},
    )


def feedback_ratings(*, events: QuerySet[Event]) -> Table | None:
    """How many participants gave each rating (5 to 1) and the average; None without any."""
    answers = Feedback.objects.filter(event__in=events).order_by()
    counts = dict(answers.values_list("rating").annotate(n=Count("pk")))
    if not counts:
        return None
    total = sum(counts.values())
    average = answers.aggregate(average=Avg("rating"))["average"]
    return Table(
        key="feedback",
        caption=_("Feedback ratings"),
        label_heading=_("Rating (5 = excellent)"),
        columns=[_("Answers")],
        rows=[Row(label=str(rating), values=[counts.get(rating, 0)]) for rating in range(5, 0, -1)],
        note=ngettext(
            "%(count)s answer, average rating %(average)s.",
            "%(count)s answers, average rating %(average)s.",
            total,
        )
        % {"count": total, "average": number_format(average, 1)},
    )


def matchmaking(*, events: QuerySet[Event]) -> Table | None:
    """Requests, meetings accepted, meetings held and intents to cooperate, counted (nobody
    named); None when none of the events has matchmaking. Two queries at most."""
    with_matchmaking = events.filter(
        Q(kind=EventKind.MATCHMAKING) | Q(matchmaking__isnull=False)
    ).exists()
    if not with_matchmaking:
        return None
    counts = meeting_counts(events=events)
    return Table(
        key="matchmaking",
        caption=_("Matchmaking"),
        label_heading=_("Requests and meetings"),
        columns=[pgettext("statistics", "Number")],
        rows=[
            Row(label=_("Requests sent"), values=[counts.sent]),
            Row(label=_("Meetings accepted"), values=[counts.accepted]),
            Row(label=_("Meetings held"), values=[counts.held]),
            Row(label=_("Intents to cooperate"), values=[counts.cooperation]),
        ],
        note=_(
            "Meetings accepted: agreed and not cancelled. Meetings held: at least one of the two "
            "said after the meeting that it took place. Intents to cooperate: one per person who "
            "said so after a meeting."
        ),
    )


# --- All of it ------------------------------------------------------------------------------


@dataclass
class Statistics:
    tables: list[Table]
    registrations: int
    confirmed: int
    seats: int | None

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def statistics_for(
    *, events: QuerySet[Event], tz: zoneinfo.ZoneInfo | None = None, several: bool = False
) -> Statistics:
    """Every section for the events (one event, or the events of a series, summed), in the
    active language."""
    tz = tz or zoneinfo.ZoneInfo(settings.TIME_ZONE)
    registrations = registrations_of(events)
    status = registrations_by_status(registrations=registrations)
    tables = [
        registrations_per_day(registrations=registrations, tz=tz),
        status,
        registrations_by_country(registrations=registrations),
        registrations_by_organisation_type(registrations=registrations),
        registrations_by_language(registrations=registrations),
        *question_answers(events=events, registrations=registrations, several=several),
    ]
    for optional in (
        attendance(registrations=registrations),
        matchmaking(events=events),
        feedback_ratings(events=events),
    ):
        if optional is not None:
            tables.append(optional)
    seats = events.aggregate(
        seats=Count("pk", filter=Q(capacity__isnull=True)), capacity=Sum("capacity")
    )
    return Statistics(
        tables=tables,
        registrations=sum(row.values[0] for row in status.rows),
        confirmed=status.rows[0].values[0],
        seats=None if seats["seats"] else seats["capacity"],
    )


def csv_rows(statistics: Statistics) -> list[list[str]]:
    """Every figure as one line: section, row, column, value (for the CSV download)."""
    lines = [[_("Section"), _("Row"), _("Column"), _("Value")]]
    for table in statistics.tables:
        for row in table.rows:
            for column, value in zip(table.columns, row.values, strict=True):
                lines.append([table.caption, row.key or row.label, column, str(value)])
        if table.note:
            lines.append([table.caption, _("Note"), "", table.note])
    return lines
