"""E-mails to an event's organisers about its registrations.

Each event chooses (`Event.organiser_notifications`) how the staff of its organising
organisation — managers and editors, everyone with a membership — hear about new confirmed
registrations, people joining or moving up from the waiting list and cancellations:

- `each`: one e-mail per change, queued by `registration_notify` inside the transaction of the
  change (events.services), so it exists if and only if the change was committed;
- `digest` (the default): one summary a day, only on days when something happened, queued by
  `organiser_digests_send` (`manage.py send_organiser_digests`, cron);
- `none`: no e-mail.

Every message is in the recipient's admin language (next2met.models.StaffLanguage; English
until they opened the admin) and stored by django-post_office with the moment until which it
is useful (`expires_at`), like the registrants' e-mails; `manage.py deliver_mail` sends them.

A message about one registration carries the registration's reference header
(events.emails.REFERENCE_HEADER): erasing or purging the registration deletes it with the
registrant's own messages, as it names the person.

What happened is read from the registrations' own timestamps: confirmed (`confirmed_at`,
never waiting), joined the waiting list (`waitlisted_at`), moved up (`confirmed_at` after
`waitlisted_at`) and cancelled (`cancelled_at` of someone who had confirmed their address).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from post_office import mail
from post_office.models import Email

from core.languages import language_code
from events.emails import REFERENCE_HEADER
from events.models import (
    Event,
    OrganiserDigest,
    OrganiserNotifications,
    Registration,
    RegistrationStatus,
)

logger = logging.getLogger(__name__)

# What organisers are told about, in the order of the daily summary.
CHANGES = ("confirmed", "waitlisted", "promoted", "cancelled")
DIGEST_HEADER = "X-Next2Met-Organiser-Digest"
# An organisers' message is useful until the event ends, and at least this long after it was
# queued (a cancellation after the event still tells them something).
USEFUL_DAYS = 3
# A daily summary covers the changes since the previous one, at most this many days back (the
# first one of an event: the day before).
DIGEST_MAX_DAYS = 7


# --- Recipients -----------------------------------------------------------------------------


def organiser_recipients(*, event: Event) -> list:
    """Active staff (managers and editors) of the organising organisation with an e-mail
    address, with their admin language."""
    return list(
        get_user_model()
        .objects.filter(partner_memberships__organisation_id=event.organiser_id, is_active=True)
        .exclude(email="")
        .select_related("staff_language")
        .distinct()
        .order_by("pk")
    )


def staff_language(user) -> str:
    """The language the person last used the admin in (English until then)."""
    try:
        recorded = user.staff_language
    except ObjectDoesNotExist:  # never opened the admin
        recorded = None
    return language_code(recorded.language if recorded else settings.LANGUAGE_CODE)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _admin_links(event: Event, language: str) -> dict[str, str]:
    with translation.override(language):
        registrations = reverse("admin:events_registration_changelist")
        statistics = reverse("admin:events_event_statistics", args=[event.pk])
    return {
        "registrations_url": f"{settings.SITE_URL}{registrations}?event__id__exact={event.pk}",
        "statistics_url": settings.SITE_URL + statistics,
    }


# --- Queueing ---------------------------------------------------------------------------------


def useful_until(*, event: Event, now: datetime) -> datetime:
    return max(event.end, now + timedelta(days=USEFUL_DAYS))


def organiser_email_queue(
    *,
    event: Event,
    recipient,
    template: str,
    context: dict[str, Any],
    headers: dict[str, str],
    now: datetime | None = None,
) -> Email:
    """Queue one message to a member of the organisers' staff, rendered from
    events/email/<template>_subject.txt, .txt and .html in their admin language; call inside
    the transaction of what it reports."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Queue organisers' e-mails inside the transaction of the change.")
    now = now or timezone.now()
    language = staff_language(recipient)
    with translation.override(language):
        full_context = {
            "language": language,
            "recipient": _name(recipient),
            "event": event,
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "site_url": settings.SITE_URL,
            **_admin_links(event, language),
            **context,
        }
        subject = " ".join(
            render_to_string(f"events/email/{template}_subject.txt", full_context).split()
        )
        text = render_to_string(f"events/email/{template}.txt", full_context)
        html = render_to_string(f"events/email/{template}.html", full_context)
    return mail.send(
        recipients=[recipient.email],
        sender=settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        message=text,
        html_message=html,
        headers=headers,
        expires_at=useful_until(event=event, now=now),
        priority="medium",
    )


# --- One e-mail per change --------------------------------------------------------------------


def _was_confirmed(registration: Registration) -> bool:
    """Did the person confirm their address (seat or waiting list) before? Organisers never
    hear of unconfirmed registrations."""
    return registration.confirmed_at is not None or registration.waitlisted_at is not None


