import pytest
from django.contrib.auth.models import Group

from partners.models import MembershipRole
from partners.roles import Role
from tests.partners.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name_en="Alpha Agency", slug="alpha-agency")


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name_en="Bravo Bureau", slug="bravo-bureau")


@pytest.fixture
def editor_a(org_a):
    return MembershipFactory(
        organisation=org_a, role=MembershipRole.EDITOR, user__username="editor-a"
    ).user


@pytest.fixture
def manager_a(org_a):
    return MembershipFactory(
        organisation=org_a, role=MembershipRole.MANAGER, user__username="manager-a"
    ).user


@pytest.fixture
def manager_b(org_b):
    return MembershipFactory(
        organisation=org_b, role=MembershipRole.MANAGER, user__username="manager-b"
    ).user


@pytest.fixture
def portal_editor(db):
    user = UserFactory(username="portal-editor", is_staff=True)
    user.groups.add(Group.objects.get(name=Role.PORTAL_EDITOR))
    return user
