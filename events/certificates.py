"""Certificates of participation: a one-page PDF for each participant marked present.

The certificate is written in the language the person registered in and says who took part in
what: the person's name, the event's title, its date and duration in the event's own time zone,
the organisers (organiser and co-organisers) and, when the event belongs to a project, the
project with its programme and fund as recorded in the portal. Nothing else is printed.

It is laid out by WeasyPrint from `events/certificate.html` (core.pdf: only the portal's own
files are read, DejaVu Sans is embedded). Certificates carry personal data: they are rendered
on request for the registrant's secret link or the follow-up e-mail and never kept in a cache.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from core.pdf import pdf_render
from events.models import Event, Registration, RegistrationStatus
from events.templatetags.events_tags import event_when_text


def certificate_available(*, registration: Registration, now: datetime | None = None) -> bool:
    """A certificate exists for a confirmed participant marked present at an event that took
    place (started and not cancelled), as long as the registration is not erased."""
    event = registration.event
    return (
        registration.status == RegistrationStatus.CONFIRMED
        and registration.attended is True
        and registration.anonymised_at is None
        and not event.is_cancelled
        and event.start <= (now or timezone.now())
    )


def event_duration_text(event: Event) -> str:
    """ "2 hours 30 minutes", or "3 days" when only the dates are known, in the active language."""
    if event.dates_only:
        days = (event.local_end.date() - event.local_start.date()).days + 1
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    minutes = round((event.end - event.start).total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if minutes or not hours:
        parts.append(
            ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
        )
    return " ".join(parts)


def event_organisers(event: Event) -> list[str]:
    """Names of the organising organisations: the organiser (unless it only took part), then
    the co-organisers."""
    names = [] if event.organiser_only_took_part else [event.organiser.name]
    names += [organisation.name for organisation in event.co_organisers.all()]
    return list(dict.fromkeys(names))


def certificate_filename(*, registration: Registration) -> str:
    return f"certificate-{registration.event.slug}.pdf"


def certificate_html(*, registration: Registration, now: datetime | None = None) -> str:
    event = registration.event
    language = registration.language
    with translation.override(language):
        project = event.project
        return render_to_string(
            "events/certificate.html",
            {
                "registration": registration,
                "event": event,
                "when": event_when_text(event),
                "duration": event_duration_text(event),
                "organisers": event_organisers(event),
                "project": project,
                "issued_on": timezone.localtime(now or timezone.now(), event.tz).date(),
                "LANGUAGE_CODE": language,
            },
        )


def certificate_pdf(*, registration: Registration, now: datetime | None = None) -> bytes:
    """The certificate as PDF bytes (the caller checks `certificate_available`)."""
    html = certificate_html(registration=registration, now=now)
    return pdf_render(html=html, base_url=settings.SITE_URL + "/")
