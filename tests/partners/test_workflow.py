"""Each role makes exactly the transitions it may; the history shows every transition."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from core.workflow import Status, WorkflowError
from partners.services import workflow_transition

pytestmark = pytest.mark.django_db

D, R, P, A = Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED, Status.ARCHIVED
ALL_PAIRS = [(s, t) for s in Status.values for t in Status.values if s != t]
# Publishing, archiving and unpublishing are editorial decisions: portal editors make them,
# and the managers of an organisation a portal editor marked as trusted.
ALLOWED = {
    "editor": {(D, R), (R, D)},
    "manager": {(D, R), (R, D), (A, D)},
    "trusted_manager": {(D, R), (R, D), (R, P), (P, A), (P, D), (A, D)},
    "portal_editor": {(D, R), (R, D), (R, P), (P, A), (P, D), (A, D)},
    "outsider": set(),
}


@pytest.fixture
def users(editor_a, manager_a, manager_b, portal_editor):
    return {
        "editor": editor_a,
        "manager": manager_a,
        "trusted_manager": manager_a,  # of org_a, marked as trusted
        "portal_editor": portal_editor,
        "outsider": manager_b,  # a manager, but of another organisation
    }


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize(("source", "target"), ALL_PAIRS)
def test_transitions_by_role(users, org_a, role, source, target):
    org_a.status = source
    org_a.trusted = role == "trusted_manager"
    org_a.save()
    user = users[role]
    if (source, target) in ALLOWED[role]:
        workflow_transition(obj=org_a, to_status=target, user=user)
        org_a.refresh_from_db()
        assert org_a.status == target
        assert org_a.status_changed_by == user
        assert org_a.status_changed_at is not None
        entry = LogEntry.objects.get(object_id=str(org_a.pk), user=user)
        assert str(Status(target).label) in entry.get_change_message()
    else:
        with pytest.raises(WorkflowError):
            workflow_transition(obj=org_a, to_status=target, user=user)
        org_a.refresh_from_db()
        assert org_a.status == source
        assert not LogEntry.objects.filter(object_id=str(org_a.pk)).exists()


def test_first_publication_is_kept(org_a, portal_editor):
    org_a.status = Status.IN_REVIEW
    org_a.save()
    workflow_transition(obj=org_a, to_status=Status.PUBLISHED, user=portal_editor)
    first = org_a.first_published_at
    for target in (Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED):
        workflow_transition(obj=org_a, to_status=target, user=portal_editor)
    org_a.refresh_from_db()
    assert org_a.first_published_at == first


def test_stale_object_cannot_skip_the_current_status(org_a, manager_a):
    org_a.status = Status.IN_REVIEW
    org_a.save()
    stale = type(org_a).objects.get(pk=org_a.pk)
    workflow_transition(obj=org_a, to_status=Status.DRAFT, user=manager_a)
    with pytest.raises(WorkflowError):
        workflow_transition(obj=stale, to_status=Status.PUBLISHED, user=manager_a)
    org_a.refresh_from_db()
    assert org_a.status == Status.DRAFT


def test_editor_submits_with_the_change_form_button(client, editor_a, org_a):
    org_a.status = Status.DRAFT
    org_a.save()
    client.force_login(editor_a)
    url = reverse("admin:partners_organisation_change", args=[org_a.pk])
    page = client.get(url).content.decode()
    assert 'name="_workflow" value="in_review"' in page
    assert 'value="published"' not in page
    response = client.post(
        url,
        {
            "name_en": "Alpha Agency",
            "country": "DE",
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
            "_workflow": "in_review",
        },
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.status == Status.IN_REVIEW
    history = client.get(reverse("admin:partners_organisation_history", args=[org_a.pk]))
    assert "In review" in history.content.decode()


def test_editor_is_not_offered_the_publish_action(client, editor_a, org_a):
    client.force_login(editor_a)
    response = client.get(reverse("admin:partners_organisation_changelist"))
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "workflow_to_in_review" in actions
    assert "workflow_to_published" not in actions


@pytest.mark.parametrize("trusted", [True, False], ids=["trusted", "not-trusted"])
def test_manager_publishes_with_the_admin_action_only_when_trusted(
    client, manager_a, org_a, org_b, trusted
):
    for organisation in (org_a, org_b):
        organisation.status = Status.IN_REVIEW
        organisation.trusted = trusted
        organisation.save()
    client.force_login(manager_a)
    changelist = reverse("admin:partners_organisation_changelist")
    offered = client.get(changelist).context["action_form"].fields["action"].choices
    assert ("workflow_to_published" in dict(offered)) == trusted
    client.post(
        changelist,
        {"action": "workflow_to_published", ACTION_CHECKBOX_NAME: [org_a.pk, org_b.pk]},
    )
    org_a.refresh_from_db()
    org_b.refresh_from_db()
    assert org_a.status == (Status.PUBLISHED if trusted else Status.IN_REVIEW)
    assert org_b.status == Status.IN_REVIEW  # another organisation's, trusted or not


def test_status_cannot_be_set_through_the_form(client, editor_a, org_a):
    org_a.status = Status.DRAFT
    org_a.save()
    client.force_login(editor_a)
    client.post(
        reverse("admin:partners_organisation_change", args=[org_a.pk]),
        {
            "name_en": "Alpha Agency",
            "country": "DE",
            "status": "published",
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
        },
    )
    org_a.refresh_from_db()
    assert org_a.status == Status.DRAFT
