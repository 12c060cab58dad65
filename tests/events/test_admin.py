"""What organisers do in the admin: counts, export, actions, messages, times in the event's zone.

The organiser is a manager of organisation A (`client_a`).
"""

import csv
import datetime
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, EventStatus, Registration, RegistrationStatus
from tests.events.factories import EventFactory, RegistrationFactory
from tests.events.helpers import event_form_data
from tests.events.mailbox import deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(org_a):
    return EventFactory(organiser=org_a, capacity=2, title_en="Matchmaking A")


def fill(event, confirmed=0, waiting=0, pending=0, **kwargs):
    made = []
    for _ in range(confirmed + waiting):
        registration = RegistrationFactory(event=event, **kwargs)
        made.append(services.registration_confirm(registration=registration))
    made += RegistrationFactory.create_batch(pending, event=event, **kwargs)
    return made


def action(client, model, name, pks, **extra):
    return client.post(
        reverse(f"admin:events_{model}_changelist"),
        {"action": name, ACTION_CHECKBOX_NAME: pks, **extra},
    )


def test_registration_list_shows_counts_by_status_for_the_event(client_a, event):
    fill(event, confirmed=2, waiting=1, pending=1)
    response = client_a.get(
        reverse("admin:events_registration_changelist"), {"event__id__exact": event.pk}
    )
    html = response.content.decode()
    assert "Confirmed: <strong>2</strong>" in html
    assert "On the waiting list: <strong>1</strong>" in html
    assert "Waiting for e-mail confirmation: <strong>1</strong>" in html


def test_participant_export_is_utf8_with_bom_and_neutralises_formulas(client_a, event):
    fill(event, confirmed=1, first_name='=HYPERLINK("http://evil")', last_name="Żółć")
    other = EventFactory()  # another organisation's event is never exported
    fill(other, confirmed=1, first_name="Stranger")
    response = action(client_a, "event", "export_participants", [event.pk, other.pk])
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][2] == '\'=HYPERLINK("http://evil")'
    assert rows[1][3] == "Żółć"
    assert "Stranger" not in response.content.decode("utf-8-sig")


def test_registration_export_has_the_columns_of_the_participant_export(client_a, event):
    [registration] = fill(event, confirmed=1, first_name="=1+1", message="@SUM(A1)")
    participants = action(client_a, "event", "export_participants", [event.pk])
    selected = action(client_a, "registration", "export_csv", [registration.pk])
    assert selected["Content-Type"].startswith("text/csv")
    assert selected.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(selected.content.decode("utf-8-sig"))))
    assert rows == list(csv.reader(io.StringIO(participants.content.decode("utf-8-sig"))))
    header, row = rows
    values = dict(zip(header, row, strict=True))
    assert (values["First name"], values["Message"]) == ("'=1+1", "'@SUM(A1)")
    assert values["Event"] == "Matchmaking A"


def test_cancel_action_promotes_and_promote_action_respects_capacity(client_a, event):
    first, second, waiting = fill(event, confirmed=2, waiting=1)
    # No free seat: promoting does nothing.
    action(client_a, "registration", "promote_selected", [waiting.pk])
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLISTED
    action(client_a, "registration", "cancel_selected", [first.pk])
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert Event.objects.get(pk=event.pk).seats_taken == 2


def test_confirm_action_confirms_pending_registrations(client_a, event):
    [pending] = fill(event, pending=1)
    action(client_a, "registration", "confirm_selected", [pending.pk])
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.CONFIRMED


def test_message_to_confirmed_participants_is_queued_in_their_language(client_a, event):
    fill(event, confirmed=1, language="pl")
    fill(event, pending=1)
    deliver()
    url = reverse("admin:events_event_message", args=[event.pk])
    assert client_a.get(url).status_code == 200
    response = client_a.post(url, {"subject": "Agenda", "body": "See the attached agenda."})
    assert response.status_code == 302
    [message] = deliver()
    assert message.subject == f"Agenda – {event.title_en}"
    assert "See the attached agenda." in message.body
    assert "/pl/events/registration/" in message.body


def test_message_page_of_another_organisation_is_not_found(client_a):
    other = EventFactory()
    response = client_a.get(reverse("admin:events_event_message", args=[other.pk]))
    assert response.status_code == 404


def test_cancel_event_and_publish_recording_notify_people(client_a, event):
    fill(event, confirmed=2, waiting=1)
    deliver()
    Event.objects.filter(pk=event.pk).update(recording_url="https://video.example.org/x")
    action(client_a, "event", "publish_recording", [event.pk])
    assert len(deliver()) == 2
    action(client_a, "event", "cancel_events", [event.pk])
    assert Event.objects.get(pk=event.pk).status == "cancelled"
    assert len(deliver()) == 3


def test_close_registration(client_a, event):
    action(client_a, "event", "close_registration", [event.pk])
    event.refresh_from_db()
    assert event.registration_closes_at <= timezone.now()


