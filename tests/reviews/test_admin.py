"""The review of changes in the admin: who changes a public entry at once and who through a
pending change, the change form of a pending change, stale forms, the versions and changes
pages, restoring, the e-mails of the steps, and the review queue."""

from typing import NamedTuple

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.workflow import Status
from events.models import Event
from measures.models import Measure
from partners.models import MembershipRole, Organisation
from reviews.models import Revision, RevisionStatus, Version, VersionKind
from reviews.services import revision_of, revision_publish, revision_save, revision_submit
from reviews.snapshots import snapshot
from tests.events.factories import EventFactory
from tests.events.mailbox import deliver
from tests.measures.factories import MeasureFactory
from tests.partners.factories import MembershipFactory
from tests.reviews.conftest import admin_url, form_errors, form_fields, open_form, post_form

pytestmark = pytest.mark.django_db


def versions(obj):
    return Version.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    )


# --- Who changes a public entry at once ------------------------------------------------------

TITLE = {"measure": "title_en", "organisation": "name_en", "event": "title_en"}
MODEL = {"measure": Measure, "organisation": Organisation, "event": Event}


def make_entry(kind: str, organisation, status: str):
    """An entry of `organisation` titled "Original title" in `status`."""
    if kind == "measure":
        return MeasureFactory(organisation=organisation, status=status, title_en="Original title")
    if kind == "event":
        return EventFactory(organiser=organisation, status=status, title_en="Original title")
    organisation.name_en = "Original title"
    organisation.status = status
    organisation.save()
    return organisation


@pytest.fixture
def editor_a_manager_b(org_a, org_b):
    """A person who is an editor in organisation A and a manager in organisation B."""
    user = MembershipFactory(
        organisation=org_a, role=MembershipRole.EDITOR, user__username="both"
    ).user
    MembershipFactory(organisation=org_b, role=MembershipRole.MANAGER, user=user)
    return user


class Role(NamedTuple):
    person: str  # fixture name
    owner: str  # whose entry they change: "a" or "b"
    trusted: frozenset  # the organisations marked as trusted
    published_save: str  # what their save of a published entry does: "pending" or "direct"


ROLES = {
    "partner-editor": Role("editor_a", "a", frozenset(), "pending"),
    "partner-manager": Role("manager_a", "a", frozenset(), "pending"),
    "manager-of-trusted-org": Role("manager_a", "a", frozenset("a"), "direct"),
    "portal-editor": Role("portal_editor", "a", frozenset(), "direct"),
    "editor-a-manager-b/entry-of-a": Role("editor_a_manager_b", "a", frozenset("b"), "pending"),
    "editor-a-manager-b/entry-of-trusted-b": Role(
        "editor_a_manager_b", "b", frozenset("b"), "direct"
    ),
}


@pytest.fixture
def actor(request, org_a, org_b):
    role = ROLES[request.param]
    organisations = {"a": org_a, "b": org_b}
    for key, organisation in organisations.items():
        organisation.trusted = key in role.trusted
        organisation.save()
    return request.getfixturevalue(role.person), organisations[role.owner], role.published_save


@pytest.mark.parametrize("actor", list(ROLES), indirect=True)
@pytest.mark.parametrize("kind", list(TITLE))
def test_a_save_of_a_published_entry(client, actor, kind):
    user, organisation, expected = actor
    entry = make_entry(kind, organisation, Status.PUBLISHED)
    client.force_login(user)
    field = TITLE[kind]

    response = post_form(client, entry, {field: "Changed title"})

    assert response.status_code == 302, form_errors(response)
    live = MODEL[kind].objects.get(pk=entry.pk)
    revision = revision_of(entry)
    if expected == "pending":
        assert getattr(live, field) == "Original title"
        assert revision is not None
        assert revision.status == RevisionStatus.DRAFT
        assert revision.version.data["fields"][field] == "Changed title"
        assert revision.version.created_by == user
    else:
        assert getattr(live, field) == "Changed title"
        assert revision is None
        newest = versions(entry).order_by("-created_at", "-pk").first()
        assert (newest.kind, newest.data["fields"][field]) == (
            VersionKind.PUBLISHED,
            "Changed title",
        )


