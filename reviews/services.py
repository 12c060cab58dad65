"""Writes of the review of changes: pending changes of public entries, and versions.

Partner staff who may not publish change a public entry (a published measure, organisation
profile or event) through a pending change (`Revision`): `revision_save` stores what they
typed as a new `Version` and leaves the entry, and so every public page, feed, export and
search, as it is. The change goes draft → in review (`revision_submit`, which checks the
portal's rules) → published (`revision_publish`: the entry takes the change's values in one
transaction, through the app's own service) or back to draft (`revision_return`, with a
comment when a reviewer sends it back), or is discarded (`revision_discard`). Each step is
logged in the entry's history and e-mailed like the entry's own review steps.

Whoever may publish saves a public entry directly; every save is kept as a version
(`version_record`), and any version can be restored (`version_restore`) — for a public entry
as a pending change.

Concurrent work never overwrites silently: the change form carries a token
(`review_token`) of what it showed; `review_check` refuses a save that started from an
older state, except when the pending change it edited was published meanwhile — then the
save starts a new pending change. Publishing locks the pending change first, so two reviewers
publishing at once publish it once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.workflow import Level, Status, WorkflowError, transition_find
from partners.reviewmail import review_email_queue, reviewers
from partners.roles import organisation_trusted, owning_organisation_id, user_level
from reviews.models import Revision, RevisionStatus, Version, VersionKind
from reviews.registry import is_public, reviewed
from reviews.snapshots import reviewed_fields, snapshot, snapshot_onto, snapshot_values


class ReviewConflict(Exception):
    """The entry changed since the form was opened; the save is refused (nothing is lost:
    the form is shown again with what was typed)."""


# --- Reading ----------------------------------------------------------------------------------


def _content_type(obj) -> ContentType:
    return ContentType.objects.get_for_model(type(obj))


def revision_of(obj, *, lock: bool = False) -> Revision | None:
    """The entry's pending change, if it has one."""
    mine = Revision.objects.filter(content_type=_content_type(obj), object_id=obj.pk)
    if lock and not mine.select_for_update().exists():
        return None
    return mine.select_related("version").first()


def may_publish(*, user, obj) -> bool:
    """May this person publish the entry (and so change it while public without review)?"""
    organisation_id = owning_organisation_id(obj)
    transition = transition_find(
        source=Status.IN_REVIEW,
        target=Status.PUBLISHED,
        transitions=type(obj).workflow_transitions,
    )
    needed = transition.required_level(trusted=organisation_trusted(organisation_id))
    return user_level(user, organisation_id) >= needed


def _level(user, obj) -> int:
    return user_level(user, owning_organisation_id(obj))


def review_token(obj, revision: Revision | None) -> str:
    """What the change form shows: the pending change (`revision_of(obj)`) and its version, or
    the entry's own state (its last change)."""
    if revision is not None:
        return f"revision:{revision.pk}:{revision.version_id}"
    return f"entry:{obj.updated_at.isoformat() if obj.updated_at else ''}"


@dataclass(frozen=True)
class Token:
    revision_id: int | None = None
    version_id: int | None = None
    updated_at: str | None = None

    @classmethod
    def parse(cls, text: str | None) -> Token | None:
        parts = (text or "").split(":", 1)
        if parts[0] == "revision" and len(parts) == 2:
            ids = parts[1].split(":")
            if len(ids) == 2 and all(part.isdigit() for part in ids):
                return cls(revision_id=int(ids[0]), version_id=int(ids[1]))
        if parts[0] == "entry" and len(parts) == 2:
            return cls(updated_at=parts[1])
        return None


def _who_when(user, moment) -> dict[str, str]:
    name = (user.get_full_name() or user.get_username()) if user else _("someone")
    return {"who": name, "when": formats.date_format(timezone.localtime(moment), "H:i")}


