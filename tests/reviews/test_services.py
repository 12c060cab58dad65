"""The review services: pending changes of public entries, their steps, and versions."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from core.workflow import Status, WorkflowError
from measures.models import Measure
from reviews.models import Revision, RevisionStatus, Version, VersionKind
from reviews.services import (
    may_publish,
    revision_discard,
    revision_of,
    revision_publish,
    revision_return,
    revision_save,
    revision_submit,
    version_restore,
)
from reviews.snapshots import snapshot, snapshot_diff
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def changed(obj, relations=None, **fields):
    """The snapshot of `obj` with some fields (by column) and relations (ids) changed."""
    data = snapshot(type(obj).objects.get(pk=obj.pk))
    data["fields"].update(fields)
    data["relations"].update(relations or {})
    return data


def versions(obj, kind=None):
    queryset = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    )
    return queryset.filter(kind=kind) if kind else queryset


def log_messages(obj):
    return [
        entry.get_change_message()
        for entry in LogEntry.objects.filter(object_id=str(obj.pk)).order_by("pk")
    ]


def live(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- Saving ----------------------------------------------------------------------------------


def test_saving_keeps_the_live_entry_and_stores_the_snapshot(measure, editor_a, themes):
    published = snapshot(live(measure))
    data = changed(
        measure,
        {"themes": [themes[1].pk]},
        title_en="Fibre for villages",
        title_pl="Światłowód dla wsi",
    )

    revision = revision_save(obj=measure, data=data, user=editor_a)

    fresh = live(measure)
    assert (fresh.title_en, fresh.title_pl) == (
        "Broadband for villages",
        "Szerokopasmowy internet dla wsi",
    )
    assert list(fresh.themes.values_list("pk", flat=True)) == [themes[0].pk]
    assert snapshot(fresh) == published
    stored = Revision.objects.get(pk=revision.pk)
    assert stored.status == RevisionStatus.DRAFT
    assert stored.created_by == editor_a
    assert stored.version.kind == VersionKind.REVISION
    assert stored.version.data == data
    assert stored.version.created_by == editor_a
    # The published state became the first version, so that the change can be compared.
    (baseline,) = versions(measure, VersionKind.PUBLISHED)
    assert baseline.data == published


def test_saving_the_same_values_twice_adds_no_version(measure, editor_a):
    data = changed(measure, title_en="Fibre for villages")
    first = revision_save(obj=measure, data=data, user=editor_a)
    count = versions(measure).count()

    same = changed(measure, title_en="Fibre for villages")
    again = revision_save(obj=measure, data=same, user=editor_a)

    assert again.pk == first.pk
    assert again.version_id == first.version_id
    assert versions(measure).count() == count == 2  # the published state and the change


def test_saving_the_entrys_own_values_starts_no_pending_change(measure, editor_a):
    assert revision_save(obj=measure, data=snapshot(measure), user=editor_a) is None
    assert revision_of(measure) is None
    assert not versions(measure).exists()


def test_a_second_save_continues_the_pending_change(measure, editor_a, manager_a):
    first = revision_save(obj=measure, data=changed(measure, title_en="One"), user=editor_a)
    second = revision_save(obj=measure, data=changed(measure, title_en="Two"), user=manager_a)
    assert second.pk == first.pk
    assert Revision.objects.count() == 1
    assert Revision.objects.get().version.data["fields"]["title_en"] == "Two"
    assert versions(measure, VersionKind.REVISION).count() == 2


def test_staff_of_another_organisation_cannot_save(measure, manager_b):
    with pytest.raises(WorkflowError):
        revision_save(obj=measure, data=changed(measure, title_en="Taken over"), user=manager_b)
    assert revision_of(measure) is None
    assert not versions(measure).exists()


# --- Submitting ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 4])
def test_submitting_checks_the_number_of_themes(measure, editor_a, themes, count):
    data = changed(measure, {"themes": [theme.pk for theme in themes[:count]]})
    revision = revision_save(obj=measure, data=data, user=editor_a)

    with pytest.raises(WorkflowError, match="Choose one to three themes."):
        revision_submit(revision_id=revision.pk, user=editor_a)

    stored = Revision.objects.get(pk=revision.pk)
    assert stored.status == RevisionStatus.DRAFT
    assert stored.submitted_at is None


def test_submitting_checks_that_the_slug_is_free(measure, editor_a, org_a):
    MeasureFactory(organisation=org_a, slug="taken")
    revision = revision_save(obj=measure, data=changed(measure, slug="taken"), user=editor_a)

    with pytest.raises(WorkflowError) as raised:
        revision_submit(revision_id=revision.pk, user=editor_a)

    assert "The changes break the portal's rules" in str(raised.value)
    assert "already exists" in str(raised.value)
    assert Revision.objects.get(pk=revision.pk).status == RevisionStatus.DRAFT


def test_submitting_moves_to_review_and_is_logged(measure, editor_a):
    revision = revision_save(obj=measure, data=changed(measure, title_en="New"), user=editor_a)
    revision_submit(revision_id=revision.pk, user=editor_a)
    stored = Revision.objects.get(pk=revision.pk)
    assert stored.status == RevisionStatus.IN_REVIEW
    assert stored.submitted_by == editor_a
    assert stored.submitted_at is not None
    assert log_messages(measure) == ["Changes submitted for review."]
    with pytest.raises(WorkflowError):  # not twice
        revision_submit(revision_id=revision.pk, user=editor_a)


# --- Sending back and withdrawing ------------------------------------------------------------


@pytest.fixture
def in_review(measure, editor_a):
    revision = revision_save(obj=measure, data=changed(measure, title_en="New"), user=editor_a)
    return revision_submit(revision_id=revision.pk, user=editor_a)


def test_a_reviewer_sends_back_only_with_a_comment(measure, in_review, portal_editor):
    with pytest.raises(WorkflowError, match="Say what should change"):
        revision_return(revision_id=in_review.pk, user=portal_editor, comment="   ")
    assert Revision.objects.get(pk=in_review.pk).status == RevisionStatus.IN_REVIEW

    revision_return(revision_id=in_review.pk, user=portal_editor, comment="Add numbers.")

    assert Revision.objects.get(pk=in_review.pk).status == RevisionStatus.DRAFT
    assert log_messages(measure)[-1] == "Changes sent back to draft. Add numbers."


def test_the_submitter_withdraws_without_a_comment(measure, in_review, editor_a):
    revision_return(revision_id=in_review.pk, user=editor_a)
    assert Revision.objects.get(pk=in_review.pk).status == RevisionStatus.DRAFT
    assert log_messages(measure)[-1] == "Changes withdrawn."


def test_only_changes_in_review_go_back(measure, editor_a, portal_editor):
    revision = revision_save(obj=measure, data=changed(measure, title_en="New"), user=editor_a)
    with pytest.raises(WorkflowError):
        revision_return(revision_id=revision.pk, user=portal_editor, comment="Why?")


# --- Publishing ------------------------------------------------------------------------------


def test_publishing_applies_the_values_and_closes_the_change(
    measure, editor_a, portal_editor, themes
):
    data = changed(
        measure,
        {"themes": [themes[1].pk, themes[2].pk]},
        title_de="Glasfaser für Dörfer",
        title_pl="Światłowód dla wsi",
    )
    revision = revision_save(obj=measure, data=data, user=editor_a)
    revision_submit(revision_id=revision.pk, user=editor_a)

    revision_publish(revision_id=revision.pk, user=portal_editor, comment="Thanks.")

    fresh = live(measure)
    assert fresh.title_de == "Glasfaser für Dörfer"
    assert fresh.title_pl == "Światłowód dla wsi"
    assert fresh.title_en == "Broadband for villages"  # not part of the change
    assert set(fresh.themes.values_list("pk", flat=True)) == {themes[1].pk, themes[2].pk}
    assert sorted(fresh.theme_ids) == sorted([themes[1].pk, themes[2].pk])  # the facet column
    assert fresh.status == Status.PUBLISHED
    assert not Revision.objects.filter(pk=revision.pk).exists()
    newest = versions(measure).order_by("-created_at", "-pk").first()
    assert newest.kind == VersionKind.PUBLISHED
    assert newest.created_by == portal_editor
    assert newest.data == snapshot(fresh)
    assert log_messages(measure) == [
        "Changes submitted for review.",
        "Changes published. Thanks.",
    ]


def test_publishing_twice_publishes_once(measure, in_review, portal_editor):
    revision_publish(revision_id=in_review.pk, user=portal_editor)
    with pytest.raises(WorkflowError, match="published or discarded meanwhile"):
        revision_publish(revision_id=in_review.pk, user=portal_editor)
    assert versions(measure, VersionKind.PUBLISHED).filter(created_by=portal_editor).count() == 1
    assert live(measure).title_en == "New"


@pytest.mark.parametrize("who", ["editor", "manager"])
def test_partner_staff_of_an_untrusted_organisation_cannot_publish(
    measure, in_review, editor_a, manager_a, who
):
    user = {"editor": editor_a, "manager": manager_a}[who]
    assert not may_publish(user=user, obj=measure)
    with pytest.raises(WorkflowError, match="Only reviewers publish"):
        revision_publish(revision_id=in_review.pk, user=user)
    assert live(measure).title_en == "Broadband for villages"
    assert Revision.objects.get(pk=in_review.pk).status == RevisionStatus.IN_REVIEW


def test_a_manager_of_a_trusted_organisation_publishes(measure, in_review, manager_a, org_a):
    org_a.trusted = True
    org_a.save()
    assert may_publish(user=manager_a, obj=measure)
    revision_publish(revision_id=in_review.pk, user=manager_a)
    assert live(measure).title_en == "New"
    assert revision_of(measure) is None


def test_publishing_checks_the_rules_again(measure, editor_a, portal_editor, org_a):
    revision = revision_save(obj=measure, data=changed(measure, slug="later-taken"), user=editor_a)
    revision_submit(revision_id=revision.pk, user=editor_a)
    MeasureFactory(organisation=org_a, slug="later-taken")
    with pytest.raises(WorkflowError, match="already exists"):
        revision_publish(revision_id=revision.pk, user=portal_editor)
    assert live(measure).slug == "broadband"
    assert revision_of(measure) is not None


# --- Discarding ------------------------------------------------------------------------------


def test_discarding_drops_the_change_and_keeps_its_versions(measure, editor_a):
    revision = revision_save(obj=measure, data=changed(measure, title_en="New"), user=editor_a)
    revision_discard(revision_id=revision.pk, user=editor_a)
    assert revision_of(measure) is None
    assert Version.objects.filter(pk=revision.version_id).exists()
    assert live(measure).title_en == "Broadband for villages"
    assert log_messages(measure) == ["Pending changes discarded."]


def test_changes_in_review_are_withdrawn_before_they_are_discarded(in_review, editor_a):
    with pytest.raises(WorkflowError, match="withdrawn before"):
        revision_discard(revision_id=in_review.pk, user=editor_a)
    assert Revision.objects.filter(pk=in_review.pk).exists()


# --- Restoring -------------------------------------------------------------------------------


def test_restoring_a_public_entry_makes_a_pending_change(measure, in_review, portal_editor):
    revision_publish(revision_id=in_review.pk, user=portal_editor)
    old = versions(measure, VersionKind.PUBLISHED).order_by("created_at", "pk").first()
    assert old.data["fields"]["title_en"] == "Broadband for villages"

    revision = version_restore(version=old, user=portal_editor)

    assert revision is not None
    assert live(measure).title_en == "New"
    pending = revision_of(measure)
    assert pending.status == RevisionStatus.DRAFT
    assert pending.version.kind == VersionKind.RESTORED
    assert pending.version.data == old.data
    assert "restored as pending changes" in log_messages(measure)[-1]


def test_restoring_a_draft_entry_applies_the_version(org_a, themes, manager_a):
    draft = MeasureFactory(
        organisation=org_a, status=Status.DRAFT, title_en="First title", themes=[themes[0]]
    )
    from reviews.services import version_record

    first = version_record(obj=draft, kind=VersionKind.SAVED, user=manager_a)
    Measure.objects.filter(pk=draft.pk).update(title_en="Second title")
    draft.themes.set([themes[1]])

    assert version_restore(version=first, user=manager_a) is None

    fresh = live(draft)
    assert fresh.title_en == "First title"
    assert list(fresh.themes.values_list("pk", flat=True)) == [themes[0].pk]
    assert revision_of(draft) is None
    newest = versions(draft).order_by("-created_at", "-pk").first()
    assert newest.kind == VersionKind.RESTORED


# --- Differences -----------------------------------------------------------------------------


def test_differences_by_field_and_language_with_marks(measure, themes):
    before = snapshot(measure)
    after = changed(
        measure,
        {"themes": [themes[0].pk, themes[1].pk]},
        title_de="Breitband für Städte",
        title_pl="Szerokopasmowy <b>internet</b> dla wsi",
    )

    rows = {(row.label, row.language): row for row in snapshot_diff(Measure, before, after)}

    assert set(rows) == {("title", "de"), ("title", "pl"), ("themes", "")}
    german = rows[("title", "de")]
    assert german.before == "Breitband für <del>Dörfer</del>"
    assert german.after == "Breitband für <ins>Städte</ins>"
    polish = rows[("title", "pl")]
    # Text is escaped: only the marks are markup.
    assert "&lt;b&gt;" in polish.after and "<b>" not in polish.after
    assert "<ins>" in polish.after
    theme_row = rows[("themes", "")]
    assert "Health" not in theme_row.before
    assert "<ins>" in theme_row.after and "Health" in theme_row.after