# Those whose saves of a published entry wait for review, and a portal editor.
WAITING_ROLES = [
    "partner-editor",
    "partner-manager",
    "editor-a-manager-b/entry-of-a",
    "portal-editor",
]


@pytest.mark.parametrize("actor", WAITING_ROLES, indirect=True)
@pytest.mark.parametrize("kind", list(TITLE))
def test_a_save_of_a_draft_entry_is_direct(client, actor, kind):
    user, organisation, _expected = actor
    entry = make_entry(kind, organisation, Status.DRAFT)
    client.force_login(user)
    field = TITLE[kind]

    response = post_form(client, entry, {field: "Changed title"})

    assert response.status_code == 302, form_errors(response)
    assert getattr(MODEL[kind].objects.get(pk=entry.pk), field) == "Changed title"
    assert revision_of(entry) is None
    # The state before the first kept save, then the save itself, both as saved drafts.
    before, after = reversed(versions(entry))
    assert (before.kind, after.kind) == (VersionKind.SAVED, VersionKind.SAVED)
    assert before.data["fields"][field] != "Changed title"
    assert after.data["fields"][field] == "Changed title"


def test_moving_a_public_entry_to_an_organisation_one_may_publish_for_waits_for_review(
    client, editor_a_manager_b, measure, org_b
):
    """Whether a save waits is decided for the organisation that owns the entry, not only
    for the owner the form gives it."""
    org_b.trusted = True
    org_b.save()
    client.force_login(editor_a_manager_b)

    response = post_form(
        client, measure, {"title_en": "Changed without review", "organisation": str(org_b.pk)}
    )

    assert response.status_code == 302, form_errors(response)
    live = Measure.objects.get(pk=measure.pk)
    assert live.title_en == "Broadband for villages"
    assert live.organisation_id == measure.organisation_id
    assert revision_of(measure).version.data["fields"]["organisation"] == org_b.pk


def test_a_change_of_an_events_venue_alone_opens_no_pending_change(client, editor_a, event):
    """Fields that apply at once leave nothing to review: no empty pending change."""
    client.force_login(editor_a)
    response = post_form(client, event, {"venue_en": "New congress centre"})
    assert response.status_code == 302, form_errors(response)
    assert Event.objects.get(pk=event.pk).venue_en == "New congress centre"
    assert revision_of(event) is None


def test_the_form_says_a_public_entry_changes_through_review(client, editor_a, measure):
    client.force_login(editor_a)
    page = client.get(admin_url(measure)).content.decode()
    assert "When you save, your changes are kept as pending changes" in page
    assert 'name="_revision" value="submit"' in page


# --- The change form of a pending change -----------------------------------------------------


def test_the_form_shows_the_pending_values(client, editor_a, manager_a, measure, themes):
    client.force_login(editor_a)
    post_form(
        client,
        measure,
        {"title_en": "Fibre for villages", "title_pl": "Światłowód", "themes": [str(themes[2].pk)]},
    )
    client.force_login(manager_a)  # a colleague continues the change

    response = client.get(admin_url(measure))

    page = response.content.decode()
    shown = form_fields(page)
    assert shown["title_en"] == ["Fibre for villages"]
    assert shown["title_pl"] == ["Światłowód"]
    assert shown["themes"] == [str(themes[2].pk)]
    assert "Pending changes: Draft" in page
    assert "This form shows the pending changes." in page
    assert reverse("admin:measures_measure_changes", args=[measure.pk]) in page
    assert 'name="_revision" value="discard"' in page
    assert 'name="_revision" value="publish"' not in page
    # The entry itself still holds the published values.
    assert Measure.objects.get(pk=measure.pk).title_en == "Broadband for villages"


