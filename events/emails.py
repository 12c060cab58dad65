"""E-mails to registrants, rendered in the language they registered in and queued in the database.

Every message is stored by django-post_office inside the caller's transaction, so it exists if
and only if the change that caused it was committed; `manage.py send_queued_mail` (cron) sends
it afterwards and retries failed deliveries. Nothing here talks to a mail server, so a broken
mail server can never undo or block a registration.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
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
)

REFERENCE_HEADER = "X-Next2Met-Registration"


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
) -> Email:
    """Queue one message to a registrant; call inside the transaction of the change."""
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
    return mail.send(
        recipients=[registration.email],
        sender=settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        message=text,
        html_message=html,
        headers={REFERENCE_HEADER: str(registration.pk)},
        attachments={
            name: {"file": ContentFile(content), "mimetype": "text/calendar; charset=utf-8"}
            for name, content in (attachments or {}).items()
        }
        or None,
        priority="medium",
    )


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
