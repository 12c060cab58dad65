"""The partners' admin isolation matrix, run for events and registrations.

The checks are those of tests/partners/test_admin_isolation.py; the rows below say how to make
an event or a registration owned by an organisation (a registration belongs to the organiser
of its event) and where they show up as choices and filters.
"""

import pytest

from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory
from tests.partners import test_admin_isolation as matrix
from tests.partners.isolation_cases import ScopedAdminCase

# The matrix's client fixtures, for the tests below.
from tests.partners.test_admin_isolation import client_a, client_portal  # noqa: F401

pytestmark = pytest.mark.django_db


def _make_event(organisation):
    return EventFactory(organiser=organisation, title_en=f"Event of {organisation.slug}")


def _make_registration(organisation):
    event = EventFactory(organiser=organisation, title_en=f"Meeting of {organisation.slug}")
    return RegistrationFactory(event=event, first_name="Guest", last_name=f"of-{organisation.slug}")


EVENT_CASES = [
    ScopedAdminCase(
        id="event",
        model=Event,
        make=_make_event,
        filter_in=(("events", "registration", "event"),),
        exportable=False,
        change_data=lambda obj: {"title_en": "Changed by someone else"},
    ),
    ScopedAdminCase(
        id="registration",
        model=Registration,
        make=_make_registration,
        change_data=lambda obj: {"first_name": "Changed", "last_name": "By someone else"},
    ),
]
CASES = [pytest.param(case, id=case.id) for case in EVENT_CASES]


@pytest.fixture
def entries(org_a, org_b, manager_a, manager_b):
    return {case.id: (case.make(org_a), case.make(org_b)) for case in EVENT_CASES}


@pytest.mark.parametrize("case", CASES)
def test_changelist_lists_only_own_entries(client_a, entries, case):  # noqa: F811
    matrix.test_changelist_lists_only_own_entries(client_a, entries, case)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_pages_of_other_entries_are_not_found(client_a, entries, case, view):  # noqa: F811
    matrix.test_pages_of_other_entries_are_not_found(client_a, entries, case, view)


@pytest.mark.parametrize("case", CASES)
def test_other_entries_cannot_be_changed(client_a, entries, case):  # noqa: F811
    matrix.test_other_entries_cannot_be_changed(client_a, entries, case)


@pytest.mark.parametrize("case", CASES)
def test_other_entries_cannot_be_deleted(client_a, entries, case):  # noqa: F811
    matrix.test_other_entries_cannot_be_deleted(client_a, entries, case)


@pytest.mark.parametrize("case", CASES)
def test_bulk_delete_action_ignores_other_entries(client_a, entries, case):  # noqa: F811
    matrix.test_bulk_delete_action_ignores_other_entries(client_a, entries, case)


@pytest.mark.parametrize("case", [c for c in CASES if c.values[0].exportable])
def test_export_contains_only_own_entries(client_a, entries, case):  # noqa: F811
    matrix.test_export_contains_only_own_entries(client_a, entries, case)


@pytest.mark.parametrize("case", CASES)
def test_list_filters_offer_only_own_entries(client_a, manager_a, entries, case):  # noqa: F811
    matrix.test_list_filters_offer_only_own_entries(client_a, manager_a, entries, case)


@pytest.mark.parametrize("case", CASES)
def test_portal_editor_reaches_every_entry(client_portal, entries, case):  # noqa: F811
    matrix.test_portal_editor_reaches_every_entry(client_portal, entries, case)
