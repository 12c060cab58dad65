"""Feedback after the event: one answer per registration through the secret link, checked with
translated messages, anonymous to the organisers, erased and purged with the personal data."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from events import feedback
from events.models import Feedback, RegistrationStatus
from events.services import registration_erase, registrations_purge
from tests.events.after_event import participant, past_event
from tests.events.factories import EventFactory, in_days, manage_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(org_a):
    return past_event(organiser=org_a, title_en="Smart villages workshop")


@pytest.fixture
def person(event):
    return participant(
        event, first_name="Zofia", last_name="Wójcik", email="zofia@example.org", language="pl"
    )


def form_url(registration, language="pl"):
    with translation.override(language):
        return reverse("events:manage_feedback", kwargs={"token": manage_token(registration)})


# --- Service --------------------------------------------------------------------------------


def test_one_answer_per_registration_sending_again_changes_it(person):
    feedback.feedback_submit(registration=person, rating=3, useful="Contacts")
    feedback.feedback_submit(registration=person, rating=5, improve="Longer breaks")
    answer = Feedback.objects.get()
    assert (answer.rating, answer.useful, answer.improve) == (5, "", "Longer breaks")
    assert answer.event_id == person.event_id


def test_the_database_refuses_a_second_answer_and_ratings_outside_1_to_5(person):
    Feedback.objects.create(event=person.event, registration=person, rating=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(event=person.event, registration=person, rating=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(event=person.event, rating=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(event=person.event, rating=0)


@pytest.mark.parametrize(
    "case",
    ["upcoming", "pending", "cancelled_registration", "absent", "cancelled_event"],
)
def test_feedback_only_after_the_event_and_for_its_participants(org_a, case):
    event = past_event(organiser=org_a)
    fields = {}
    if case == "upcoming":
        event = EventFactory(organiser=org_a, start=in_days(2))
    elif case == "pending":
        fields["status"] = RegistrationStatus.PENDING
    elif case == "cancelled_registration":
        fields.update(status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now())
    elif case == "absent":
        fields["attended"] = False
    elif case == "cancelled_event":
        event.status = "cancelled"
        event.save()
    registration = participant(event, **fields)
    assert not feedback.feedback_open(registration=registration)
    with pytest.raises(feedback.FeedbackError):
        feedback.feedback_submit(registration=registration, rating=4)
    assert not Feedback.objects.exists()


# --- The form ---------------------------------------------------------------------------------


def test_answer_through_the_secret_link_and_see_it_again(client, person):
    url = form_url(person)
    page = client.get(url)
    assert page.status_code == 200
    assert page["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in page["Cache-Control"]
    response = client.post(url, {"rating": "4", "useful": "Zdrowa dyskusja", "improve": ""})
    assert response.status_code == 302 and response["Location"] == url + "?saved=1"
    answer = Feedback.objects.get(registration=person)
    assert (answer.rating, answer.useful) == (4, "Zdrowa dyskusja")
    again = client.get(response["Location"])
    assert again.context["saved"] is True
    assert again.context["form"].initial["useful"] == "Zdrowa dyskusja"
    client.post(url, {"rating": "2", "useful": "", "improve": "Mniej slajdów"})
    answer.refresh_from_db()
    assert (answer.rating, answer.useful, answer.improve) == (2, "", "Mniej slajdów")
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "rating", "Please choose a rating from 1 to 5."),
        ({"rating": "7"}, "rating", "Please choose a rating from 1 to 5."),
        ({"rating": "4", "useful": "x" * 2001}, "useful", "at most 2000 characters"),
        ({"rating": "4", "improve": "ok\u202eexe.txt"}, "improve", "invisible character"),
        ({"rating": "4", "useful": "zero\u200bwidth"}, "useful", "invisible character"),
    ],
)
def test_invalid_answers_are_shown_again_with_a_message(client, person, data, field, message):
    response = client.post(form_url(person, "en"), data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert b'id="error-summary"' in response.content
    assert not Feedback.objects.exists()


def test_the_form_is_closed_before_the_end(client, org_a):
    person = participant(EventFactory(organiser=org_a, start=in_days(2)))
    assert client.get(form_url(person)).status_code == 403
    assert client.post(form_url(person), {"rating": "5"}).status_code == 403
    assert not Feedback.objects.exists()


def test_an_unknown_link_is_not_found(client, person):
    url = form_url(person).replace(manage_token(person), "f" * 64)
    assert client.get(url).status_code == 404


def test_the_form_needs_a_fixed_number_of_queries(client, person, django_assert_max_num_queries):
    feedback.feedback_submit(registration=person, rating=5)
    with django_assert_max_num_queries(8):
        assert client.get(form_url(person)).status_code == 200


def test_the_manage_page_links_the_form_after_the_event(client, person):
    with translation.override("pl"):
        url = reverse("events:manage", kwargs={"token": manage_token(person)})
    assert form_url(person).encode() in client.get(url).content


# --- Anonymous to the organisers -------------------------------------------------------------


def admin_url(event):
    return reverse("admin:events_event_feedback", args=[event.pk])


def test_organisers_see_ratings_and_texts_without_names(client_a, event, person):
    other = participant(event, first_name="Jonas", last_name="Becker", email="jonas@example.org")
    feedback.feedback_submit(registration=person, rating=5, useful="Świetne kontakty")
    feedback.feedback_submit(registration=other, rating=3, improve="More time for questions")
    response = client_a.get(admin_url(event))
    assert response.status_code == 200
    summary = response.context["feedback"]
    assert (summary.count, summary.average) == (2, 4.0)
    assert dict(summary.distribution) == {5: 1, 4: 0, 3: 1, 2: 0, 1: 0}
    content = response.content.decode().split('id="event-feedback"')[1]
    assert "Świetne kontakty" in content and "More time for questions" in content
    for identity in ("Zofia", "Wójcik", "zofia@example.org", "Jonas", "Becker", "jonas@"):
        assert identity not in content
    assert "/registration/" not in content
    assert content.index("Świetne kontakty") < content.index("More time for questions")


def test_another_organisation_sees_no_feedback(client, event, person, manager_b):
    feedback.feedback_submit(registration=person, rating=5, useful="secret")
    client.force_login(manager_b)
    response = client.get(admin_url(event))
    assert response.status_code == 404


def test_co_organisers_and_editors_see_the_feedback(client, event, person, org_b, manager_b):
    feedback.feedback_submit(registration=person, rating=4)
    event.co_organisers.add(org_b)
    client.force_login(manager_b)
    assert client.get(admin_url(event)).status_code == 200


def test_the_admin_page_needs_a_fixed_number_of_queries(
    client_a, event, django_assert_max_num_queries
):
    for index in range(5):
        feedback.feedback_submit(
            registration=participant(event), rating=1 + index % 5, useful=f"text {index}"
        )
    client_a.get(admin_url(event))
    with django_assert_max_num_queries(10) as few:
        client_a.get(admin_url(event))
    for _index in range(10):
        feedback.feedback_submit(registration=participant(event), rating=4, improve="more")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client_a.get(admin_url(event))


# --- Personal data ----------------------------------------------------------------------------


def test_erasure_deletes_the_texts_and_keeps_the_rating_detached(person):
    feedback.feedback_submit(registration=person, rating=4, useful="Mój tekst", improve="Coś")
    registration_erase(registration=person)
    answer = Feedback.objects.get()
    assert (answer.registration_id, answer.rating, answer.useful, answer.improve) == (
        None,
        4,
        "",
        "",
    )
    assert answer.event_id == person.event_id


def test_purge_keeps_ratings_and_removes_texts_of_old_events(org_a, settings):
    settings.EVENTS_PURGE_DAYS = 90
    old = past_event(organiser=org_a, start=timezone.now() - datetime.timedelta(days=100))
    recent = past_event(organiser=org_a, start=timezone.now() - datetime.timedelta(days=10))
    old_person, recent_person = participant(old), participant(recent)
    Feedback.objects.create(event=old, registration=old_person, rating=2, useful="old text")
    Feedback.objects.create(event=recent, registration=recent_person, rating=5, useful="new text")
    registrations_purge()
    kept_old = Feedback.objects.get(event=old)
    assert (kept_old.rating, kept_old.useful, kept_old.registration_id) == (2, "", None)
    kept_recent = Feedback.objects.get(event=recent)
    assert (kept_recent.useful, kept_recent.registration_id) == ("new text", recent_person.pk)
