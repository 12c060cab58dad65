"""The review workflow shared by every kind of partner-owned entry.

An entry moves `draft` → `in_review` → `published` → `archived` and back to `draft`. Which
transition a user may make depends on their role for the organisation that owns the entry:
partner editors submit and withdraw; publishing, archiving and unpublishing are editorial
decisions that portal editors make for every organisation, and partner managers only for an
organisation a portal editor has marked as trusted; partner managers return archived entries
to draft. Portal editors may make every transition for every organisation.

Models take part by inheriting from `WorkflowModel` and naming the path to their owning
organisation in `organisation_lookup` (see `partners.roles.owning_organisation_id`). A model
with statuses of its own (events: they can also be cancelled) has the same status fields and
names its transitions in `workflow_transitions`. Changes of status go through
`partners.services.workflow_transition`, never through a plain save.
"""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("workflow status", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("workflow status", "In review")
    PUBLISHED = "published", pgettext_lazy("workflow status", "Published")
    ARCHIVED = "archived", pgettext_lazy("workflow status", "Archived")


class Level(models.IntegerChoices):
    """What a user may do with the entries of one organisation, in increasing order."""

    NONE = 0, _("No access")
    EDITOR = 1, _("Partner editor")
    MANAGER = 2, _("Partner manager")
    PORTAL_EDITOR = 3, _("Portal editor")


class Transition(NamedTuple):
    source: str
    target: str
    level: int  # the lowest level that may make it (in a trusted organisation, if editorial)
    label: Promise
    # An editorial decision (what the public sees): portal editors only, unless the owning
    # organisation is trusted.
    editorial: bool = False

    def required_level(self, *, trusted: bool) -> int:
        """The lowest level that may make this transition for an organisation."""
        return Level.PORTAL_EDITOR if self.editorial and not trusted else self.level


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Status.DRAFT, Status.IN_REVIEW, Level.EDITOR, _("Submit for review")),
    Transition(Status.IN_REVIEW, Status.DRAFT, Level.EDITOR, _("Return to draft")),
    Transition(Status.IN_REVIEW, Status.PUBLISHED, Level.MANAGER, _("Publish"), editorial=True),
    Transition(Status.PUBLISHED, Status.ARCHIVED, Level.MANAGER, _("Archive"), editorial=True),
    Transition(
        Status.PUBLISHED, Status.DRAFT, Level.MANAGER, _("Unpublish to draft"), editorial=True
    ),
    Transition(Status.ARCHIVED, Status.DRAFT, Level.MANAGER, _("Return to draft")),
)


def transition_find(
    *, source: str, target: str, transitions: tuple[Transition, ...] = TRANSITIONS
) -> Transition | None:
    for transition in transitions:
        if transition.source == source and transition.target == target:
            return transition
    return None


def transitions_for_level(
    *,
    source: str,
    level: int,
    trusted: bool,
    transitions: tuple[Transition, ...] = TRANSITIONS,
) -> list[Transition]:
    """The transitions from `source` that a user of this level may make for an organisation
    (`trusted`: whether a portal editor marked it as trusted)."""
    return [
        t for t in transitions if t.source == source and level >= t.required_level(trusted=trusted)
    ]


def status_label(model, status: str) -> str:
    """A status of the model (its own choices: events have their own) as people read it."""
    return str(dict(model._meta.get_field("status").choices).get(status, status))


class WorkflowError(Exception):
    """A transition that does not exist, or that this user may not make for this entry."""


class WorkflowQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class WorkflowFields(models.Model):
    """Who changed the status last, when, and when the entry was first published."""

    status_changed_at = models.DateTimeField(
        _("status changed at"), null=True, blank=True, editable=False
    )
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_published_at = models.DateTimeField(
        _("first published at"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True


class WorkflowModel(WorkflowFields):
    """Status of an entry with who changed it last and when (history is in the admin log).

    Subclasses set `organisation_lookup` and, if they declare their own `Meta`, inherit
    `WorkflowModel.Meta` to keep the status constraint.
    """

    organisation_lookup: str = "organisation"
    workflow_transitions: tuple[Transition, ...] = TRANSITIONS

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED
