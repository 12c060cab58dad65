"""What a person may do with an entry follows their role in the organisation that owns it.

Every mix of roles in two organisations (none, editor, manager in each) is checked against every
partner-owned admin and every way to act on an entry: its pages, saving, deleting, bulk actions,
review steps, exports and "view on site". A manager of A who is an editor of B has a manager's
rights for A's entries and only an editor's for B's. Alpha is a trusted organisation, Bravo is
not: publishing is an editorial decision that only a trusted organisation's managers make
themselves, so every mix of roles meets both.
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.workflow import Status
from events.models import Event, EventStatus, Registration, RegistrationStatus
from measures.models import Measure
from partners.models import Membership, MembershipRole, Organisation
from reviews.services import revision_of
from tests.events.factories import EventFactory, RegistrationFactory
from tests.measures.factories import MeasureFactory
from tests.partners.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.partners.isolation_cases import RIGHTS, SCOPED_ADMIN_CASES

pytestmark = pytest.mark.django_db

EDITOR, MANAGER = MembershipRole.EDITOR, MembershipRole.MANAGER

MODELS = {
    "organisation": Organisation,
    "measure": Measure,
    "event": Event,
    "registration": Registration,
    "membership": Membership,
}
CASES = {case.id: case for case in SCOPED_ADMIN_CASES}
ROLE_MIXES = [
    mix for mix in itertools.product([None, EDITOR, MANAGER], repeat=2) if mix != (None, None)
]


TRUSTED = {"alpha"}


@dataclass
class Person:
    roles: dict[str, str | None]  # organisation slug → role

    def may(self, kind: str, owner: str, right: str) -> bool:
        role = self.roles[owner]
        if right == "publish" and owner not in TRUSTED:
            return False  # only portal editors publish for an organisation that is not trusted
        return role is not None and right in RIGHTS[kind][role]

    def refused(self, owner: str) -> int:
        """The answer for an entry the person may not act on: another organisation's entry
        is not found; in their own organisation their role lacks the permission."""
        return 404 if self.roles[owner] is None else 403


def _entries(organisation) -> dict:
    """One entry of every kind owned by the organisation (reviewable ones in review)."""
    event = EventFactory(
        organiser=organisation,
        title_en=f"Event of {organisation.slug}",
        status=EventStatus.IN_REVIEW,
    )
    return {
        "organisation": organisation,
        "measure": MeasureFactory(
            organisation=organisation,
            title_en=f"Measure of {organisation.slug}",
            status=Status.IN_REVIEW,
        ),
        "event": event,
        "registration": RegistrationFactory(
            event=event, last_name=f"of-{organisation.slug}", status=RegistrationStatus.PENDING
        ),
        "membership": MembershipFactory(
            organisation=organisation, user__username=f"colleague-at-{organisation.slug}"
        ),
    }


@pytest.fixture(params=ROLE_MIXES, ids=lambda mix: f"A-{mix[0]}_B-{mix[1]}")
def world(request, client):
    alpha = OrganisationFactory(
        slug="alpha", name_en="Alpha", status=Status.IN_REVIEW, trusted="alpha" in TRUSTED
    )
    bravo = OrganisationFactory(
        slug="bravo", name_en="Bravo", status=Status.IN_REVIEW, trusted="bravo" in TRUSTED
    )
    user = UserFactory(username="mixed-roles")
    roles = dict(zip(("alpha", "bravo"), request.param, strict=True))
    for organisation in (alpha, bravo):
        if roles[organisation.slug]:
            MembershipFactory(user=user, organisation=organisation, role=roles[organisation.slug])
    entries = {"alpha": _entries(alpha), "bravo": _entries(bravo)}
    client.force_login(user)
    return client, Person(roles), entries


def admin_url(obj, view: str, *args) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def _cases(entries):
    for owner, by_kind in entries.items():
        for kind, obj in by_kind.items():
            yield owner, kind, obj


def test_pages_of_an_entry_open_only_with_a_role_that_may_see_it(world):
    client, person, entries = world
    for owner, kind, obj in _cases(entries):
        for view in ("change", "history"):
            response = client.get(admin_url(obj, view, obj.pk))
            if person.may(kind, owner, "view"):
                assert response.status_code == 200, (owner, kind, view)
            else:
                assert response.status_code == person.refused(owner), (owner, kind, view)
                assert str(obj) not in response.content.decode()


def test_the_change_form_saves_only_with_a_role_that_may_change(world):
    client, person, entries = world
    for owner, kind, obj in _cases(entries):
        manager = MODELS[kind]._default_manager
        # Read again: the str() of a membership names its organisation, renamed above.
        before = str(manager.get(pk=obj.pk))
        response = client.post(admin_url(obj, "change", obj.pk), CASES[kind].change_data(obj))
        changed = str(manager.get(pk=obj.pk)) != before
        if person.may(kind, owner, "change"):
            assert response.status_code == 302, (owner, kind)
            assert changed, (owner, kind)
        else:
            assert response.status_code == person.refused(owner), (owner, kind)
            assert not changed, (owner, kind)


def test_a_published_entry_changes_at_once_only_for_who_may_publish_it(world):
    """On a public entry the same form saves at once for a manager of a trusted organisation,
    and as pending changes (the public entry unchanged) for everyone else who may change it."""
    client, person, entries = world
    for owner, kind, obj in _cases(entries):
        if kind not in ("organisation", "measure", "event"):
            continue
        model = MODELS[kind]
        model._default_manager.filter(pk=obj.pk).update(status=Status.PUBLISHED)
        obj.refresh_from_db()
        before = str(obj)
        response = client.post(admin_url(obj, "change", obj.pk), CASES[kind].change_data(obj))
        obj.refresh_from_db()
        pending = revision_of(obj)
        if not person.may(kind, owner, "change"):
            assert response.status_code == person.refused(owner), (owner, kind)
            assert (str(obj), pending) == (before, None), (owner, kind)
        elif person.may(kind, owner, "publish"):
            assert response.status_code == 302, (owner, kind)
            assert str(obj) != before and pending is None, (owner, kind)
        else:
            assert response.status_code == 302, (owner, kind)
            assert str(obj) == before, (owner, kind)
            assert pending is not None and pending.created_by.username == "mixed-roles"


def test_an_entry_is_deleted_only_with_a_role_that_may_delete_it(world):
    client, person, entries = world
    # Registrations first; then they are removed, as an event is deleted with its
    # registrations, which only portal editors may delete.
    order = ("registration", "membership", "measure", "event", "organisation")
    for kind in order:
        if kind == "event":
            Registration.objects.all().delete()
        for owner in ("alpha", "bravo"):
            obj = entries[owner][kind]
            model = MODELS[kind]
            if not model._default_manager.filter(pk=obj.pk).exists():
                continue
            response = client.post(admin_url(obj, "delete", obj.pk), {"post": "yes"})
            exists = model._default_manager.filter(pk=obj.pk).exists()
            if person.may(kind, owner, "delete"):
                assert response.status_code == 302, (owner, kind)
                assert not exists, (owner, kind)
            else:
                assert response.status_code == person.refused(owner), (owner, kind)
                assert exists, (owner, kind)


def test_bulk_delete_removes_only_entries_the_role_may_delete(world):
    client, person, entries = world
    for kind in ("membership", "measure", "event"):
        model = MODELS[kind]
        objs = [entries[owner][kind] for owner in ("alpha", "bravo")]
        if kind == "event":
            Registration.objects.filter(event__in=objs).delete()
        client.post(
            admin_url(objs[0], "changelist"),
            {
                "action": "delete_selected",
                ACTION_CHECKBOX_NAME: [obj.pk for obj in objs],
                "post": "yes",
            },
        )
        for owner, obj in zip(("alpha", "bravo"), objs, strict=True):
            exists = model._default_manager.filter(pk=obj.pk).exists()
            assert exists != person.may(kind, owner, "delete"), (owner, kind)


@pytest.mark.parametrize("kind", ["organisation", "measure", "event"])
def test_review_steps_follow_the_role_in_the_owning_organisation(world, kind):
    client, person, entries = world
    objs = [entries[owner][kind] for owner in ("alpha", "bravo")]
    client.post(
        admin_url(objs[0], "changelist"),
        {"action": "workflow_to_published", ACTION_CHECKBOX_NAME: [obj.pk for obj in objs]},
    )
    for owner, obj in zip(("alpha", "bravo"), objs, strict=True):
        obj.refresh_from_db()
        published = obj.status == Status.PUBLISHED
        assert published == person.may(kind, owner, "publish"), (owner, kind)


def test_change_actions_reach_only_entries_the_role_may_change(world):
    client, person, entries = world
    events = [entries[owner]["event"] for owner in ("alpha", "bravo")]
    # Only published events are cancelled.
    Event.objects.filter(pk__in=[event.pk for event in events]).update(status=EventStatus.PUBLISHED)
    client.post(
        admin_url(events[0], "changelist"),
        {"action": "cancel_events", ACTION_CHECKBOX_NAME: [event.pk for event in events]},
    )
    for owner, event in zip(("alpha", "bravo"), events, strict=True):
        event.refresh_from_db()
        cancelled = event.status == EventStatus.CANCELLED
        assert cancelled == person.may("event", owner, "change"), owner

    registrations = [entries[owner]["registration"] for owner in ("alpha", "bravo")]
    client.post(
        admin_url(registrations[0], "changelist"),
        {"action": "cancel_selected", ACTION_CHECKBOX_NAME: [r.pk for r in registrations]},
    )
    for owner, registration in zip(("alpha", "bravo"), registrations, strict=True):
        registration.refresh_from_db()
        cancelled = registration.status == RegistrationStatus.CANCELLED
        assert cancelled == person.may("registration", owner, "change"), owner


def test_exports_hold_only_entries_the_role_may_see(world):
    client, person, entries = world
    for kind in ("organisation", "measure", "registration", "membership"):
        objs = [entries[owner][kind] for owner in ("alpha", "bravo")]
        response = client.post(
            admin_url(objs[0], "changelist"),
            {"action": "export_csv", ACTION_CHECKBOX_NAME: [obj.pk for obj in objs]},
        )
        visible = sum(person.may(kind, owner, "view") for owner in ("alpha", "bravo"))
        if not visible:
            # No role that may see these entries anywhere: the whole list is refused.
            assert response.status_code == 403, kind
            continue
        assert response.status_code == 200, kind
        assert response["Content-Type"].startswith("text/csv"), kind
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
        assert len(rows) == visible, kind


def test_view_on_site_answers_only_for_entries_the_role_may_see(world):
    client, person, entries = world
    for owner, kind, obj in _cases(entries):
        if not hasattr(obj, "get_absolute_url"):
            continue
        content_type = ContentType.objects.get_for_model(obj)
        response = client.get(reverse("admin:view_on_site", args=[content_type.pk, obj.pk]))
        if person.may(kind, owner, "view"):
            assert response.status_code == 302, (owner, kind)
            assert response["Location"] == obj.get_absolute_url()
        else:
            assert response.status_code == 404, (owner, kind)
            assert obj.slug not in response.get("Location", ""), (owner, kind)
            assert obj.slug not in response.content.decode()


@pytest.mark.parametrize(
    ("model_name", "field"), [("measures_measure", "organisation"), ("events_event", "organiser")]
)
def test_a_person_with_one_organisation_finds_it_chosen_for_a_new_entry(client, model_name, field):
    alpha = OrganisationFactory(slug="alpha", name_en="Alpha")
    OrganisationFactory(slug="bravo", name_en="Bravo")
    user = MembershipFactory(organisation=alpha, role=EDITOR, user__username="single").user
    client.force_login(user)
    form = client.get(reverse(f"admin:{model_name}_add")).context["adminform"].form
    assert form.initial[field] == alpha.pk
    assert f'<option value="{alpha.pk}" selected>' in str(form[field])


def test_a_person_with_two_organisations_chooses_the_owner_themselves(client):
    alpha = OrganisationFactory(slug="alpha", name_en="Alpha")
    bravo = OrganisationFactory(slug="bravo", name_en="Bravo")
    user = MembershipFactory(organisation=alpha, role=EDITOR, user__username="double").user
    MembershipFactory(organisation=bravo, role=EDITOR, user=user)
    client.force_login(user)
    form = client.get(reverse("admin:measures_measure_add")).context["adminform"].form
    assert "organisation" not in form.initial


@pytest.mark.parametrize("trusted", [True, False], ids=["trusted", "not-trusted"])
def test_publishing_archiving_and_unpublishing_need_trust_or_a_portal_editor(
    client, portal_editor, trusted
):
    """The change form offers a partner manager the editorial steps only in a trusted
    organisation; a portal editor has them everywhere; the service refuses the rest."""
    from core.workflow import WorkflowError
    from partners.services import workflow_transition

    organisation = OrganisationFactory(slug="alpha", name_en="Alpha", trusted=trusted)
    manager = MembershipFactory(organisation=organisation, role=MANAGER).user
    measure = MeasureFactory(organisation=organisation, status=Status.IN_REVIEW)
    client.force_login(manager)
    buttons = client.get(admin_url(measure, "change", measure.pk)).context["workflow_transitions"]
    assert ("published" in {t.target for t in buttons}) == trusted
    if trusted:
        workflow_transition(obj=measure, to_status=Status.PUBLISHED, user=manager)
        workflow_transition(obj=measure, to_status=Status.ARCHIVED, user=manager)
        assert Measure.objects.get(pk=measure.pk).status == Status.ARCHIVED
    else:
        with pytest.raises(WorkflowError):
            workflow_transition(obj=measure, to_status=Status.PUBLISHED, user=manager)
        assert Measure.objects.get(pk=measure.pk).status == Status.IN_REVIEW
        # Returning it to draft stays the partner's own step.
        workflow_transition(obj=measure, to_status=Status.DRAFT, user=manager)
        workflow_transition(obj=measure, to_status=Status.IN_REVIEW, user=manager)
        workflow_transition(obj=measure, to_status=Status.PUBLISHED, user=portal_editor)
        assert Measure.objects.get(pk=measure.pk).status == Status.PUBLISHED
        with pytest.raises(WorkflowError):
            workflow_transition(obj=measure, to_status=Status.ARCHIVED, user=manager)


def test_partner_staff_never_delete_a_published_entry(client, portal_editor):
    """A measure that has been public is archived, not deleted: not from its page, not in bulk;
    a portal editor may still delete it."""
    organisation = OrganisationFactory(slug="alpha", name_en="Alpha", trusted=True)
    manager = MembershipFactory(organisation=organisation, role=MANAGER).user
    published = MeasureFactory(organisation=organisation, title_en="Public one")
    archived = MeasureFactory(
        organisation=organisation,
        title_en="Archived one",
        status=Status.ARCHIVED,
        first_published_at=published.first_published_at,
    )
    draft = MeasureFactory(organisation=organisation, title_en="Draft one", status=Status.DRAFT)
    client.force_login(manager)
    for measure in (published, archived):
        assert client.get(admin_url(measure, "delete", measure.pk)).status_code == 403
        response = client.post(admin_url(measure, "delete", measure.pk), {"post": "yes"})
        assert response.status_code == 403
    response = client.post(
        admin_url(published, "changelist"),
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: [published.pk, archived.pk, draft.pk],
            "post": "yes",
        },
        follow=True,
    )
    assert set(Measure.objects.values_list("pk", flat=True)) == {published.pk, archived.pk}
    assert "2 selected entries were left out: they have been published." in (
        response.content.decode()
    )
    client.force_login(portal_editor)
    response = client.post(admin_url(published, "delete", published.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Measure.objects.filter(pk=published.pk).exists()