def test_times_are_entered_in_the_event_time_zone(client_a, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    response = client_a.post(url, event_form_data(event, time_zone="Europe/Helsinki"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    # 10:00 in Helsinki on the first day of summer time is 07:00 UTC.
    assert event.start == datetime.datetime(2027, 3, 28, 7, 0, tzinfo=datetime.UTC)
    form = client_a.get(url).context["adminform"].form
    assert form.initial["start"] == datetime.datetime(2027, 3, 28, 10, 0)


def test_a_time_that_does_not_exist_in_the_event_zone_is_refused(client_a, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    # Clocks jump from 02:00 to 03:00 in Berlin on 28 March 2027, from 03:00 to 04:00 in Helsinki.
    response = client_a.post(url, event_form_data(event, start_1="02:30"))
    assert response.status_code == 200
    assert "Europe/Berlin" in str(response.context["adminform"].form.errors["start"])
    response = client_a.post(
        url, event_form_data(event, time_zone="Europe/Helsinki", start_1="02:30")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.start == datetime.datetime(2027, 3, 28, 0, 30, tzinfo=datetime.UTC)


def test_raising_capacity_in_the_form_promotes_and_lowering_below_seats_is_refused(client_a, event):
    fill(event, confirmed=2, waiting=2)
    url = reverse("admin:events_event_change", args=[event.pk])
    too_low = client_a.post(url, event_form_data(event, capacity=1))
    assert "seats are already taken" in str(too_low.context["adminform"].form.errors)
    client_a.post(url, event_form_data(event, capacity=3))
    counts = {
        status: Registration.objects.filter(event=event, status=status).count()
        for status in RegistrationStatus.values
    }
    assert counts[RegistrationStatus.CONFIRMED] == 3
    assert counts[RegistrationStatus.WAITLISTED] == 1
    assert Event.objects.get(pk=event.pk).seats_taken == 3


def test_change_of_time_is_announced_when_asked(client_a, event):
    fill(event, confirmed=1, waiting=1)
    deliver()
    url = reverse("admin:events_event_change", args=[event.pk])
    client_a.post(url, event_form_data(event, start_1="11:00", notify_registrants="on"))
    messages = deliver()
    assert len(messages) == 2
    assert "start" in messages[0].body.lower()


def test_event_form_offers_own_organisers_but_any_published_co_organiser(client_a, org_a, org_b):
    from tests.partners.factories import OrganisationFactory

    draft_elsewhere = OrganisationFactory(status="draft")
    form = client_a.get(reverse("admin:events_event_add")).context["adminform"].form
    organisers = form.fields["organiser"].queryset
    assert org_a in organisers and org_b not in organisers
    co_organisers = form.fields["co_organisers"].queryset
    assert org_a in co_organisers and org_b in co_organisers
    assert draft_elsewhere not in co_organisers


def test_event_of_another_organisation_cannot_be_created(client_a, org_b):
    data = event_form_data(EventFactory.build(organiser=org_b, slug="foreign"))
    response = client_a.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 200
    assert "organiser" in response.context["adminform"].form.errors
    assert not Event.objects.filter(slug="foreign").exists()


@pytest.mark.parametrize(
    ("who", "trusted", "offered"),
    [
        ("editor", False, {"in_review"}),
        ("manager", False, {"in_review"}),
        ("manager", True, {"in_review"}),
        ("portal_editor", False, {"in_review"}),
    ],
)
def test_a_draft_event_offers_submitting_for_review(client, org_a, request, who, trusted, offered):
    org_a.trusted = trusted
    org_a.save()
    draft = EventFactory(organiser=org_a, status=EventStatus.DRAFT)
    client.force_login(request.getfixturevalue(f"{who}_a" if who != "portal_editor" else who))
    response = client.get(reverse("admin:events_event_change", args=[draft.pk]))
    assert {t.target for t in response.context["workflow_transitions"]} == offered
    assert "Submit for review" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "trusted", "may_publish"),
    [
        ("editor", True, False),
        ("manager", False, False),
        ("manager", True, True),
        ("portal_editor", False, True),
    ],
)
def test_only_a_portal_editor_or_a_trusted_manager_publishes_an_event(
    client, org_a, request, who, trusted, may_publish
):
    org_a.trusted = trusted
    org_a.save()
    submitted = EventFactory(organiser=org_a, status=EventStatus.IN_REVIEW)
    client.force_login(request.getfixturevalue(f"{who}_a" if who != "portal_editor" else who))
    url = reverse("admin:events_event_change", args=[submitted.pk])
    offered = {t.target for t in client.get(url).context["workflow_transitions"]}
    assert ("published" in offered) == may_publish
    response = client.post(url, {**event_form_data(submitted), "_workflow": "published"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == (EventStatus.PUBLISHED if may_publish else EventStatus.IN_REVIEW)
    assert (submitted.first_published_at is not None) == may_publish
    public = client.get(reverse("events:detail", kwargs={"slug": submitted.slug}))
    assert public.status_code == (200 if may_publish else 404)
