"""E-mails about review steps, each in the recipient's admin language, queued in the database.

- An entry submitted for review: to its reviewers — the portal editors and, for a trusted
  organisation, its partner managers — with a link to the entry in the admin.
- An entry published, or sent back with a comment: to the person who submitted it.
- Partner staff asking for a published entry to be archived: to its reviewers.

Like every message of the portal they are stored by django-post_office inside the transaction
of the step (`partners.services.workflow_transition`), so they exist if and only if the step
was committed, and `manage.py deliver_mail` sends them. Nobody is written to about their own
step.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from post_office import mail

from core.languages import language_code
from core.workflow import Status
from partners.models import MembershipRole, Organisation
from partners.roles import Role

KINDS = ("submitted", "published", "sent_back", "archive_requested")
REFERENCE_HEADER = "X-Next2Met-Review"
# A review message is useful for two weeks; the sender retries until then.
USEFUL_DAYS = 14


def reviewers(*, organisation_id: int | None):
    """Active portal editors, and the partner managers of the organisation if it is trusted."""
    who = Q(groups__name=Role.PORTAL_EDITOR)
    if organisation_id is not None and (
        Organisation.objects.filter(pk=organisation_id, trusted=True).exists()
    ):
        who |= Q(
            partner_memberships__organisation_id=organisation_id,
            partner_memberships__role=MembershipRole.MANAGER,
        )
    return (
        get_user_model()
        .objects.filter(who, is_active=True)
        .exclude(email="")
        .select_related("staff_language")
        .distinct()
    )


def _language(user) -> str:
    recorded = getattr(user, "staff_language", None)
    return language_code(recorded.language if recorded else settings.LANGUAGE_CODE)


def _admin_url(obj, language: str) -> str:
    meta = obj._meta
    with translation.override(language):
        path = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    return settings.SITE_URL + path


def _changes_url(obj, language: str) -> str:
    meta = obj._meta
    with translation.override(language):
        path = reverse(f"admin:{meta.app_label}_{meta.model_name}_changes", args=[obj.pk])
    return settings.SITE_URL + path


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def review_email_queue(
    *, kind: str, obj, recipient, actor, comment: str = "", changes: bool = False
) -> None:
    """Queue one message about a review step of `obj` to `recipient`; call inside the
    transaction of the step. `changes`: the step concerns pending changes of a published
    entry (reviews.services); the link then leads to what changed."""
    if kind not in KINDS:
        raise ValueError(f"Unknown review e-mail kind {kind!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Queue review e-mails inside the transaction of the step.")
    language = _language(recipient)
    with translation.override(language):
        context: dict[str, Any] = {
            "language": language,
            "recipient": _name(recipient),
            "actor": _name(actor),
            "entry": str(obj),
            "kind": str(obj._meta.verbose_name),
            "admin_url": _changes_url(obj, language) if changes else _admin_url(obj, language),
            "changes": changes,
            "public_url": (
                settings.SITE_URL + obj.get_absolute_url()
                if kind == "published" and hasattr(obj, "get_absolute_url")
                else ""
            ),
            "comment": comment,
            "site_url": settings.SITE_URL,
        }
        subject = " ".join(
            render_to_string(f"partners/email/review_{kind}_subject.txt", context).split()
        )
        text = render_to_string(f"partners/email/review_{kind}.txt", context)
        html = render_to_string(f"partners/email/review_{kind}.html", context)
    mail.send(
        recipients=[recipient.email],
        sender=settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        message=text,
        html_message=html,
        headers={REFERENCE_HEADER: f"{obj._meta.label_lower}:{obj.pk}"},
        expires_at=timezone.now() + timedelta(days=USEFUL_DAYS),
        priority="medium",
    )


def review_step_notify(
    *, obj, source: str, target: str, actor, submitter, organisation_id, comment: str = ""
) -> int:
    """Queue the messages a review step causes; returns how many."""
    if target == Status.IN_REVIEW:
        kind, recipients = "submitted", list(reviewers(organisation_id=organisation_id))
    elif source == Status.IN_REVIEW and target in (Status.PUBLISHED, Status.DRAFT):
        kind = "published" if target == Status.PUBLISHED else "sent_back"
        recipients = [submitter] if submitter and submitter.is_active and submitter.email else []
    else:
        return 0
    recipients = [user for user in recipients if user.pk != actor.pk]
    for recipient in recipients:
        review_email_queue(kind=kind, obj=obj, recipient=recipient, actor=actor, comment=comment)
    return len(recipients)
