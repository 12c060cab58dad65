"""E-mails to registrants, rendered in the language they registered in and queued in the database.

Every message is stored by django-post_office inside the caller's transaction, so it exists if
and only if the change that caused it was committed; `manage.py deliver_mail` (cron) sends it
afterwards (next2met.mail). Nothing here talks to a mail server, so a broken mail server can
never undo or block a registration.

Each message carries the moment until which it is useful (post_office's `expires_at`): the
sender keeps retrying a refused message until then and gives up only afterwards.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from post_office import mail
from post_office.models import Email

from events.models import Event, Registration
from events.tokens import token_for

# Kinds of message; each has events/email/<kind>_subject.txt, <kind>.txt and <kind>.html.
KINDS = (
    "confirm",
    "confirmed",
    "waitlisted",
    "promoted",
    "cancelled",
    "reminder",
    "event_changed",
    "event_cancelled",
    "recording",
    "organiser_message",
    "followup",
    "series_confirm",
    "meeting_requested",
    "meeting_accepted",
    "meeting_declined",
    "meeting_cancelled",
)

REFERENCE_HEADER = "X-Next2Met-Registration"
# Marks the messages re-sent because someone registered again with the same address; they are
# counted to limit how often that can happen (see `registration_repeats_count`).
REPEAT_HEADER = "X-Next2Met-Repeat"


def useful_until(*, registration: Registration, kind: str, now: datetime) -> datetime:
    """Until when a message of this kind is worth delivering (and so worth retrying).

    The confirmation link until it expires (or the event starts: then it cannot be used); the
    other messages until the event ends. The recording, and anything queued after the end,
    until the registrations are anonymised, but at least `EMAIL_RETRY_HOURS` from now.
    """
    event = registration.event
    if kind in ("confirm", "series_confirm"):
        return min(registration.confirmation_expires_at(), event.start)
    if kind != "recording" and event.end > now:
        return event.end
    return max(
        event.end + timedelta(days=settings.EVENTS_PURGE_DAYS),
        now + timedelta(hours=settings.EMAIL_RETRY_HOURS),
    )


def manage_url(registration: Registration) -> str:
    """The absolute manage link of a registration, in the registrant's language."""
    with translation.override(registration.language):
        path = reverse("events:manage", kwargs={"token": token_for(registration.token_nonce)})
    return settings.SITE_URL + path


def _render(kind: str, context: dict[str, Any]) -> tuple[str, str, str]:
    subject = render_to_string(f"events/email/{kind}_subject.txt", context)
    subject = " ".join(subject.split())
    text = render_to_string(f"events/email/{kind}.txt", context)
    html = render_to_string(f"events/email/{kind}.html", context)
    return subject, text, html


def registration_email_queue(
    *,
    registration: Registration,
    kind: str,
    context: dict[str, Any] | None = None,
    attachments: dict[str, bytes] | None = None,
    repeat: bool = False,
) -> Email:
    """Queue one message to a registrant; call inside the transaction of the change.

    `repeat` marks a message re-sent because the same address registered again.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown e-mail kind {kind!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Queue registration e-mails inside the transaction of the change.")
    event: Event = registration.event
    with translation.override(registration.language):
        full_context = {
            "registration": registration,
            "event": event,
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "manage_url": manage_url(registration),
            "site_url": settings.SITE_URL,
            **(context or {}),
        }
        subject, text, html = _render(kind, full_context)
    headers = {REFERENCE_HEADER: str(registration.pk)}
    if repeat:
        headers[REPEAT_HEADER] = "1"
    return mail.send(
        recipients=[registration.email],
        sender=settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        message=text,
        html_message=html,
        headers=headers,
        expires_at=useful_until(registration=registration, kind=kind, now=timezone.now()),
        attachments={
            name: {"file": ContentFile(content), "mimetype": attachment_type(name)}
            for name, content in (attachments or {}).items()
        }
        or None,
        priority="medium",
    )


def attachment_type(name: str) -> str:
    """The content type of an attachment: a PDF (certificate) or a calendar file."""
    if name.endswith(".pdf"):
        return "application/pdf"
    return "text/calendar; charset=utf-8"


def registration_repeats_count(*, registration: Registration, since: datetime) -> int:
    """How many messages were re-sent to this registration since then, for repeated sign-ups."""
    return Email.objects.filter(
        created__gte=since,
        **{f"headers__{REFERENCE_HEADER}": str(registration.pk), f"headers__{REPEAT_HEADER}": "1"},
    ).count()


def registration_emails_delete(*, registration_ids) -> int:
    """Delete the stored e-mails (with their addresses) of registrations being erased."""
    ids = [str(pk) for pk in registration_ids]
    if not ids:
        return 0
    queryset = Email.objects.none()
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        queryset = queryset | Email.objects.filter(**{f"headers__{REFERENCE_HEADER}__in": chunk})
    deleted, _by_model = queryset.delete()
    return deleted
