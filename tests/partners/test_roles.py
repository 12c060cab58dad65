"""Role groups, memberships and demo content."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from core.workflow import Level
from partners.models import Membership, Organisation, Project, Region
from partners.roles import Role, is_portal_editor, user_organisation_ids
from partners.services import membership_add, membership_remove, roles_setup

pytestmark = pytest.mark.django_db


def permissions(role):
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_a_fresh_database_has_the_role_groups():
    editor = permissions(Role.PARTNER_EDITOR)
    manager = permissions(Role.PARTNER_MANAGER)
    portal = permissions(Role.PORTAL_EDITOR)
    assert "partners.change_organisation" in editor
    assert "partners.add_organisation" not in editor
    assert "partners.add_membership" not in editor
    assert editor < manager and "partners.add_membership" in manager
    assert {
        "partners.add_project",
        "partners.change_region",
        "partners.delete_organisation",
    } <= portal


def test_setup_roles_is_idempotent_and_repairs_groups():
    group = Group.objects.get(name=Role.PARTNER_EDITOR)
    group.permissions.clear()
    call_command("setup_roles", stdout=io.StringIO())
    first = permissions(Role.PARTNER_EDITOR)
    assert "partners.change_organisation" in first
    assert roles_setup() == {}
    assert permissions(Role.PARTNER_EDITOR) == first


def test_membership_add_creates_a_staff_account_without_password(org_a):
    membership, created = membership_add(
        organisation=org_a, email="New.Person@Example.org", role="manager"
    )
    user = membership.user
    assert created
    assert user.is_staff and not user.has_usable_password()
    assert {g.name for g in user.groups.all()} == {Role.PARTNER_EDITOR, Role.PARTNER_MANAGER}
    assert user_organisation_ids(user, min_level=Level.MANAGER) == {org_a.pk}
    membership_remove(membership=membership)
    user.refresh_from_db()
    assert not user.is_staff and not user.groups.exists()


def test_membership_add_reuses_an_existing_account(org_a, org_b, editor_a):
    membership, created = membership_add(organisation=org_b, email=editor_a.email, role="editor")
    assert not created and membership.user == editor_a
    assert Membership.objects.filter(user=editor_a).count() == 2


def test_manager_adds_a_colleague_in_the_admin(client, manager_a, org_a):
    client.force_login(manager_a)
    response = client.post(
        reverse("admin:partners_membership_add"),
        {"email": "colleague@example.org", "organisation": org_a.pk, "role": "editor"},
    )
    assert response.status_code == 302
    colleague = get_user_model().objects.get(email="colleague@example.org")
    assert colleague.is_staff
    assert org_a.memberships.filter(user=colleague, role="editor").exists()


def test_portal_editor_helper(portal_editor, editor_a):
    assert is_portal_editor(portal_editor)
    assert not is_portal_editor(editor_a)


def test_demo_content_loads_twice_without_changes(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    counts = (Organisation.objects.count(), Region.objects.count(), Project.objects.count())
    stamps = list(Organisation.objects.order_by("pk").values_list("updated_at", flat=True))
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (Organisation.objects.count(), Region.objects.count(), Project.objects.count())
    assert stamps == list(Organisation.objects.order_by("pk").values_list("updated_at", flat=True))
    next2met = Project.objects.get(slug="next2met")
    assert next2met.participations.count() == 7
    assert Region.objects.get(nuts_code="DE80").metropolises.filter(slug="szczecin").exists()
    for organisation in Organisation.objects.all():
        assert organisation.description_de and organisation.description_en
        assert organisation.description_pl
    witeno_editor = get_user_model().objects.get(username="witeno-editor")
    assert user_organisation_ids(witeno_editor) == {Organisation.objects.get(slug="witeno").pk}


def test_demo_content_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
