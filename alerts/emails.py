"""E-mails to subscribers, in the language they subscribed in, queued in the database.

As for registrations (events.emails), every message is stored by django-post_office inside the
caller's transaction and sent later by `manage.py deliver_mail`; each carries the moment until
which it is useful (`expires_at`).

Every message offers one-click unsubscribing (RFC 8058): a `List-Unsubscribe` header with the
subscription's unsubscribe address, `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, and
the same link in the body.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from post_office import mail
from post_office.models import Email

from alerts import selectors
from alerts.models import Subscription
from alerts.tokens import token_for

# Kinds of message; each has alerts/email/<kind>_subject.txt, <kind>.txt and <kind>.html.
KINDS = ("confirm", "subscribed", "digest")

REFERENCE_HEADER = "X-Next2Met-Alert"
# Marks messages re-sent because the same address subscribed to the same filters again.
REPEAT_HEADER = "X-Next2Met-Repeat"


def manage_url(subscription: Subscription) -> str:
    with translation.override(subscription.language):
        path = reverse("alerts:manage", kwargs={"token": token_for(subscription.token_nonce)})
    return settings.SITE_URL + path


def unsubscribe_url(subscription: Subscription) -> str:
    with translation.override(subscription.language):
        path = reverse("alerts:unsubscribe", kwargs={"token": token_for(subscription.token_nonce)})
    return settings.SITE_URL + path


def unsubscribe_headers(subscription: Subscription) -> dict[str, str]:
    """The headers that let mail programs unsubscribe with one click (RFC 2369, RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def useful_until(*, subscription: Subscription, kind: str, now: datetime) -> datetime:
    """The confirmation until its link expires, a digest until the next one is due."""
    if kind == "confirm":
        return subscription.confirmation_expires_at()
    if kind == "digest":
        return now + subscription.period
    return now + timedelta(hours=settings.EMAIL_RETRY_HOURS)


def _render(kind: str, context: dict[str, Any]) -> tuple[str, str, str]:
    subject = render_to_string(f"alerts/email/{kind}_subject.txt", context)
    subject = " ".join(subject.split())
    text = render_to_string(f"alerts/email/{kind}.txt", context)
    html = render_to_string(f"alerts/email/{kind}.html", context)
    return subject, text, html


def subscription_email_queue(
    *,
    subscription: Subscription,
    kind: str,
    context: dict[str, Any] | None = None,
    repeat: bool = False,
    now: datetime | None = None,
) -> Email:
    """Queue one message to a subscriber; call inside the transaction of the change."""
    if kind not in KINDS:
        raise ValueError(f"Unknown e-mail kind {kind!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Queue alert e-mails inside the transaction of the change.")
    now = now or timezone.now()
    with translation.override(subscription.language):
        summary = selectors.alert_summary(kind=subscription.kind, filters=subscription.filters)
        full_context = {
            "subscription": subscription,
            "language": subscription.language,
            "summary": summary,
            "summary_text": selectors.alert_summary_text(summary),
            "manage_url": manage_url(subscription),
            "unsubscribe_url": unsubscribe_url(subscription),
            "site_url": settings.SITE_URL,
            "confirmation_hours": settings.ALERTS_CONFIRMATION_HOURS,
            **(context or {}),
        }
        subject, text, html = _render(kind, full_context)
    headers = {REFERENCE_HEADER: str(subscription.pk), **unsubscribe_headers(subscription)}
    if repeat:
        headers[REPEAT_HEADER] = "1"
    return mail.send(
        recipients=[subscription.email],
        sender=settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        message=text,
        html_message=html,
        headers=headers,
        expires_at=useful_until(subscription=subscription, kind=kind, now=now),
        priority="medium",
    )


def subscription_repeats_count(*, subscription: Subscription, since: datetime) -> int:
    """Messages re-sent to this subscription since then, for repeated subscribing."""
    return Email.objects.filter(
        created__gte=since,
        **{
            f"headers__{REFERENCE_HEADER}": str(subscription.pk),
            f"headers__{REPEAT_HEADER}": "1",
        },
    ).count()


def subscription_emails_delete(*, subscription_ids) -> int:
    """Delete the stored e-mails (with their addresses) of subscriptions being deleted."""
    ids = [str(pk) for pk in subscription_ids]
    deleted = 0
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        count, _by_model = Email.objects.filter(
            **{f"headers__{REFERENCE_HEADER}__in": chunk}
        ).delete()
        deleted += count
    return deleted
