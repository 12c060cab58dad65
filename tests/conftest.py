"""Fixtures shared by the whole suite: the active language, throwaway files, two partner
organisations with their staff, a portal editor, and the settings of the public forms."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from partners.models import MembershipRole
from partners.roles import Role
from tests.partners.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _reset_language():
    """Every test starts, and leaves, with the default language active."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Files the portal writes (uploads, calendar files of queued e-mails) go to a throwaway
    folder of the test, never to the checkout, which other test runs may share."""
    settings.MEDIA_ROOT = tmp_path / "media"


# --- Two partner organisations, their staff and a portal editor ------------------------------


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


@pytest.fixture
def client_a(client, manager_a):
    """The test client, logged in as a manager of organisation A."""
    client.force_login(manager_a)
    return client


@pytest.fixture
def client_portal(client, portal_editor):
    """The test client, logged in as a portal editor."""
    client.force_login(portal_editor)
    return client


# --- The public forms (used autouse by the events and security tests) ------------------------


@pytest.fixture
def no_minimum_fill_time(settings):
    """Forms sent at once are accepted (the real minimum keeps out bots)."""
    settings.EVENTS_FORM_MIN_SECONDS = 0


@pytest.fixture
def empty_cache(db):
    """The shared cache (rate limits, facet counts) is empty before and after the test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
