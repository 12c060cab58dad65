"""Alerts: e-mail digests of newly published measures or events matching a list's filters.

A subscription belongs to an e-mail address, not to an account: it is confirmed by a secret
link (double opt-in) and managed through the same link. It stores the list's filters as the
list's own filterset cleaned them (`filters`: parameter → sorted values), never the raw query
string, so one set of filters has one spelling and the database refuses a second subscription
of the same address to the same filters.

`last_sent_until` is the end of the last period a digest covered (from the confirmation on);
the digest command claims a period by moving it forward with a conditional UPDATE in the
transaction that queues the e-mail, and `Digest` records each period sent, unique per
subscription and start, so that a period is sent exactly once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    MEASURES = "measures", _("New measures")
    EVENTS = "events", _("New events")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Active")
    CANCELLED = "cancelled", _("Unsubscribed")


class SubscriptionQuerySet(models.QuerySet):
    def of_address(self, email: str):
        """The subscriptions of an e-mail address (case-insensitive)."""
        return self.annotate(email_lower=Lower("email")).filter(email_lower=email.lower())

    def expired(self, now: datetime):
        """Unconfirmed or cancelled subscriptions older than ALERTS_UNCONFIRMED_DAYS."""
        limit = now - timedelta(days=settings.ALERTS_UNCONFIRMED_DAYS)
        return self.filter(
            Q(status=SubscriptionStatus.PENDING, confirmation_sent_at__lt=limit)
            | Q(status=SubscriptionStatus.CANCELLED, cancelled_at__lt=limit)
        )


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=254)
    kind = models.CharField(_("kind"), max_length=10, choices=AlertKind.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.PENDING,
    )
    token_nonce = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"))
    consent_at = models.DateTimeField(_("consent given at"))
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    last_sent_until = models.DateTimeField(_("digests sent until"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "kind", "filters", name="alerts_subscription_one_per_filters"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AlertKind.values), name="alerts_subscription_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values),
                name="alerts_subscription_frequency_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SubscriptionStatus.values),
                name="alerts_subscription_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=SubscriptionStatus.CONFIRMED)
                | Q(last_sent_until__isnull=False),
                name="alerts_subscription_confirmed_has_period",
            ),
        ]
        indexes = [
            models.Index(Lower("email"), name="alerts_subscription_email"),
            models.Index(fields=["status", "last_sent_until"], name="alerts_subscription_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.pk})"

    @property
    def period(self) -> timedelta:
        return PERIODS[Frequency(self.frequency)]

    def confirmation_expires_at(self) -> datetime:
        return self.confirmation_sent_at + timedelta(hours=settings.ALERTS_CONFIRMATION_HOURS)


class Digest(models.Model):
    """A digest e-mail queued for one period of a subscription."""

    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="digests",
    )
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"))
    entries = models.PositiveIntegerField(_("new entries"))
    created_at = models.DateTimeField(_("queued at"))

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-period_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period_start"], name="alerts_digest_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="alerts_digest_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.period_start:%Y-%m-%d %H:%M}"