def test_a_continued_change_keeps_the_first_editors_values(client, editor_a, manager_a, measure):
    client.force_login(editor_a)
    post_form(client, measure, {"title_en": "Fibre for villages"})
    client.force_login(manager_a)
    post_form(client, measure, {"summary_en": "Fibre to every farm."})
    data = revision_of(measure).version.data["fields"]
    assert (data["title_en"], data["summary_en"]) == ("Fibre for villages", "Fibre to every farm.")
    assert Revision.objects.count() == 1


# --- Forms that started from an older state --------------------------------------------------


def test_a_form_opened_before_another_pending_save_is_refused(client, editor_a, manager_a, measure):
    client.force_login(editor_a)
    stale = open_form(client, measure)
    client.force_login(manager_a)
    post_form(client, measure, {"summary_en": "The manager's summary."})
    count = versions(measure).count()

    client.force_login(editor_a)
    response = post_form(client, measure, {"title_en": "The editor's title"}, form=stale)

    assert response.status_code == 200
    (error,) = form_errors(response)["non_field"]
    assert "saved other changes to this entry" in error
    assert "manager-a" in error
    # What the editor typed is still in the form, and nothing was saved.
    assert form_fields(response.content.decode())["title_en"] == ["The editor's title"]
    assert versions(measure).count() == count
    data = revision_of(measure).version.data["fields"]
    assert (data["title_en"], data["summary_en"]) == (
        "Broadband for villages",
        "The manager's summary.",
    )


def test_a_form_opened_before_a_direct_save_is_refused(client, editor_a, manager_a, org_a):
    draft = MeasureFactory(organisation=org_a, status=Status.DRAFT, title_en="Draft title")
    client.force_login(editor_a)
    stale = open_form(client, draft)
    client.force_login(manager_a)
    post_form(client, draft, {"summary_en": "The manager's summary."})

    client.force_login(editor_a)
    response = post_form(client, draft, {"title_en": "The editor's title"}, form=stale)

    assert response.status_code == 200
    assert "Someone saved this entry at" in form_errors(response)["non_field"][0]
    fresh = Measure.objects.get(pk=draft.pk)
    assert (fresh.title_en, fresh.summary_en) == ("Draft title", "The manager's summary.")


def test_a_post_without_a_token_is_not_checked(client, editor_a, manager_a, measure):
    client.force_login(editor_a)
    stale = open_form(client, measure)
    client.force_login(manager_a)
    post_form(client, measure, {"summary_en": "The manager's summary."})
    client.force_login(editor_a)
    response = post_form(
        client, measure, {"title_en": "The editor's title", "_review_token": None}, form=stale
    )
    assert response.status_code == 302
    assert revision_of(measure).version.data["fields"]["title_en"] == "The editor's title"


def test_the_form_shown_after_a_refused_save_is_still_refused(client, editor_a, manager_a, measure):
    """The page that says the form is out of date keeps the state it was opened on: sending
    it again does not overwrite the colleague's change."""
    client.force_login(editor_a)
    stale = open_form(client, measure)
    client.force_login(manager_a)
    post_form(client, measure, {"summary_en": "The manager's summary."})
    client.force_login(editor_a)
    refused = post_form(client, measure, {"title_en": "The editor's title"}, form=stale)
    assert refused.status_code == 200

    # The editor presses "Save" again on the page that says the form is out of date.
    again = post_form(client, measure, form=form_fields(refused.content.decode()))

    assert revision_of(measure).version.data["fields"]["summary_en"] == "The manager's summary."
    assert again.status_code == 200


