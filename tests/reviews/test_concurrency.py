"""Reviewers and editors at once, each thread on its own database connection (real
transactions): a change is published once, and an editor's save is never lost."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.test import Client
from post_office.models import Email

from core.workflow import WorkflowError
from measures.models import Measure
from reviews.models import Revision, VersionKind
from reviews.selectors import versions_of
from reviews.services import revision_of, revision_publish, revision_save, revision_submit
from reviews.snapshots import snapshot
from tests.reviews.conftest import form_errors, open_form, post_form

pytestmark = pytest.mark.django_db(transaction=True)

SUMMARY = "The editor's late summary."


def run_at_once(*functions):
    """Call the functions from threads released together; return their results or errors."""
    barrier = threading.Barrier(len(functions))

    def worker(function):
        try:
            barrier.wait(timeout=10)
            return function()
        except Exception as error:  # noqa: BLE001 - reported to the test
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(functions)) as pool:
        return list(pool.map(worker, functions))


def changed(obj, **fields):
    data = snapshot(type(obj).objects.get(pk=obj.pk))
    data["fields"].update(fields)
    return data


@pytest.fixture
def in_review(measure, editor_a, themes):
    data = changed(measure, title_en="Fibre for villages")
    data["relations"]["themes"] = [themes[1].pk, themes[2].pk]
    revision = revision_save(obj=measure, data=data, user=editor_a)
    return revision_submit(revision_id=revision.pk, user=editor_a)


def test_two_reviewers_publishing_at_once_publish_once(measure, in_review, reviewers, themes):
    jens, ewa = reviewers["jens"], reviewers["ewa"]

    results = run_at_once(
        lambda: revision_publish(revision_id=in_review.pk, user=jens),
        lambda: revision_publish(revision_id=in_review.pk, user=ewa),
    )

    published = [result for result in results if isinstance(result, Measure)]
    refused = [result for result in results if isinstance(result, Exception)]
    assert len(published) == 1
    assert len(refused) == 1 and isinstance(refused[0], WorkflowError), refused
    assert "published or discarded meanwhile" in str(refused[0])
    by_reviewers = versions_of(measure).filter(
        kind=VersionKind.PUBLISHED, created_by__in=[jens, ewa]
    )
    assert by_reviewers.count() == 1
    live = Measure.objects.get(pk=measure.pk)
    assert live.title_en == "Fibre for villages"
    assert set(live.themes.values_list("pk", flat=True)) == {themes[1].pk, themes[2].pk}
    assert not Revision.objects.exists()
    # The submitter hears of it once.
    assert Email.objects.filter(subject__startswith="Published:").count() == 1


# --- An editor saves while a reviewer publishes ----------------------------------------------


def editors_data_kept(measure, summary: str) -> bool:
    """The editor's summary is public, or waits in an open pending change."""
    if Measure.objects.get(pk=measure.pk).summary_en == summary:
        return True
    pending = revision_of(measure)
    return pending is not None and pending.version.data["fields"]["summary_en"] == summary


@pytest.mark.parametrize("head_start", ["editor", "reviewer"])
def test_an_editors_save_in_the_admin_during_a_publication_is_never_lost(
    measure, in_review, editor_a, reviewers, head_start
):
    """Both send the change form at once; whichever comes first, the editor's new summary is
    published or kept as a new pending change, and the reviewer never publishes blindly."""
    editor, reviewer = Client(), Client()
    editor.force_login(editor_a)
    reviewer.force_login(reviewers["jens"])
    editor_form, reviewer_form = open_form(editor, measure), open_form(reviewer, measure)
    delays = {"editor": (0, 0.3), "reviewer": (0.3, 0)}[head_start]

    def send(client, form, changes, delay):
        def request():
            threading.Event().wait(delay)
            return post_form(client, measure, changes, form=form)

        return request

    editor_response, reviewer_response = run_at_once(
        send(editor, editor_form, {"summary_en": SUMMARY}, delays[0]),
        send(reviewer, reviewer_form, {"_revision": "publish"}, delays[1]),
    )

    assert not isinstance(editor_response, Exception), editor_response
    assert not isinstance(reviewer_response, Exception), reviewer_response
    assert editor_response.status_code == 302, form_errors(editor_response)
    assert editors_data_kept(measure, SUMMARY)
    live = Measure.objects.get(pk=measure.pk)
    if reviewer_response.status_code == 302 and live.title_en == "Fibre for villages":
        # The reviewer was first: the change as reviewed is public, the editor's summary waits.
        assert live.summary_en != SUMMARY
        assert revision_of(measure).version.data["fields"]["summary_en"] == SUMMARY
    else:
        # The editor was first: the reviewer's form is refused as out of date.
        assert reviewer_response.status_code == 200
        assert "saved other changes" in str(form_errors(reviewer_response)["non_field"])
        assert live.title_en == "Broadband for villages"


