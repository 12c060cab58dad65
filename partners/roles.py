"""Who may do what: portal editors, and partner staff through their memberships.

Roles are Django groups. Their model permissions are declared by each app on its AppConfig as
`role_permissions = {Role.PARTNER_EDITOR: (...), ...}` ("app_label.codename", or
"app_label.*" for all permissions of the app); `partners.services.roles_setup` collects them from
every installed app. A partner manager's group gets the partner editor's permissions as well.

Which organisation's entries partner staff may touch is not a model permission: it follows from
their `Membership` rows and is applied by `partners.admin_mixins.PartnerScopedAdminMixin`. The
groups only open the admin's doors: for an entry, what a person may do follows from their role
*in the organisation that owns it* (`user_may`). A manager of one organisation who is an editor
of another has a manager's rights for the first and an editor's for the second.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet

from core.workflow import Level


class Role(models.TextChoices):
    """The groups of the portal; the values are the group names."""

    PORTAL_EDITOR = "Portal editor"
    PARTNER_MANAGER = "Partner manager"
    PARTNER_EDITOR = "Partner editor"


_MEMBERSHIPS_CACHE = "_partners_memberships"
_PORTAL_EDITOR_CACHE = "_partners_is_portal_editor"


def is_portal_editor(user) -> bool:
    """Portal editors (and superusers) see and change the entries of every organisation."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, _PORTAL_EDITOR_CACHE, None)
    if cached is None:
        cached = user.groups.filter(name=Role.PORTAL_EDITOR).exists()
        setattr(user, _PORTAL_EDITOR_CACHE, cached)
    return cached


def user_memberships(user) -> dict[int, str]:
    """Organisation id → membership role of an active user (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, _MEMBERSHIPS_CACHE, None)
    if cached is None:
        from partners.models import Membership

        cached = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        setattr(user, _MEMBERSHIPS_CACHE, cached)
    return cached


def user_roles_forget(user) -> None:
    """Drop the cached roles after memberships or groups of this user object changed."""
    for attribute in (_MEMBERSHIPS_CACHE, _PORTAL_EDITOR_CACHE):
        if hasattr(user, attribute):
            delattr(user, attribute)


def _membership_level(role: str) -> Level:
    from partners.models import MembershipRole

    return Level.MANAGER if role == MembershipRole.MANAGER else Level.EDITOR


def user_level(user, organisation_id: int | None) -> Level:
    """What the user may do with the entries of one organisation."""
    if is_portal_editor(user):
        return Level.PORTAL_EDITOR
    if organisation_id is None:
        return Level.NONE
    role = user_memberships(user).get(organisation_id)
    return Level.NONE if role is None else _membership_level(role)


def organisation_trusted(organisation_id: int | None) -> bool:
    """Has a portal editor marked the organisation as trusted (its managers publish)?"""
    if organisation_id is None:
        return False
    from partners.models import Organisation

    return Organisation.objects.filter(pk=organisation_id, trusted=True).exists()


def trusted_organisation_ids(organisation_ids: Iterable[int]) -> set[int]:
    """Those of the organisations that a portal editor has marked as trusted (one query)."""
    from partners.models import Organisation

    return set(
        Organisation.objects.filter(pk__in=list(organisation_ids), trusted=True).values_list(
            "pk", flat=True
        )
    )


def user_organisation_ids(user, *, min_level: int = Level.EDITOR) -> set[int] | None:
    """Ids of the organisations whose entries the user may work on at `min_level` or above.

    None means "every organisation" (portal editors).
    """
    if is_portal_editor(user):
        return None
    return {
        organisation_id
        for organisation_id, role in user_memberships(user).items()
        if _membership_level(role) >= min_level
    }


def organisation_lookup_of(model) -> str | None:
    """The path from a model to its owning organisation, None for data nobody owns."""
    return getattr(model, "organisation_lookup", None)


def organisation_q(lookup: str, organisation_ids: Iterable[int]) -> Q:
    return Q(**{f"{lookup}__in": list(organisation_ids)})


def owning_organisation_id(obj, lookup: str | None = None) -> int | None:
    """Follow `organisation_lookup` ("pk", "organisation", "event__organiser", …) on an object."""
    lookup = lookup or organisation_lookup_of(type(obj))
    if lookup is None:
        return None
    if lookup == "pk":
        return obj.pk
    *path, last = lookup.split("__")
    target = obj
    for part in path:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, target._meta.get_field(last).attname)


def scope_queryset(queryset: QuerySet, user, *, min_level: int = Level.EDITOR) -> QuerySet:
    """Restrict a queryset of partner-owned data to the user's organisations."""
    lookup = organisation_lookup_of(queryset.model)
    if lookup is None:
        return queryset
    ids = user_organisation_ids(user, min_level=min_level)
    if ids is None:
        return queryset
    return queryset.filter(organisation_q(lookup, ids))


def declared_role_permissions() -> dict[str, set[str]]:
    """Role → "app_label.codename" (or "app_label.*") collected from every app config."""
    declared: dict[str, set[str]] = {role.value: set() for role in Role}
    for config in apps.get_app_configs():
        for role, permissions in getattr(config, "role_permissions", {}).items():
            declared[Role(role).value].update(permissions)
    declared[Role.PARTNER_MANAGER.value] |= declared[Role.PARTNER_EDITOR.value]
    return declared


@functools.cache
def permission_level(permission: str) -> Level | None:
    """The lowest membership level whose role grants a model permission ("app.codename").

    None when no partner role has it: only portal editors (and superusers) do.
    """
    app_label = permission.split(".", 1)[0]
    declared = declared_role_permissions()
    for role, level in ((Role.PARTNER_EDITOR, Level.EDITOR), (Role.PARTNER_MANAGER, Level.MANAGER)):
        granted = declared[role.value]
        if permission in granted or f"{app_label}.*" in granted:
            return level
    return None


def user_may(user, permission: str, organisation_id: int | None) -> bool:
    """May the user use a model permission on an entry of this organisation?

    Portal editors follow their group's permissions everywhere; partner staff need the role
    that grants the permission in the organisation that owns the entry.
    """
    if is_portal_editor(user):
        return user.has_perm(permission)
    required = permission_level(permission)
    if required is None or organisation_id is None:
        return False
    return user_level(user, organisation_id) >= required


def user_permitted_organisation_ids(user, permission: str) -> set[int] | None:
    """Organisations in whose entries the user may use a permission; None means all."""
    if is_portal_editor(user):
        return None if user.has_perm(permission) else set()
    required = permission_level(permission)
    if required is None:
        return set()
    return user_organisation_ids(user, min_level=required)
