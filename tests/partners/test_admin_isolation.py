"""Partner staff of organisation A never reach organisation B's entries in the admin.

The matrix runs every check for every row of isolation_cases.SCOPED_ADMIN_CASES; a manager of A
is used because managers have the widest partner permissions.
"""

import csv
import io
import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from partners.models import MembershipRole
from tests.partners.factories import MembershipFactory, OrganisationFactory
from tests.partners.isolation_cases import SCOPED_ADMIN_CASES

pytestmark = pytest.mark.django_db

CASES = [pytest.param(case, id=case.id) for case in SCOPED_ADMIN_CASES]


def admin_url(obj, view: str, *args) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.fixture
def entries(org_a, org_b, manager_a, manager_b):
    """Per case: (entry of A, entry of B), created after both organisations' staff."""
    return {case.id: (case.make(org_a), case.make(org_b)) for case in SCOPED_ADMIN_CASES}


@pytest.fixture
def client_a(client, manager_a):
    client.force_login(manager_a)
    return client


@pytest.fixture
def client_portal(client, portal_editor):
    client.force_login(portal_editor)
    return client


@pytest.mark.parametrize("case", CASES)
def test_changelist_lists_only_own_entries(client_a, entries, case):
    own, other = entries[case.id]
    response = client_a.get(admin_url(own, "changelist"))
    assert response.status_code == 200
    listed = {obj.pk for obj in response.context["cl"].result_list}
    assert own.pk in listed
    assert other.pk not in listed
    assert str(other) not in response.content.decode()


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_pages_of_other_entries_are_not_found(client_a, entries, case, view):
    own, other = entries[case.id]
    # The own entry is found (deleting may still be refused for lack of permission).
    assert client_a.get(admin_url(own, view, own.pk)).status_code in (200, 403)
    response = client_a.get(admin_url(other, view, other.pk))
    assert response.status_code in (403, 404)
    assert str(other) not in response.content.decode()


@pytest.mark.parametrize("case", CASES)
def test_other_entries_cannot_be_changed(client_a, entries, case):
    own, other = entries[case.id]
    data = case.change_data(other)
    if not data:
        pytest.skip("no change form data for this row")
    response = client_a.post(admin_url(other, "change", other.pk), data)
    assert response.status_code in (403, 404)
    reloaded = case.model._default_manager.get(pk=other.pk)
    assert str(reloaded) == str(other)


@pytest.mark.parametrize("case", CASES)
def test_other_entries_cannot_be_deleted(client_a, entries, case):
    own, other = entries[case.id]
    response = client_a.post(admin_url(other, "delete", other.pk), {"post": "yes"})
    assert response.status_code in (403, 404)
    assert case.model._default_manager.filter(pk=other.pk).exists()


@pytest.mark.parametrize("case", CASES)
def test_bulk_delete_action_ignores_other_entries(client_a, entries, case):
    own, other = entries[case.id]
    client_a.post(
        admin_url(own, "changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [other.pk], "post": "yes"},
    )
    assert case.model._default_manager.filter(pk=other.pk).exists()


@pytest.mark.parametrize("case", [c for c in CASES if c.values[0].exportable])
def test_export_contains_only_own_entries(client_a, entries, case):
    own, other = entries[case.id]
    response = client_a.post(
        admin_url(own, "changelist"),
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [own.pk, other.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2  # header and the own entry only
    assert str(other) not in text


@pytest.mark.parametrize("case", CASES)
def test_choices_offer_only_own_entries(client_a, entries, case):
    own, other = entries[case.id]
    for app_label, model_name, field_name in case.choice_in:
        response = client_a.get(reverse(f"admin:{app_label}_{model_name}_add"))
        assert response.status_code == 200
        choices = response.context["adminform"].form.fields[field_name].queryset
        assert own in choices
        assert other not in choices


@pytest.mark.parametrize("case", CASES)
def test_autocomplete_finds_only_own_entries(client_a, entries, case):
    own, other = entries[case.id]
    for app_label, model_name, field_name in case.autocomplete_from:
        response = client_a.get(
            reverse("admin:autocomplete"),
            {"app_label": app_label, "model_name": model_name, "field_name": field_name},
        )
        if response.status_code == 403:
            continue  # no access at all is isolation too
        ids = {item["id"] for item in json.loads(response.content)["results"]}
        assert str(other.pk) not in ids


@pytest.mark.parametrize("case", CASES)
def test_list_filters_offer_only_own_entries(client_a, manager_a, entries, case):
    own, other = entries[case.id]
    # With a second organisation the filters have something to offer.
    second = OrganisationFactory(name_en="Alpha Second")
    MembershipFactory(user=manager_a, organisation=second, role=MembershipRole.MANAGER)
    case.make(second)
    for app_label, model_name, field_path in case.filter_in:
        response = client_a.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
        assert response.status_code == 200
        spec = next(s for s in response.context["cl"].filter_specs if s.field_path == field_path)
        offered = {str(pk) for pk, _label in spec.lookup_choices}
        assert str(own.pk) in offered
        assert str(other.pk) not in offered


@pytest.mark.parametrize("case", CASES)
def test_portal_editor_reaches_every_entry(client_portal, entries, case):
    own, other = entries[case.id]
    response = client_portal.get(admin_url(own, "changelist"))
    listed = {obj.pk for obj in response.context["cl"].result_list}
    assert {own.pk, other.pk} <= listed
    for view in ("change", "delete", "history"):
        assert client_portal.get(admin_url(other, view, other.pk)).status_code == 200
    for app_label, model_name, field_name in case.choice_in:
        form = (
            client_portal.get(reverse(f"admin:{app_label}_{model_name}_add"))
            .context["adminform"]
            .form
        )
        assert other in form.fields[field_name].queryset


def test_membership_for_another_organisation_cannot_be_added(client_a, org_b):
    response = client_a.post(
        reverse("admin:partners_membership_add"),
        {"email": "new.person@example.org", "organisation": org_b.pk, "role": "editor"},
    )
    assert response.status_code == 200  # the form again, with an error
    assert "organisation" in response.context["adminform"].form.errors
    assert not org_b.memberships.filter(user__email="new.person@example.org").exists()


def test_editor_cannot_manage_memberships(client, editor_a):
    client.force_login(editor_a)
    assert client.get(reverse("admin:partners_membership_changelist")).status_code == 403


def test_partner_staff_cannot_change_slug_or_kind(client, editor_a, org_a):
    client.force_login(editor_a)
    response = client.post(
        reverse("admin:partners_organisation_change", args=[org_a.pk]),
        {
            "name_en": "Alpha Agency renamed",
            "slug": "hijacked",
            "kind": "company",
            "country": "DE",
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.name_en == "Alpha Agency renamed"
    assert (org_a.slug, org_a.kind) == ("alpha-agency", "regional_authority")
