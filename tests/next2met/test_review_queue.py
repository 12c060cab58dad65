"""The review queue: what waits for review, oldest first, for the person's organisations; its
count on the admin's home page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.workflow import Status
from events.models import EventStatus
from tests.events.factories import EventFactory
from tests.measures.factories import MeasureFactory
from tests.partners.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(org_a, org_b):
    """Entries in review of both organisations, submitted at different times, and others."""
    submitter = UserFactory(username="anna", first_name="Anna", last_name="Nowak")
    now = timezone.now()

    def submitted(obj, days_ago):
        type(obj).objects.filter(pk=obj.pk).update(
            status_changed_at=now - datetime.timedelta(days=days_ago),
            status_changed_by=submitter,
        )
        return obj

    return {
        "a-measure": submitted(
            MeasureFactory(organisation=org_a, title_en="A measure", status=Status.IN_REVIEW), 3
        ),
        "b-measure": submitted(
            MeasureFactory(organisation=org_b, title_en="B measure", status=Status.IN_REVIEW), 9
        ),
        "a-event": submitted(
            EventFactory(organiser=org_a, title_en="A event", status=EventStatus.IN_REVIEW), 5
        ),
        "b-organisation": submitted(
            OrganisationFactory(name_en="B newcomer", status=Status.IN_REVIEW), 1
        ),
        # Not waiting: a draft and a published entry.
        "a-draft": MeasureFactory(organisation=org_a, title_en="A draft", status=Status.DRAFT),
        "a-published": MeasureFactory(organisation=org_a, title_en="A published"),
    }


def titles(response):
    return [entry.title for entry in response.context["entries"]]


def test_reviewers_see_everything_waiting_longest_first(client, portal_editor, waiting):
    client.force_login(portal_editor)
    response = client.get(reverse("admin:review_queue"))
    assert response.status_code == 200
    assert titles(response) == ["B measure", "A event", "A measure", "B newcomer"]
    first = response.context["entries"][0]
    assert (first.kind, first.organisation, first.submitted_by) == (
        "measure",
        "Bravo Bureau",
        "Anna Nowak",
    )
    assert first.url == reverse("admin:measures_measure_change", args=[waiting["b-measure"].pk])
    content = response.content.decode()
    assert "A draft" not in content and "A published" not in content


def test_partner_staff_see_only_what_waits_of_their_organisations(client, editor_a, waiting):
    client.force_login(editor_a)
    response = client.get(reverse("admin:review_queue"))
    assert titles(response) == ["A event", "A measure"]
    assert "B measure" not in response.content.decode()


def test_the_admin_home_shows_the_count_in_the_persons_language(client, editor_a, waiting):
    client.force_login(editor_a)
    response = client.get(reverse("admin:index"))
    assert "2 entries wait for review" in response.content.decode()
    MembershipFactory(user=editor_a, organisation=waiting["b-measure"].organisation)
    with_b = client.get(reverse("admin:index")).content.decode()
    assert "3 entries wait for review" in with_b
    polish = client.get("/pl/admin/").content.decode()
    assert "3 wpisy czekają na recenzję" in polish


def test_nothing_waiting_is_said_plainly(client, portal_editor):
    client.force_login(portal_editor)
    response = client.get(reverse("admin:review_queue"))
    assert "Nothing waits for review." in response.content.decode()
    assert "0 entries wait for review" in client.get(reverse("admin:index")).content.decode()


def test_the_queue_takes_a_fixed_number_of_queries(
    client, portal_editor, waiting, django_assert_max_num_queries, org_a
):
    client.force_login(portal_editor)
    # Per kind of entry: the entries in review and the pending changes in review.
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("admin:review_queue"))
    for number in range(10):
        MeasureFactory(organisation=org_a, title_en=f"More {number}", status=Status.IN_REVIEW)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("admin:review_queue"))
    assert len(response.context["entries"]) == 14


def test_people_without_admin_rights_are_sent_to_the_login(client):
    outsider = UserFactory(username="outsider", is_staff=False)
    client.force_login(outsider)
    response = client.get(reverse("admin:review_queue"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