def review_mode(*, obj, user, token: str | None = None) -> bool:
    """Does this person's save of the entry become a pending change (True) or change the
    entry itself? A pending change exists, or the form was opened on one (published
    meanwhile: a new one starts), or the entry is public and they may not publish it — for
    the organisation that owns it and, when the form gives it another owner, for that one."""
    if obj.pk is None:
        return False
    parsed = Token.parse(token)
    if parsed is not None and parsed.revision_id is not None:
        return True
    live = type(obj)._default_manager.get(pk=obj.pk)
    if revision_of(live) is not None:
        return True
    return is_public(live) and not (
        may_publish(user=user, obj=live) and may_publish(user=user, obj=obj)
    )


def review_check(*, obj, token: str | None) -> None:
    """Refuse a save that started from an older state of the entry (ReviewConflict), under
    the locks of the entry and its pending change, held until the save commits. A form opened
    on a pending change that was published or discarded meanwhile may save: its values
    become a new pending change."""
    if obj.pk is None:
        return
    live = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    revision = revision_of(live, lock=True)
    parsed = Token.parse(token)
    if parsed is None:
        raise ReviewConflict(
            _("This form is out of date. Open the entry again and repeat your changes.")
        )
    if revision is not None:
        if parsed.revision_id == revision.pk and parsed.version_id == revision.version_id:
            return
        version = revision.version
        raise ReviewConflict(
            _(
                "%(who)s saved other changes to this entry at %(when)s, after you opened it. "
                "Your text is still in the form: open the entry in a new tab, compare, and save "
                "your changes again there."
            )
            % _who_when(version.created_by, version.created_at)
        )
    if parsed.revision_id is not None:
        return  # the pending change was published or discarded: the save starts a new one
    current = live.updated_at.isoformat() if live.updated_at else ""
    if parsed.updated_at != current:
        raise ReviewConflict(
            _(
                "Someone saved this entry at %(when)s, after you opened it. Your text is still in "
                "the form: open the entry in a new tab, compare, and save your changes again "
                "there."
            )
            % {"when": formats.date_format(timezone.localtime(live.updated_at), "H:i")}
        )


# --- Versions ---------------------------------------------------------------------------------


def version_record(*, obj, kind: str, user=None, data: dict | None = None) -> Version:
    """Keep a version of the entry: `data`, or what the entry holds now."""
    return Version.objects.create(
        content_type=_content_type(obj),
        object_id=obj.pk,
        kind=kind,
        data=snapshot(obj) if data is None else data,
        created_by=user,
    )


def version_baseline(obj) -> None:
    """Before the first change of an entry saved before versions were kept: its state as the
    first version, so that the change can be compared with it (`obj` as stored)."""
    exists = Version.objects.filter(content_type=_content_type(obj), object_id=obj.pk).exists()
    if not exists:
        kind = VersionKind.PUBLISHED if is_public(obj) else VersionKind.SAVED
        version = version_record(obj=obj, kind=kind)
        moment = getattr(obj, "status_changed_at", None) or getattr(obj, "updated_at", None)
        if moment:
            Version.objects.filter(pk=version.pk).update(
                created_at=moment, created_by=getattr(obj, "status_changed_by", None)
            )