def test_a_form_of_a_change_published_meanwhile_starts_a_new_change(
    client, editor_a, portal_editor, measure
):
    client.force_login(editor_a)
    post_form(client, measure, {"title_en": "Fibre for villages"})
    first = revision_of(measure)
    form = open_form(client, measure)  # opened on the pending change
    assert form["_review_token"] == [f"revision:{first.pk}:{first.version_id}"]
    revision_publish(revision_id=first.pk, user=portal_editor)

    response = post_form(client, measure, {"summary_en": "Now also a new summary."}, form=form)

    assert response.status_code == 302, form_errors(response)
    live = Measure.objects.get(pk=measure.pk)
    assert live.title_en == "Fibre for villages"
    assert live.summary_en == "A short summary of what was done."
    second = revision_of(measure)
    assert second is not None and second.pk != first.pk
    assert second.version.data["fields"]["title_en"] == "Fibre for villages"
    assert second.version.data["fields"]["summary_en"] == "Now also a new summary."


# --- Versions and changes pages --------------------------------------------------------------


@pytest.fixture
def pending(client, editor_a, measure):
    client.force_login(editor_a)
    post_form(client, measure, {"title_en": "Fibre for villages"})
    client.logout()
    return revision_of(measure)


@pytest.mark.parametrize("page", ["versions", "changes"])
def test_the_pages_of_an_entry_open_for_its_staff_only(
    client, editor_a, manager_b, portal_editor, measure, pending, page
):
    url = admin_url(measure, page)
    for user, status in ((editor_a, 200), (portal_editor, 200), (manager_b, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_the_changes_page_shows_the_old_and_the_new_title(client, editor_a, measure, pending):
    client.force_login(editor_a)
    response = client.get(admin_url(measure, "changes"))
    page = response.content.decode()
    assert response.context["comparison"].before == "published"
    assert response.context["comparison"].after == "pending"
    (row,) = response.context["comparison"].changes
    assert (row.label, row.language) == ("title", "en")
    assert "<del>Broadband</del>" in page and "<ins>Fibre</ins>" in page
    assert "for villages" in page


def test_the_changes_page_refuses_a_version_of_another_entry(client, editor_a, measure, pending):
    other = MeasureFactory(organisation=measure.organisation)
    changed = snapshot(other)
    changed["fields"]["title_en"] = "Another change"
    foreign = revision_save(obj=other, data=changed, user=editor_a).version
    client.force_login(editor_a)
    response = client.get(admin_url(measure, "changes"), {"a": "published", "b": foreign.pk})
    assert response.status_code == 404


def test_the_versions_page_lists_every_version(client, editor_a, measure, pending):
    client.force_login(editor_a)
    response = client.get(admin_url(measure, "versions"))
    assert [version.kind for version in response.context["versions"]] == [
        VersionKind.REVISION,
        VersionKind.PUBLISHED,
    ]
    assert "Pending change" in response.content.decode()


def test_restoring_a_version_of_a_public_entry_makes_a_pending_change(
    client, editor_a, portal_editor, measure, pending
):
    revision_submit(revision_id=pending.pk, user=editor_a)
    revision_publish(revision_id=pending.pk, user=portal_editor)
    old = versions(measure).order_by("created_at", "pk").first()
    client.force_login(editor_a)

    response = client.post(admin_url(measure, "version_restore", old.pk), follow=True)

    assert response.redirect_chain[-1][0] == admin_url(measure)
    assert "The version is restored as pending changes" in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).title_en == "Fibre for villages"
    restored = revision_of(measure)
    assert restored.version.kind == VersionKind.RESTORED
    assert restored.version.data["fields"]["title_en"] == "Broadband for villages"
    assert form_fields(response.content.decode())["title_en"] == ["Broadband for villages"]


def test_restoring_is_refused_to_other_organisations_and_to_get(
    client, editor_a, manager_b, measure, pending
):
    version = versions(measure).first()
    client.force_login(manager_b)
    assert client.post(admin_url(measure, "version_restore", version.pk)).status_code == 404
    client.force_login(editor_a)
    assert client.get(admin_url(measure, "version_restore", version.pk)).status_code == 405
    assert revision_of(measure).version_id == pending.version_id


# --- E-mails of the steps --------------------------------------------------------------------


def test_submitting_from_the_form_mails_the_reviewers_in_their_language(
    client, editor_a, reviewers, measure
):
    client.force_login(editor_a)
    response = post_form(client, measure, {"title_en": "Fibre for villages", "_revision": "submit"})
    assert response.status_code == 302
    assert revision_of(measure).status == RevisionStatus.IN_REVIEW

    sent = {message.to[0]: message for message in deliver()}

    assert set(sent) == {"jens@example.org", "ewa@example.org"}
    german, polish = sent["jens@example.org"], sent["ewa@example.org"]
    assert german.subject == "Wartet auf Ihre Prüfung: Breitband für Dörfer"
    assert polish.subject.startswith("Czeka na Twoją recenzję:")
    assert f"/de/admin/measures/measure/{measure.pk}/changes/" in german.body
    assert f"/pl/admin/measures/measure/{measure.pk}/changes/" in polish.body


def _submitted(client, editor_a, measure):
    client.force_login(editor_a)
    post_form(client, measure, {"title_en": "Fibre for villages", "_revision": "submit"})
    deliver()


def test_publishing_from_the_form_mails_the_submitter_with_the_comment(
    client, editor_a, reviewers, measure
):
    _submitted(client, editor_a, measure)
    client.force_login(reviewers["jens"])
    response = post_form(
        client, measure, {"_revision": "publish", "_workflow_comment": "Thanks, well done."}
    )
    assert response.status_code == 302
    assert Measure.objects.get(pk=measure.pk).title_en == "Fibre for villages"
    assert revision_of(measure) is None

    (message,) = deliver()

    assert message.to == ["editor-a@example.org"]
    assert message.subject == "Published: Fibre for villages"
    assert "Thanks, well done." in message.body


def test_sending_back_from_the_form_mails_the_submitter_with_the_comment(
    client, editor_a, reviewers, measure
):
    _submitted(client, editor_a, measure)
    client.force_login(reviewers["ewa"])
    response = post_form(
        client, measure, {"_revision": "return", "_workflow_comment": "Please add numbers."}
    )
    assert response.status_code == 302
    assert revision_of(measure).status == RevisionStatus.DRAFT

    (message,) = deliver()

    assert message.to == ["editor-a@example.org"]
    assert message.subject == "Sent back for changes: Broadband for villages"
    assert "Please add numbers." in message.body


def test_sending_back_without_a_comment_is_refused_and_mails_nobody(
    client, editor_a, reviewers, measure
):
    _submitted(client, editor_a, measure)
    client.force_login(reviewers["ewa"])
    response = post_form(client, measure, {"_revision": "return"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Say what should change" in page
    assert revision_of(measure).status == RevisionStatus.IN_REVIEW
    assert deliver() == []


# --- The review queue ------------------------------------------------------------------------


def test_the_review_queue_lists_changes_in_review(client, editor_a, portal_editor, measure):
    _submitted(client, editor_a, measure)
    draft_change = MeasureFactory(organisation=measure.organisation, title_en="Only a draft")
    changed = snapshot(draft_change)
    changed["fields"]["title_en"] = "A change in draft"
    assert revision_save(obj=draft_change, data=changed, user=editor_a) is not None
    client.force_login(portal_editor)

    response = client.get(reverse("admin:review_queue"))

    entries = response.context["entries"]
    assert [entry.title for entry in entries] == ["Broadband for villages"]
    assert entries[0].url == reverse("admin:measures_measure_changes", args=[measure.pk])
    assert "Changes to a published entry" in response.content.decode()
    index = client.get(reverse("admin:index")).content.decode()
    assert "1 entry waits for review" in index


def test_the_review_queue_of_other_organisations_staff_omits_the_change(
    client, editor_a, manager_b, measure
):
    _submitted(client, editor_a, measure)
    client.force_login(manager_b)
    assert client.get(reverse("admin:review_queue")).context["entries"] == []
    assert "0 entries wait for review" in client.get(reverse("admin:index")).content.decode()
