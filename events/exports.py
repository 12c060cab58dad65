"""CSV of registrations for organisers: one set of columns for every export of registrations.

Two admin actions export with these columns: the participants of the selected events, and the
selected registrations. Times are given in each event's own time zone; every cell is made safe
for spreadsheet programs (core.spreadsheets).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import BOM, spreadsheet_safe
from events.models import Answer, Event, Question, Registration
from events.selectors import answer_text

# Rows of an export come in this order: by event, then status and name.
ORDER = ("event__start", "event_id", "status", "last_name", "first_name", "pk")


def _local(value, event: Event) -> str:
    if value is None:
        return ""
    return timezone.localtime(value, event.tz).strftime("%Y-%m-%d %H:%M")


COLUMNS: tuple[tuple[str, Callable[[Registration], object]], ...] = (
    (_("Event"), lambda r: r.event.title),
    (_("Status"), lambda r: r.get_status_display()),
    (_("First name"), lambda r: r.first_name),
    (_("Last name"), lambda r: r.last_name),
    (_("E-mail address"), lambda r: r.email),
    (_("Organisation"), lambda r: r.organisation),
    (_("Type of organisation"), lambda r: r.get_organisation_type_display()),
    (_("Country"), lambda r: r.country.name if r.country else ""),
    (_("Position"), lambda r: r.position),
    (_("Language"), lambda r: r.get_language_display()),
    (_("What we offer"), lambda r: r.profile_offer),
    (_("What we look for"), lambda r: r.profile_seek),
    (_("Profile may be shown"), lambda r: gettext("yes") if r.profile_shared else gettext("no")),
    (_("Message"), lambda r: r.message),
    (_("Registered at"), lambda r: _local(r.created_at, r.event)),
    (_("Confirmed at"), lambda r: _local(r.confirmed_at, r.event)),
)


def _questions(registrations: QuerySet[Registration]) -> list[Question]:
    """Every question of the exported registrations' events, retired ones too (their answers
    are kept), by event and in the form's order."""
    events = registrations.order_by().values("event_id")
    return list(
        Question.objects.filter(event_id__in=events)
        .select_related("event")
        .order_by("event__start", "event_id", "position", "pk")
    )


def registrations_csv_response(
    *, registrations: QuerySet[Registration], filename: str
) -> HttpResponse:
    """The registrations (already confined to what the user may see) as CSV, UTF-8 with BOM,
    with a column for each question of their events."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{filename}-{timezone.localdate().isoformat()}.csv"'
    )
    response.write(BOM)
    writer = csv.writer(response)
    questions = _questions(registrations)
    several_events = len({question.event_id for question in questions}) > 1
    writer.writerow(
        [str(label) for label, _value in COLUMNS]
        + [
            f"{question.event.title}: {question.text}" if several_events else question.text
            for question in questions
        ]
    )
    answers = Answer.objects.select_related("question").prefetch_related("choices")
    rows: Iterable[Registration] = (
        registrations.select_related("event")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by(*ORDER)
    )
    for registration in rows:
        given = {answer.question_id: answer for answer in registration.answers.all()}
        cells = [value(registration) for _label, value in COLUMNS]
        cells += [
            answer_text(answer=given[question.pk], question=question)
            if question.pk in given
            else ""
            for question in questions
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return response


def participants_csv_response(*, events: QuerySet[Event]) -> HttpResponse:
    """Every registration of the given (already scoped) events that still has its data."""
    registrations = Registration.objects.filter(event__in=events, anonymised_at__isnull=True)
    return registrations_csv_response(registrations=registrations, filename="participants")
