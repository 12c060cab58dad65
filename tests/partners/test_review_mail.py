"""Reviewers are told when something waits for them, submitters when it is published or sent
back (with the reviewer's comment), each in the language they use the admin in."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from core.workflow import Status, WorkflowError
from measures.models import Measure
from next2met.models import StaffLanguage
from partners.models import MembershipRole
from partners.roles import Role
from partners.services import workflow_transition
from tests.events.mailbox import deliver
from tests.measures.factories import MeasureFactory
from tests.partners.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers(db):
    """Two portal editors, one working in Polish, one in German."""
    made = {}
    for username, language in (("ewa", "pl"), ("jens", "de")):
        user = UserFactory(username=username, email=f"{username}@example.org", is_staff=True)
        user.groups.add(Group.objects.get(name=Role.PORTAL_EDITOR))
        StaffLanguage.objects.create(user=user, language=language)
        made[username] = user
    return made


@pytest.fixture
def draft(org_a):
    return MeasureFactory(
        organisation=org_a, title_en="Broadband", title_de="Breitband", status=Status.DRAFT
    )


def by_recipient(messages):
    return {message.to[0]: message for message in messages}


def test_submitting_tells_the_portal_editors_in_their_languages(reviewers, draft, editor_a):
    editor_a.email = "editor@example.org"
    editor_a.save()
    workflow_transition(obj=draft, to_status=Status.IN_REVIEW, user=editor_a)
    sent = by_recipient(deliver())
    assert set(sent) == {"ewa@example.org", "jens@example.org"}  # not the submitter
    polish, german = sent["ewa@example.org"], sent["jens@example.org"]
    assert polish.subject.startswith("Czeka na Twoją recenzję:")
    assert german.subject.startswith("Wartet auf Ihre Prüfung:")
    assert f"/pl/admin/measures/measure/{draft.pk}/change/" in polish.body
    assert f"/de/admin/measures/measure/{draft.pk}/change/" in german.body


def test_a_trusted_organisations_managers_are_reviewers_too(reviewers, draft, editor_a, org_a):
    manager = MembershipFactory(
        organisation=org_a, role=MembershipRole.MANAGER, user__email="manager@example.org"
    ).user
    workflow_transition(obj=draft, to_status=Status.IN_REVIEW, user=editor_a)
    assert "manager@example.org" not in by_recipient(deliver())

    org_a.trusted = True
    org_a.save()
    workflow_transition(obj=draft, to_status=Status.DRAFT, user=editor_a)  # withdrawn
    workflow_transition(obj=draft, to_status=Status.IN_REVIEW, user=editor_a)
    sent = by_recipient(deliver())
    assert "manager@example.org" in sent
    assert manager.pk  # English: no admin language recorded
    assert sent["manager@example.org"].subject.startswith("Waiting for your review:")


def test_the_submitter_hears_of_the_publication(reviewers, draft, editor_a):
    editor_a.email = "editor@example.org"
    editor_a.save()
    StaffLanguage.objects.create(user=editor_a, language="de")
    workflow_transition(obj=draft, to_status=Status.IN_REVIEW, user=editor_a)
    deliver()
    workflow_transition(obj=draft, to_status=Status.PUBLISHED, user=reviewers["ewa"])
    (message,) = deliver()
    assert message.to == ["editor@example.org"]
    assert message.subject == "Veröffentlicht: Breitband"
    assert f"/de/measures/{draft.slug}/" in message.body


def test_sending_back_needs_a_comment_which_reaches_the_submitter(reviewers, draft, editor_a):
    editor_a.email = "editor@example.org"
    editor_a.save()
    workflow_transition(obj=draft, to_status=Status.IN_REVIEW, user=editor_a)
    deliver()
    with pytest.raises(WorkflowError):
        workflow_transition(obj=draft, to_status=Status.DRAFT, user=reviewers["jens"])
    assert Measure.objects.get(pk=draft.pk).status == Status.IN_REVIEW
    assert deliver() == []
    workflow_transition(
        obj=draft,
        to_status=Status.DRAFT,
        user=reviewers["jens"],
        comment="Bitte die Ergebnisse mit Zahlen belegen.",
    )
    (message,) = deliver()
    assert message.to == ["editor@example.org"]
    assert message.subject == "Sent back for changes: Broadband"
    assert "Bitte die Ergebnisse mit Zahlen belegen." in message.body


def test_withdrawing_ones_own_submission_needs_no_comment_and_tells_nobody(
    reviewers, draft, editor_a
):
    workflow_transition(obj=draft, to_status=Status.IN_REVIEW, user=editor_a)
    deliver()
    workflow_transition(obj=draft, to_status=Status.DRAFT, user=editor_a)
    assert deliver() == []


def test_the_admin_remembers_the_language_and_sends_back_with_the_forms_comment(
    client, reviewers, draft, editor_a
):
    from tests.partners.isolation_cases import SCOPED_ADMIN_CASES

    (measure_case,) = [case for case in SCOPED_ADMIN_CASES if case.id == "measure"]
    workflow_transition(obj=draft, to_status=Status.IN_REVIEW, user=editor_a)
    deliver()
    client.force_login(reviewers["ewa"])
    client.get("/de/admin/")
    assert StaffLanguage.objects.get(user=reviewers["ewa"]).language == "de"
    with translation.override("en"):
        url = reverse("admin:measures_measure_change", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'name="_workflow_comment"' in page
    data = measure_case.change_data(draft)
    response = client.post(url, {**data, "_workflow": "draft"}, follow=True)
    assert "goes back to its submitter with a comment" in response.content.decode()
    assert Measure.objects.get(pk=draft.pk).status == Status.IN_REVIEW
    client.post(url, {**data, "_workflow": "draft", "_workflow_comment": "Please add the results."})
    assert Measure.objects.get(pk=draft.pk).status == Status.DRAFT


def test_partner_staff_ask_the_reviewers_to_archive_a_published_entry(
    client, reviewers, org_a, editor_a
):
    from django.contrib.admin.models import LogEntry

    from partners.services import archive_request

    published = MeasureFactory(organisation=org_a, title_en="Old portal", title_de="Altes Portal")
    client.force_login(editor_a)
    with translation.override("en"):
        url = reverse("admin:measures_measure_change", args=[published.pk])
    page = client.get(url)
    assert page.context["workflow_archive_request"] is True
    assert "Ask to archive" in page.content.decode()
    assert "archived" not in {t.target for t in page.context["workflow_transitions"]}

    notified = archive_request(obj=published, user=editor_a, comment="The portal closed in 2023.")
    assert notified == 2
    sent = by_recipient(deliver())
    assert set(sent) == {"ewa@example.org", "jens@example.org"}
    assert sent["jens@example.org"].subject == "Archivierung erbeten: Altes Portal"
    assert "The portal closed in 2023." in sent["ewa@example.org"].body
    assert Measure.objects.get(pk=published.pk).status == Status.PUBLISHED  # a request only
    entry = LogEntry.objects.get(object_id=str(published.pk))
    assert "The portal closed in 2023." in entry.get_change_message()


def test_only_published_entries_of_ones_own_organisation_are_proposed(reviewers, org_a, org_b):
    from partners.services import archive_request

    editor_b = MembershipFactory(organisation=org_b, role=MembershipRole.EDITOR).user
    published = MeasureFactory(organisation=org_a)
    draft = MeasureFactory(organisation=org_b, status=Status.DRAFT)
    with pytest.raises(WorkflowError):
        archive_request(obj=published, user=editor_b)
    with pytest.raises(WorkflowError):
        archive_request(obj=draft, user=editor_b)
    assert deliver() == []


def test_reviewers_who_may_archive_see_no_request_button(client, portal_editor, org_a):
    published = MeasureFactory(organisation=org_a)
    client.force_login(portal_editor)
    with translation.override("en"):
        page = client.get(reverse("admin:measures_measure_change", args=[published.pk]))
    assert page.context["workflow_archive_request"] is False
    assert "archived" in {t.target for t in page.context["workflow_transitions"]}