def _log(*, obj, user, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


@transaction.atomic
def revision_save(*, obj, data: dict, user, kind: str = VersionKind.REVISION) -> Revision | None:
    """Store `data` (a snapshot) as the entry's pending change, started now or continued.

    The entry itself does not change. Saving the same values again adds no version; values
    equal to the entry's own start no pending change (None). Call
    `review_check` first (the admin's form does) to refuse saves that started from an older
    state.
    """
    live = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if _level(user, live) < Level.EDITOR:
        raise WorkflowError(_("You may not change this entry."))
    revision = revision_of(live, lock=True)
    if revision is not None and revision.version.data == data and kind == VersionKind.REVISION:
        return revision
    if revision is None and kind == VersionKind.REVISION and data == snapshot(live):
        return None  # nothing that waits for review changed (an event's venue applies at once)
    version_baseline(live)
    version = version_record(obj=live, kind=kind, user=user, data=data)
    if revision is None:
        revision = Revision.objects.create(
            content_type=version.content_type,
            object_id=live.pk,
            version=version,
            created_by=user,
        )
    else:
        revision.version = version
        revision.save(update_fields=["version"])
    return revision


def revision_check(*, obj, data: dict) -> None:
    """Would the entry with these values keep the portal's rules? WorkflowError with the
    problems, in the active language, if not (text length, a slug already taken, one to three
    themes, …)."""
    model = type(obj)
    candidate = model._default_manager.get(pk=obj.pk)
    snapshot_onto(candidate, data)
    _fields, relations = reviewed_fields(model)
    problems: list[str] = []
    try:
        candidate.full_clean(exclude=[field.name for field in relations])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            try:
                label = str(model._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:  # errors of the whole entry
                label = ""
            problems += [f"{label}: {message}" if label else message for message in messages]
    spec = reviewed(model)
    if spec.check is not None:
        values, related = snapshot_values(model, data)
        try:
            spec.check(candidate, values, related)
        except ValidationError as error:
            problems += error.messages
    if problems:
        raise WorkflowError(
            _("The changes break the portal's rules: %(problems)s")
            % {"problems": " ".join(dict.fromkeys(problems))}
        )


def _gone() -> WorkflowError:
    return WorkflowError(
        _("These changes were published or discarded meanwhile: nothing more to do.")
    )


def _locked(revision_id: int):
    """The pending change and its entry, both locked in the order every writer takes them
    (the entry first, as `revision_save` and `review_check` do, so that none waits for
    another in a circle). The change's row is locked alone, then read with its version:
    a lock taken with a join finds no row when a concurrent save pointed it to a new version."""
    row = Revision.objects.filter(pk=revision_id).values("content_type_id", "object_id").first()
    if row is None:
        raise _gone()
    model = ContentType.objects.get_for_id(row["content_type_id"]).model_class()
    obj = model._default_manager.select_for_update().get(pk=row["object_id"])
    if not Revision.objects.select_for_update().filter(pk=revision_id).exists():
        raise _gone()
    revision = Revision.objects.select_related("version", "submitted_by").get(pk=revision_id)
    return revision, obj


@transaction.atomic
def revision_submit(*, revision_id: int, user) -> Revision:
    """Submit a pending change for review, after checking the portal's rules; the reviewers
    are e-mailed, each in their own admin language."""
    revision, obj = _locked(revision_id)
    if _level(user, obj) < Level.EDITOR:
        raise WorkflowError(_("You may not change this entry."))
    if revision.status != RevisionStatus.DRAFT:
        raise WorkflowError(_("These changes are already waiting for review."))
    revision_check(obj=obj, data=revision.version.data)
    revision.status = RevisionStatus.IN_REVIEW
    revision.submitted_at = timezone.now()
    revision.submitted_by = user
    revision.save(update_fields=["status", "submitted_at", "submitted_by"])
    _log(obj=obj, user=user, message=_("Changes submitted for review."))
    for recipient in reviewers(organisation_id=owning_organisation_id(obj)):
        if recipient.pk != user.pk:
            review_email_queue(
                kind="submitted", obj=obj, recipient=recipient, actor=user, changes=True
            )
    return revision


@transaction.atomic
def revision_return(*, revision_id: int, user, comment: str = "") -> Revision:
    """Back to draft: the submitter withdraws the change, or a reviewer sends it back with a
    comment (required), which is e-mailed to the submitter."""
    comment = comment.strip()
    revision, obj = _locked(revision_id)
    submitter = revision.submitted_by
    if revision.status != RevisionStatus.IN_REVIEW:
        raise WorkflowError(_("These changes are not waiting for review."))
    reviewer = may_publish(user=user, obj=obj)
    if not reviewer and _level(user, obj) < Level.EDITOR:
        raise WorkflowError(_("You may not change this entry."))
    sending_back = reviewer and (submitter is None or submitter.pk != user.pk)
    if sending_back and not comment:
        raise WorkflowError(
            _("Say what should change: the changes go back to their submitter with a comment.")
        )
    revision.status = RevisionStatus.DRAFT
    revision.save(update_fields=["status"])
    message = _("Changes sent back to draft.") if sending_back else _("Changes withdrawn.")
    _log(obj=obj, user=user, message=message + (f" {comment}" if comment else ""))
    if sending_back and submitter is not None and submitter.is_active and submitter.email:
        review_email_queue(
            kind="sent_back",
            obj=obj,
            recipient=submitter,
            actor=user,
            comment=comment,
            changes=True,
        )
    return revision


@transaction.atomic
def revision_publish(*, revision_id: int, user, comment: str = ""):
    """Make a pending change public: the entry takes its values (through the app's own
    service, so search, facets and cached pages follow at once), the result is kept as a
    version, the change is closed and its submitter told. Publishing the same change twice
    (two reviewers at once) publishes it once: the second gets a WorkflowError."""
    revision, obj = _locked(revision_id)
    if not may_publish(user=user, obj=obj):
        raise WorkflowError(_("Only reviewers publish changes to this entry."))
    data = revision.version.data
    revision_check(obj=obj, data=data)
    values, relations = snapshot_values(type(obj), data)
    reviewed(obj).apply(obj, values, relations, user)
    obj.refresh_from_db()
    version_record(obj=obj, kind=VersionKind.PUBLISHED, user=user)
    submitter = revision.submitted_by
    revision.delete()
    _log(obj=obj, user=user, message=_("Changes published.") + (f" {comment}" if comment else ""))
    if (
        submitter is not None
        and submitter.pk != user.pk
        and submitter.is_active
        and submitter.email
    ):
        review_email_queue(
            kind="published",
            obj=obj,
            recipient=submitter,
            actor=user,
            comment=comment.strip(),
            changes=True,
        )
    return obj


@transaction.atomic
def revision_discard(*, revision_id: int, user) -> None:
    """Drop a pending change that is not waiting for review (its versions stay)."""
    revision, obj = _locked(revision_id)
    if _level(user, obj) < Level.EDITOR:
        raise WorkflowError(_("You may not change this entry."))
    if revision.status != RevisionStatus.DRAFT:
        raise WorkflowError(
            _("Changes waiting for review are withdrawn before they are discarded.")
        )
    revision.delete()
    _log(obj=obj, user=user, message=_("Pending changes discarded."))


@transaction.atomic
def version_restore(*, version: Version, user):
    """Bring back an earlier version: a public entry gets it as its pending change (in draft,
    to be reviewed like any change); an entry nobody sees takes its values at once. Returns the
    pending change, or None when the entry itself changed."""
    model = version.content_type.model_class()
    obj = model._default_manager.select_for_update().get(pk=version.object_id)
    if _level(user, obj) < Level.EDITOR:
        raise WorkflowError(_("You may not change this entry."))
    when = formats.date_format(timezone.localtime(version.created_at), "DATETIME_FORMAT")
    if is_public(obj) or revision_of(obj) is not None:
        revision = revision_of(obj, lock=True)
        if revision is not None and revision.status == RevisionStatus.IN_REVIEW:
            raise WorkflowError(
                _("Changes are waiting for review: withdraw them before restoring a version.")
            )
        revision = revision_save(obj=obj, data=version.data, user=user, kind=VersionKind.RESTORED)
        _log(
            obj=obj,
            user=user,
            message=_("Version of %(when)s restored as pending changes.") % {"when": when},
        )
        return revision
    values, relations = snapshot_values(model, version.data)
    revision_check(obj=obj, data=version.data)
    reviewed(obj).apply(obj, values, relations, user)
    obj.refresh_from_db()
    version_record(obj=obj, kind=VersionKind.RESTORED, user=user)
    _log(obj=obj, user=user, message=_("Version of %(when)s restored.") % {"when": when})
    return None
