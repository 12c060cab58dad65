"""Versions of reviewed entries and the pending revisions of published ones.

A `Version` is what an entry said at one moment (its reviewed fields, see `reviews.snapshots`),
with who saved it and when; versions are never changed or deleted. A `Revision` is the one
pending change of a public entry: it points to the version that holds its content, moves from
draft to in review, and is deleted when it is published (its content then becomes the entry's)
or discarded; its versions stay.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VersionKind(models.TextChoices):
    SAVED = "saved", pgettext_lazy("version kind", "Saved")
    REVISION = "revision", pgettext_lazy("version kind", "Pending change")
    PUBLISHED = "published", pgettext_lazy("version kind", "Published")
    RESTORED = "restored", pgettext_lazy("version kind", "Restored")


class Version(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("kind of version"), max_length=20, choices=VersionKind.choices)
    data = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="reviews_version_entry"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=VersionKind.values), name="reviews_version_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("revision status", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("revision status", "In review")


class Revision(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    version = models.ForeignKey(
        Version, verbose_name=_("content"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        constraints = [
            # One pending change per entry: a second editor continues the first one's.
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="reviews_revision_one_per_entry"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RevisionStatus.values),
                name="reviews_revision_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="in_review") | models.Q(submitted_at__isnull=False),
                name="reviews_revision_submitted_when_in_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} ({self.get_status_display()})"