def registration_notify(*, registration: Registration, change: str) -> int:
    """Tell the organisers' staff about a change of a registration, when the event asks for
    an e-mail per change; returns how many messages were queued. Call inside the transaction
    of the change, with `registration.event` the (locked) event."""
    if change not in CHANGES:
        raise ValueError(f"Unknown change {change!r}")
    event: Event = registration.event
    if event.organiser_notifications != OrganiserNotifications.EACH:
        return 0
    if change == "cancelled" and not _was_confirmed(registration):
        return 0
    recipients = organiser_recipients(event=event)
    for recipient in recipients:
        organiser_email_queue(
            event=event,
            recipient=recipient,
            template="organiser_notice",
            context={"change": change, "registration": registration},
            headers={REFERENCE_HEADER: str(registration.pk)},
        )
    return len(recipients)


# --- The daily summary ------------------------------------------------------------------------


@dataclass
class DigestGroup:
    change: str
    registrations: list[Registration] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.registrations)


def _between(name: str, start: datetime, end: datetime) -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lt": end})


def _activity_q(start: datetime, end: datetime, prefix: str = "") -> Q:
    return (
        _between(f"{prefix}confirmed_at", start, end)
        | _between(f"{prefix}waitlisted_at", start, end)
        | _between(f"{prefix}cancelled_at", start, end)
    )


def digest_groups(*, event: Event, start: datetime, end: datetime) -> list[DigestGroup]:
    """What happened to the event's registrations in [start, end), by kind of change (only
    the kinds with something); one query."""
    groups = {change: DigestGroup(change) for change in CHANGES}
    found = (
        Registration.objects.filter(event=event)
        .filter(_activity_q(start, end))
        .order_by("last_name", "first_name", "pk")
    )
    for registration in found:
        registration.event = event
        confirmed = registration.confirmed_at
        if confirmed is not None and start <= confirmed < end:
            change = "confirmed" if registration.waitlisted_at is None else "promoted"
            groups[change].registrations.append(registration)
        waiting = registration.waitlisted_at
        if waiting is not None and start <= waiting < end:
            groups["waitlisted"].registrations.append(registration)
        cancelled = registration.cancelled_at
        if cancelled is not None and start <= cancelled < end and _was_confirmed(registration):
            groups["cancelled"].registrations.append(registration)
    return [group for group in groups.values() if group.registrations]


def day_start(now: datetime) -> datetime:
    """Midnight of the day of `now`, in the portal's time zone (settings.TIME_ZONE)."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def organiser_digests_send(*, now: datetime | None = None) -> int:
    """Queue the daily summaries of events whose organisers chose them; returns how many
    summaries (events) were sent.

    A summary covers the changes since the previous one (the first: the day before) until
    midnight of the portal's time zone, and is sent only when something happened. Exactly once
    per event and day, also when two copies run at once on two machines: each summary is
    claimed by inserting its `OrganiserDigest` row (unique per event and day) in the
    transaction that queues its e-mails; the second insert waits for the first and fails.
    """
    now = now or timezone.now()
    end = day_start(now)
    earliest = end - timedelta(days=DIGEST_MAX_DAYS)
    today = end.date()
    activity = Registration.objects.filter(event=OuterRef("pk")).filter(_activity_q(earliest, end))
    candidates = list(
        Event.objects.filter(organiser_notifications=OrganiserNotifications.DIGEST)
        .exclude(organiser_digests__day=today)
        .filter(Exists(activity))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in candidates:
        try:
            with transaction.atomic():
                sent += _digest_send(pk, now=now, end=end, earliest=earliest)
        except IntegrityError:
            # Another run claimed this event's summary for today and committed it.
            continue
    logger.info("Queued %d organisers' daily summaries.", sent)
    return sent


def _digest_send(pk: int, *, now: datetime, end: datetime, earliest: datetime) -> int:
    previous = OrganiserDigest.objects.filter(event_id=pk).order_by("-period_end").first()
    if previous is None:
        start = end - timedelta(days=1)
    else:
        start = max(previous.period_end, earliest)
    digest = OrganiserDigest.objects.create(
        event_id=pk, day=end.date(), period_start=start, period_end=end, created_at=now
    )
    event = Event.objects.get(pk=pk)
    groups = digest_groups(event=event, start=start, end=end)
    if not groups:
        return 0
    recipients = organiser_recipients(event=event)
    counts = dict(
        Registration.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for recipient in recipients:
        organiser_email_queue(
            event=event,
            recipient=recipient,
            template="organiser_digest",
            context={
                "groups": groups,
                "period_start": timezone.localtime(start).date(),
                "period_end": timezone.localtime(end - timedelta(microseconds=1)).date(),
                "confirmed_count": counts.get(RegistrationStatus.CONFIRMED, 0),
                "waitlisted_count": counts.get(RegistrationStatus.WAITLISTED, 0),
            },
            headers={DIGEST_HEADER: f"{event.pk}:{digest.day.isoformat()}"},
            now=now,
        )
    OrganiserDigest.objects.filter(pk=digest.pk).update(recipients=len(recipients))
    return 1
