"""Attendance at an event: who of the confirmed participants was there.

Organisers mark each confirmed participant present or absent (or back to unknown), one by one
or many at once, from the event's attendance page in the admin; for online events they may
instead import the participant report of the meeting platform (a CSV file), which marks every
participant whose e-mail address appears in it present.

An import is read completely before anything is stored: a file that cannot be read changes
nothing and raises `AttendanceImportError` with a message for the organiser. Rows whose address
belongs to no confirmed participant are returned, so the organiser can check them by hand.
Attendance decides who receives a certificate of participation and the follow-up e-mail
(events.followups).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventFormat, Registration, RegistrationStatus

# Largest participant report accepted, and the longest row text shown back to the organiser.
IMPORT_MAX_BYTES = 2 * 1024 * 1024
ROW_TEXT_MAX = 120
# Rows searched for the header line: platform reports may start with a few lines about the
# meeting (Zoom: topic, meeting id, …) before the table of participants.
HEADER_SEARCH_ROWS = 30
# Header names of the address column, compared without case, spaces, hyphens and underscores;
# a header that contains "email" matches too ("User Email", "E-Mail-Adresse", "Adres e-mail").
EMAIL_HEADERS = frozenset({"email", "mail", "emailadresse", "adresemail", "adresmailowy"})
ADDRESS_PATTERN = re.compile(r"[^\s<>\"',;:()\[\]]+@[^\s<>\"',;:()\[\]]+")
DELIMITERS = ";,\t"

# Formats whose platform can report who took part.
IMPORT_FORMATS = (EventFormat.ONLINE, EventFormat.HYBRID)

MARKS = {"present": True, "absent": False, "unknown": None}


class AttendanceError(Exception):
    """Attendance cannot be taken for this event (not started yet, or cancelled)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class AttendanceImportError(Exception):
    """A participant report that cannot be read; `message` says why, for the organiser."""

    def __init__(self, code: str, message):
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class UnmatchedRow:
    line: int  # line number in the file, counted from 1
    text: str  # the address found, or the row's text when it has none


@dataclass
class ImportResult:
    marked: int = 0  # participants newly marked present
    matched: int = 0  # participants found in the report (newly marked or already present)
    unmatched: list[UnmatchedRow] = field(default_factory=list)


def attendance_participants(*, event: Event) -> QuerySet[Registration]:
    """The participants whose attendance is taken: confirmed, not erased, by name."""
    return Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED, anonymised_at__isnull=True
    ).order_by("last_name", "first_name", "pk")


def attendance_taken(*, event: Event) -> bool:
    """Has anyone of the event been marked present or absent?"""
    return Registration.objects.filter(event=event, attended__isnull=False).exists()


def attendance_open(*, event: Event, now: datetime | None = None) -> bool:
    """Attendance is taken from the start of a published event on."""
    return not event.is_cancelled and event.start <= (now or timezone.now())


def _check_open(event: Event, now: datetime) -> None:
    if event.is_cancelled:
        raise AttendanceError("cancelled")
    if event.start > now:
        raise AttendanceError("not_started")


def attendance_mark(
    *,
    event: Event,
    registration_ids: Iterable[int],
    attended: bool | None,
    now: datetime | None = None,
) -> int:
    """Mark confirmed participants of the event present (True), absent (False) or unknown
    (None). Ids of other events or of people who are not confirmed are ignored. Returns how
    many participants were marked."""
    now = now or timezone.now()
    _check_open(event, now)
    ids = {int(pk) for pk in registration_ids}
    if not ids:
        return 0
    return (
        attendance_participants(event=event)
        .filter(pk__in=ids)
        .update(attended=attended, attendance_marked_at=None if attended is None else now)
    )


# --- Import of a platform's participant report ------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise AttendanceImportError(
            "encoding",
            _("The file is not a text file in UTF-8. Please save it as CSV (UTF-8) and try again."),
        ) from None