def pause():
    """Time for the other thread to reach the lock it waits for."""
    threading.Event().wait(0.3)


def editors_save(measure, editor, summary, **changes):
    return revision_save(
        obj=measure, data=changed(measure, summary_en=summary, **changes), user=editor
    )


def test_a_save_that_waits_for_a_publication_starts_a_new_change(
    measure, in_review, editor_a, reviewers
):
    """The reviewer publishes first and holds the locks until the end of the transaction; the
    editor's save waits, then keeps its values as a new pending change."""
    published_uncommitted = threading.Event()

    def publish():
        with transaction.atomic():
            published = revision_publish(revision_id=in_review.pk, user=reviewers["jens"])
            published_uncommitted.set()
            pause()
        return published

    def save():
        assert published_uncommitted.wait(timeout=10)
        return editors_save(measure, editor_a, SUMMARY, title_en="Fibre for villages")

    published, saved = run_at_once(publish, save)

    assert isinstance(published, Measure), published
    assert isinstance(saved, Revision), saved
    live = Measure.objects.get(pk=measure.pk)
    assert live.title_en == "Fibre for villages"
    assert live.summary_en != SUMMARY
    assert editors_data_kept(measure, SUMMARY)
    assert revision_of(measure).pk != in_review.pk


def test_a_publication_that_waits_for_a_save_is_not_told_the_change_is_gone(
    measure, in_review, editor_a, reviewers
):
    """The editor saves first and holds the locks until the end of the transaction; the
    publication waits. Once the save is committed the change is still pending: the reviewer
    is not told it was published or discarded (a lock taken with the version joined found no
    row when the save had pointed the change to a new version)."""
    saved_uncommitted = threading.Event()

    def save():
        with transaction.atomic():
            saved = editors_save(measure, editor_a, SUMMARY, title_en="Fibre for villages")
            saved_uncommitted.set()
            pause()
        return saved

    def publish():
        assert saved_uncommitted.wait(timeout=10)
        return revision_publish(revision_id=in_review.pk, user=reviewers["jens"])

    saved, published = run_at_once(save, publish)

    assert isinstance(saved, Revision), saved
    assert editors_data_kept(measure, SUMMARY)
    if isinstance(published, WorkflowError):
        assert revision_of(measure) is None, f"told “{published}” while the change is pending"
    else:
        assert isinstance(published, Measure), published
        assert Measure.objects.get(pk=measure.pk).summary_en == SUMMARY


def test_a_save_and_a_publication_never_deadlock(measure, in_review, editor_a, reviewers):
    """The editor's transaction holds the entry when the publication starts, and saves after
    it: both take the entry before the pending change, so neither waits for the other in a
    circle (the database would cancel one of them with an error)."""
    entry_locked = threading.Event()

    def save():
        with transaction.atomic():
            Measure.objects.select_for_update().get(pk=measure.pk)
            entry_locked.set()
            pause()  # the publication starts and takes what it can
            return editors_save(measure, editor_a, SUMMARY)

    def publish():
        assert entry_locked.wait(timeout=10)
        return revision_publish(revision_id=in_review.pk, user=reviewers["jens"])

    saved, published = run_at_once(save, publish)

    assert not isinstance(saved, Exception), saved
    assert not isinstance(published, Exception) or isinstance(published, WorkflowError), published
    assert editors_data_kept(measure, SUMMARY)
