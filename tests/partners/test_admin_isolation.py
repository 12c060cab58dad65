"""Partner staff of organisation A never reach organisation B's entries in the admin.

The matrix runs every check for every row of isolation_cases.SCOPED_ADMIN_CASES (organisations,
memberships, measures, events, registrations, questions, series, matchmaking rules, meeting rooms,
slots and meetings; every admin of partner-owned data must have a row); a manager of A is used
because managers have the widest partner permissions. Another organisation's entry answers "not
found" on every page, whatever the role; the manager's own entries answer as the role allows.
Meetings are read-only for everybody, portal editors included.
"""

import csv
import io
import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from partners.models import MembershipRole
from reviews.services import revision_of, revision_publish
from tests.partners.factories import MembershipFactory, OrganisationFactory
from tests.partners.isolation_cases import PAGE_RIGHT, SCOPED_ADMIN_CASES

pytestmark = pytest.mark.django_db

CASES = [pytest.param(case, id=case.id) for case in SCOPED_ADMIN_CASES]
VIEWS = list(PAGE_RIGHT)


def _with_targets(attribute: str) -> list:
    """(case, target) for every target a row names in `attribute` (choices, filters, …)."""
    return [
        pytest.param(case, target, id=f"{case.id}-{'.'.join(target)}")
        for case in SCOPED_ADMIN_CASES
        for target in getattr(case, attribute)
    ]


def admin_url(obj, view: str, *args) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def exists(case, obj) -> bool:
    return case.model._default_manager.filter(pk=obj.pk).exists()


def test_every_admin_of_partner_owned_data_is_in_the_matrix():
    from django.contrib import admin

    from partners.roles import organisation_lookup_of

    scoped = {model for model in admin.site._registry if organisation_lookup_of(model)}
    assert scoped == {case.model for case in SCOPED_ADMIN_CASES}


@pytest.fixture
def entries(case, org_a, org_b, manager_a, manager_b):
    """(entry of A, entry of B) of the row's model, created after both organisations' staff."""
    return case.make(org_a), case.make(org_b)


@pytest.mark.parametrize("case", CASES)
def test_changelist_lists_only_own_entries(client_a, entries, case):
    own, other = entries
    response = client_a.get(admin_url(own, "changelist"))
    assert response.status_code == 200
    listed = {obj.pk for obj in response.context["cl"].result_list}
    assert own.pk in listed
    assert other.pk not in listed
    assert str(other) not in response.content.decode()


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("view", VIEWS)
def test_pages_of_own_entries_open_as_the_role_allows(client_a, entries, case, view):
    own, _other = entries
    response = client_a.get(admin_url(own, view, own.pk))
    if case.manager_may(PAGE_RIGHT[view]):
        assert response.status_code == 200
        assert str(own) in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("view", VIEWS)
def test_pages_of_other_entries_are_not_found(client_a, entries, case, view):
    _own, other = entries
    response = client_a.get(admin_url(other, view, other.pk))
    assert response.status_code == 404
    assert str(other) not in response.content.decode()


@pytest.mark.parametrize("case", CASES)
def test_other_entries_cannot_be_changed(client_a, entries, case):
    own, other = entries
    response = client_a.post(admin_url(other, "change", other.pk), case.change_data(other))
    assert response.status_code == 404
    reloaded = case.model._default_manager.get(pk=other.pk)
    assert str(reloaded) == str(other)
    # The same form saves the manager's own entry: the refusal above is not a bad form.
    # Entries nobody changes in the admin are refused to their owners too.
    response = client_a.post(admin_url(own, "change", own.pk), case.change_data(own))
    assert response.status_code == (403 if case.read_only else 302)


@pytest.mark.parametrize("case", CASES)
def test_other_entries_cannot_be_deleted(client_a, entries, case):
    _own, other = entries
    response = client_a.post(admin_url(other, "delete", other.pk), {"post": "yes"})
    assert response.status_code == 404
    assert exists(case, other)