def _delimiter(text: str) -> str:
    """Semicolon, comma or tab: whichever occurs most often in the first lines."""
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    counts = {delimiter: sample.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _normalised_header(cell: str) -> str:
    return re.sub(r"[\s\-_.]+", "", cell.strip().strip("\"'").casefold())


def _is_email_header(cell: str) -> bool:
    name = _normalised_header(cell)
    return name in EMAIL_HEADERS or "email" in name


def _address_in(cell: str) -> str | None:
    """The e-mail address a cell holds ("ada@example.org", "Ada <ada@example.org>"), or None."""
    for candidate in ADDRESS_PATTERN.findall(cell):
        candidate = candidate.strip(".")
        try:
            validate_email(candidate)
        except ValidationError:
            continue
        return candidate
    return None


def _row_text(row: list[str]) -> str:
    text = " · ".join(cell.strip() for cell in row if cell.strip())
    return text if len(text) <= ROW_TEXT_MAX else text[: ROW_TEXT_MAX - 1] + "…"


def _read_rows(data: bytes) -> list[tuple[int, list[str]]]:
    if not data.strip():
        raise AttendanceImportError("empty", _("The file is empty."))
    if len(data) > IMPORT_MAX_BYTES:
        raise AttendanceImportError(
            "too_large",
            _("The file is larger than %(size)s MB; a participant report is much smaller.")
            % {"size": IMPORT_MAX_BYTES // (1024 * 1024)},
        )
    text = _decode(data)
    if "\x00" in text:
        raise AttendanceImportError(
            "binary", _("This is not a CSV file. Please export the participant report as CSV.")
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error:
        raise AttendanceImportError(
            "malformed",
            _("The file could not be read as CSV (values separated by semicolons or commas)."),
        ) from None


def attendance_report_read(*, data: bytes) -> list[tuple[int, str | None, list[str]]]:
    """The participant rows of a report: (line, address or None, row). The address column is
    the one whose header names an e-mail address, else the first column holding addresses."""
    rows = _read_rows(data)
    column, start = None, 0
    for index, (_line, row) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = next((i for i, cell in enumerate(row) if _is_email_header(cell)), None)
        if found is not None:
            column, start = found, index + 1
            break
    if column is None:
        for _line, row in rows:
            column = next((i for i, cell in enumerate(row) if _address_in(cell)), None)
            if column is not None:
                break
        if column is None:
            raise AttendanceImportError(
                "no_addresses",
                _(
                    "No e-mail addresses were found in the file. It needs a column of e-mail "
                    "addresses, with a header such as “Email”, “E-Mail” or “Adres e-mail”."
                ),
            )
        # Without a header, a first line without an address is taken for the titles.
        if rows and not _address_in(rows[0][1][column] if column < len(rows[0][1]) else ""):
            start = 1
    result = []
    for line, row in rows[start:]:
        cell = row[column] if column < len(row) else ""
        result.append((line, _address_in(cell), row))
    return result


@transaction.atomic
def attendance_import(*, event: Event, data: bytes, now: datetime | None = None) -> ImportResult:
    """Mark present every confirmed participant whose address (any letter case) is in the
    report. Nobody is marked absent. Raises AttendanceImportError, changing nothing, when the
    file cannot be read."""
    now = now or timezone.now()
    _check_open(event, now)
    rows = attendance_report_read(data=data)
    participants: dict[str, int] = {}
    already_present: set[int] = set()
    for pk, email, attended in attendance_participants(event=event).values_list(
        "pk", "email", "attended"
    ):
        participants[email.casefold()] = pk
        if attended is True:
            already_present.add(pk)
    result = ImportResult()
    found: set[int] = set()
    for line, address, row in rows:
        pk = participants.get(address.casefold()) if address else None
        if pk is None:
            result.unmatched.append(UnmatchedRow(line=line, text=address or _row_text(row)))
        else:
            found.add(pk)
    result.matched = len(found)
    to_mark = found - already_present
    if to_mark:
        result.marked = (
            attendance_participants(event=event)
            .filter(pk__in=to_mark)
            .update(attended=True, attendance_marked_at=now)
        )
    return result
