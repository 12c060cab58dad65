"""Writes of the partners app: role groups, memberships and workflow transitions."""

from __future__ import annotations

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import (
    TRANSITIONS,
    Level,
    Status,
    WorkflowError,
    status_label,
    transition_find,
)
from partners.models import Membership, MembershipRole, Organisation
from partners.reviewmail import review_email_queue, review_step_notify, reviewers
from partners.roles import (
    Role,
    declared_role_permissions,
    organisation_trusted,
    owning_organisation_id,
    user_level,
    user_roles_forget,
)

# --- Roles ------------------------------------------------------------------------------------


def roles_setup(*, using: str = "default") -> dict[str, list[str]]:
    """Create the role groups and give them exactly their declared permissions (idempotent).

    Returns the declared permissions that do not exist (yet), per role.
    """
    missing: dict[str, list[str]] = {}
    all_permissions = Permission.objects.using(using).select_related("content_type")
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in all_permissions}
    for role, declared in declared_role_permissions().items():
        wanted: set[Permission] = set()
        for name in sorted(declared):
            app_label, codename = name.split(".", 1)
            if codename == "*":
                wanted |= {p for key, p in by_name.items() if key.startswith(f"{app_label}.")}
            elif name in by_name:
                wanted.add(by_name[name])
            else:
                missing.setdefault(role, []).append(name)
        group, _created = Group.objects.using(using).get_or_create(name=role)
        current = set(group.permissions.all())
        if current != wanted:
            group.permissions.set(wanted)
    return missing


def user_groups_sync(*, user) -> None:
    """Put a user into the partner groups that match their memberships, and let them log in."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    editor = Group.objects.get(name=Role.PARTNER_EDITOR)
    manager = Group.objects.get(name=Role.PARTNER_MANAGER)
    if roles:
        user.groups.add(editor)
    else:
        user.groups.remove(editor)
    if MembershipRole.MANAGER in roles:
        user.groups.add(manager)
    else:
        user.groups.remove(manager)
    is_portal_editor = user.is_superuser or user.groups.filter(name=Role.PORTAL_EDITOR).exists()
    staff = bool(roles) or is_portal_editor
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    user_roles_forget(user)


@transaction.atomic
def membership_add(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
) -> tuple[Membership, bool]:
    """Give a person (found or created by e-mail address) a role in an organisation.

    Returns the membership and whether a new user account was created; a new account has no
    usable password until its owner sets one through the password reset link.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    created = user is None
    if created:
        user = User(
            username=email.lower(),
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
        )
        user.set_unusable_password()
        user.save()
    membership, _new = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    user_groups_sync(user=user)
    return membership, created


@transaction.atomic
def membership_role_set(*, membership: Membership, role: str) -> Membership:
    membership.role = role
    membership.save(update_fields=["role"])
    user_groups_sync(user=membership.user)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    user = membership.user
    membership.delete()
    user_groups_sync(user=user)


# --- Workflow ---------------------------------------------------------------------------------


@transaction.atomic
def workflow_transition(*, obj, to_status: str, user, comment: str = ""):
    """Move an entry to another status if this user may; record who, when, and log it.

    The entry is a `WorkflowModel` or has the same status fields and its own
    `workflow_transitions` (events). Raises WorkflowError when the transition does not exist,
    the user's role for the owning organisation does not allow it (editorial transitions need a
    portal editor, or a partner manager of a trusted organisation), or the entry changed
    status meanwhile.

    A reviewer who sends an entry in review back to draft says why in `comment` (required: the
    submitter reads it); the submitter withdrawing their own entry needs none. The e-mails the
    step causes are queued in the same transaction (partners.reviewmail).
    """
    comment = comment.strip()
    model = type(obj)
    locked = model._default_manager.select_for_update().get(pk=obj.pk)
    transition = transition_find(
        source=locked.status,
        target=to_status,
        transitions=getattr(model, "workflow_transitions", TRANSITIONS),
    )
    if transition is None:
        raise WorkflowError(
            _("“%(object)s” cannot go from %(source)s to %(target)s.")
            % {
                "object": locked,
                "source": status_label(model, locked.status),
                "target": status_label(model, to_status),
            }
        )
    organisation_id = owning_organisation_id(locked)
    required = transition.required_level(trusted=organisation_trusted(organisation_id))
    if user_level(user, organisation_id) < required:
        raise WorkflowError(
            _("You may not “%(action)s” for “%(object)s”.")
            % {"action": transition.label, "object": locked}
        )
    submitter = locked.status_changed_by if locked.status == Status.IN_REVIEW else None
    sending_back = (
        transition.source == Status.IN_REVIEW
        and transition.target == Status.DRAFT
        and submitter is not None
        and submitter.pk != user.pk
    )
    if sending_back and not comment:
        raise WorkflowError(
            _("Say what should change: “%(object)s” goes back to its submitter with a comment.")
            % {"object": locked}
        )
    now = timezone.now()
    changes = {"status": to_status, "status_changed_at": now, "status_changed_by": user}
    if transition.target == Status.PUBLISHED and locked.first_published_at is None:
        changes["first_published_at"] = now
    model._default_manager.filter(pk=locked.pk).update(**changes)
    for field, value in changes.items():
        setattr(obj, field, value)
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=_("Status: %(source)s → %(target)s (%(action)s).")
        % {
            "source": status_label(model, transition.source),
            "target": status_label(model, transition.target),
            "action": transition.label,
        }
        + (f" {comment}" if comment else ""),
        single_object=True,
    )
    review_step_notify(
        obj=obj,
        source=transition.source,
        target=transition.target,
        actor=user,
        submitter=submitter,
        organisation_id=organisation_id,
        comment=comment,
    )
    return obj


@transaction.atomic
def archive_request(*, obj, user, comment: str = "") -> int:
    """Partner staff ask the reviewers to archive a published entry (they never delete one):
    recorded in the entry's history and e-mailed to the reviewers. Returns how many were told.

    Raises WorkflowError when the entry is not published or the user has no role for it.
    """
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    organisation_id = owning_organisation_id(locked)
    if locked.status != Status.PUBLISHED or user_level(user, organisation_id) < Level.EDITOR:
        raise WorkflowError(
            _("Only a published entry of your organisation can be proposed for archiving.")
        )
    comment = comment.strip()
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[locked],
        action_flag=CHANGE,
        change_message=_("Archiving requested.") + (f" {comment}" if comment else ""),
        single_object=True,
    )
    recipients = [
        person for person in reviewers(organisation_id=organisation_id) if person.pk != user.pk
    ]
    for recipient in recipients:
        review_email_queue(
            kind="archive_requested", obj=locked, recipient=recipient, actor=user, comment=comment
        )
    return len(recipients)