@pytest.mark.parametrize("case", CASES)
def test_bulk_delete_action_removes_only_own_entries(client_a, entries, case):
    own, other = entries
    changelist = admin_url(own, "changelist")
    response = client_a.post(
        changelist,
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [own.pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert response["Location"] == changelist
    assert exists(case, other)
    assert exists(case, own) != case.manager_may("delete")


@pytest.mark.parametrize("case", [c for c in CASES if c.values[0].exportable])
def test_export_contains_only_own_entries(client_a, entries, case):
    own, other = entries
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


@pytest.mark.parametrize(("case", "target"), _with_targets("choice_in"))
def test_choices_offer_only_own_entries(client_a, entries, case, target):
    own, other = entries
    app_label, model_name, field_name = target
    response = client_a.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert response.status_code == 200
    choices = response.context["adminform"].form.fields[field_name].queryset
    assert own in choices
    assert other not in choices


@pytest.mark.parametrize(("case", "target"), _with_targets("autocomplete_from"))
def test_autocomplete_finds_only_own_entries(client_a, entries, case, target):
    own, other = entries
    app_label, model_name, field_name = target
    response = client_a.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 200
    ids = {item["id"] for item in json.loads(response.content)["results"]}
    assert str(own.pk) in ids
    assert str(other.pk) not in ids


@pytest.mark.parametrize(("case", "target"), _with_targets("filter_in"))
def test_list_filters_offer_only_own_entries(client_a, manager_a, entries, case, target):
    own, other = entries
    # With a second organisation the filters have something to offer.
    second = OrganisationFactory(name_en="Alpha Second")
    MembershipFactory(user=manager_a, organisation=second, role=MembershipRole.MANAGER)
    case.make(second)
    app_label, model_name, field_path = target
    response = client_a.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert response.status_code == 200
    spec = next(s for s in response.context["cl"].filter_specs if s.field_path == field_path)
    offered = {str(pk) for pk, _label in spec.lookup_choices}
    assert str(own.pk) in offered
    assert str(other.pk) not in offered


@pytest.mark.parametrize("case", CASES)
def test_portal_editor_reaches_every_entry(client_portal, entries, case):
    own, other = entries
    response = client_portal.get(admin_url(own, "changelist"))
    assert response.status_code == 200
    listed = {obj.pk for obj in response.context["cl"].result_list}
    assert {own.pk, other.pk} <= listed
    for view in VIEWS:
        expected = 403 if case.read_only and view == "delete" else 200
        assert client_portal.get(admin_url(other, view, other.pk)).status_code == expected


@pytest.mark.parametrize(("case", "target"), _with_targets("choice_in"))
def test_portal_editor_is_offered_every_entry(client_portal, entries, case, target):
    own, other = entries
    app_label, model_name, field_name = target
    response = client_portal.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert response.status_code == 200
    choices = response.context["adminform"].form.fields[field_name].queryset
    assert own in choices
    assert other in choices


def test_membership_for_another_organisation_cannot_be_added(client_a, org_b):
    response = client_a.post(
        reverse("admin:partners_membership_add"),
        {"email": "new.person@example.org", "organisation": org_b.pk, "role": "editor"},
    )
    assert response.status_code == 200  # the form again, with an error
    assert "organisation" in response.context["adminform"].form.errors
    assert not org_b.memberships.filter(user__email="new.person@example.org").exists()


def test_editor_cannot_manage_memberships(client, editor_a, org_a):
    """Editors lack the model permissions on memberships: every membership page is refused,
    also those of their own organisation's staff (which exist and are theirs to know)."""
    colleague = MembershipFactory(organisation=org_a, user__username="colleague-of-editor")
    client.force_login(editor_a)
    assert client.get(reverse("admin:partners_membership_changelist")).status_code == 403
    assert client.get(reverse("admin:partners_membership_add")).status_code == 403
    for view in VIEWS:
        response = client.get(admin_url(colleague, view, colleague.pk))
        assert response.status_code == 403, view


def test_partner_staff_cannot_change_slug_or_kind(client, editor_a, org_a, portal_editor):
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
    # The profile is public: the change waits for review, the slug and kind stay as they were.
    org_a.refresh_from_db()
    assert org_a.name_en == "Alpha Agency"
    revision = revision_of(org_a)
    assert revision.version.data["fields"]["name_en"] == "Alpha Agency renamed"
    assert revision.version.data["fields"]["slug"] == "alpha-agency"
    assert revision.version.data["fields"]["kind"] == "regional_authority"
    revision_publish(revision_id=revision.pk, user=portal_editor)
    org_a.refresh_from_db()
    assert org_a.name_en == "Alpha Agency renamed"
    assert (org_a.slug, org_a.kind) == ("alpha-agency", "regional_authority")
