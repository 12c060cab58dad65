"""Attendance: organisers mark confirmed participants present or absent, one by one or many at
once, or import the participant report of the meeting platform; scoped to the organiser, read
only for co-organisers."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events import attendance
from events.models import EventFormat, Registration, RegistrationStatus
from partners.models import MembershipRole
from tests.events.after_event import participant, past_event
from tests.events.factories import EventFactory, in_days
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(org_a):
    return past_event(organiser=org_a, title_en="Digital twins webinar")


@pytest.fixture
def people(event):
    return [
        participant(event, first_name="Anna", last_name="Nowak", email="Anna.Nowak@Example.org"),
        participant(event, first_name="Jan", last_name="Schulz", email="jan@example.org"),
        participant(event, first_name="Eva", last_name="Weber", email="eva@example.org"),
    ]


def attended(*registrations):
    return [Registration.objects.get(pk=r.pk).attended for r in registrations]


# --- Marking ------------------------------------------------------------------------------------


def test_mark_one_participant_present_and_another_absent(event, people):
    anna, jan, eva = people
    assert attendance.attendance_mark(event=event, registration_ids=[anna.pk], attended=True) == 1
    attendance.attendance_mark(event=event, registration_ids=[jan.pk], attended=False)
    assert attended(anna, jan, eva) == [True, False, None]
    assert Registration.objects.get(pk=anna.pk).attendance_marked_at is not None
    assert attendance.attendance_taken(event=event)


def test_mark_many_at_once_and_back_to_unknown(event, people):
    ids = [r.pk for r in people]
    assert attendance.attendance_mark(event=event, registration_ids=ids, attended=True) == 3
    attendance.attendance_mark(event=event, registration_ids=ids[:1], attended=None)
    assert attended(*people) == [None, True, True]
    assert Registration.objects.get(pk=ids[0]).attendance_marked_at is None


def test_only_confirmed_participants_of_the_event_are_marked(event, people):
    cancelled = participant(event, status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now())
    stranger = participant(past_event())
    ids = [people[0].pk, cancelled.pk, stranger.pk]
    assert attendance.attendance_mark(event=event, registration_ids=ids, attended=True) == 1
    assert attended(cancelled, stranger) == [None, None]


def test_attendance_waits_for_the_start(org_a):
    upcoming = EventFactory(organiser=org_a, start=in_days(5))
    person = participant(upcoming)
    with pytest.raises(attendance.AttendanceError):
        attendance.attendance_mark(event=upcoming, registration_ids=[person.pk], attended=True)
    assert attended(person) == [None]


# --- Import of the participant report --------------------------------------------------------


def test_import_marks_matching_addresses_present_in_any_letter_case(event, people):
    anna, jan, eva = people
    report = (
        b"Name (Original Name),User Email,Join Time,Duration (Minutes)\n"
        b"Anna Nowak,anna.nowak@example.ORG,10:01,118\n"
        b"Jan S.,JAN@EXAMPLE.ORG,10:00,120\n"
        b"Jan S.,jan@example.org,11:10,40\n"
        b"Guest,guest@elsewhere.example,10:05,50\n"
        b"Phone caller,,10:20,10\n"
    )
    result = attendance.attendance_import(event=event, data=report)
    assert (result.matched, result.marked) == (2, 2)
    assert attended(anna, jan, eva) == [True, True, None]
    assert [(row.line, row.text) for row in result.unmatched] == [
        (5, "guest@elsewhere.example"),
        (6, "Phone caller · 10:20 · 10"),
    ]


def test_import_reads_semicolons_a_bom_and_a_german_header(event, people):
    report = "\ufeffTeilnehmer;E-Mail-Adresse;Beitritt\nJan Schulz;jan@example.org;10:00\n"
    result = attendance.attendance_import(event=event, data=report.encode("utf-8"))
    assert result.matched == 1
    assert attended(*people) == [None, True, None]


def test_import_finds_a_polish_header_after_the_meeting_details(event, people):
    report = (
        "Temat spotkania;Identyfikator\n"
        "Webinar;123 456\n"
        "\n"
        "Imię i nazwisko;Adres e-mail\n"
        "Ewa Weber;EVA@example.org\n"
    )
    result = attendance.attendance_import(event=event, data=report.encode("utf-8-sig"))
    assert result.matched == 1 and result.unmatched == []
    assert attended(*people) == [None, None, True]


def test_import_without_header_takes_the_first_column_with_addresses(event, people):
    report = "Anna Nowak,anna.nowak@example.org\nJan Schulz,jan@example.org\n"
    result = attendance.attendance_import(event=event, data=report.encode())
    assert result.matched == 2
    assert attended(*people) == [True, True, None]


def test_import_keeps_people_marked_absent_unless_they_are_in_the_report(event, people):
    anna, jan, _eva = people
    attendance.attendance_mark(event=event, registration_ids=[anna.pk, jan.pk], attended=False)
    attendance.attendance_import(event=event, data=b"email\njan@example.org\n")
    assert attended(anna, jan) == [False, True]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "encoding"),
        (b"Name,Email\nAnna,anna\n", None),
        (b"Name,Company\nAnna,ACME\n", "no_addresses"),
        ("Name,Email\nAnna \xe9,anna@example.org\n".encode("latin-1"), "encoding"),
        (b"a\x00b,c\n", "binary"),
    ],
)
def test_a_file_that_cannot_be_read_changes_nothing(event, people, data, code):
    if code is None:
        # Readable, but nobody in it: everything listed, nobody marked.
        result = attendance.attendance_import(event=event, data=data)
        assert result.matched == 0 and len(result.unmatched) == 1
    else:
        with pytest.raises(attendance.AttendanceImportError) as raised:
            attendance.attendance_import(event=event, data=data)
        assert raised.value.code == code
        assert str(raised.value.message)
    assert attended(*people) == [None, None, None]


def test_a_report_that_is_too_large_is_refused(event, people, monkeypatch):
    monkeypatch.setattr(attendance, "IMPORT_MAX_BYTES", 50)
    with pytest.raises(attendance.AttendanceImportError) as raised:
        attendance.attendance_import(event=event, data=b"email\n" + b"jan@example.org\n" * 10)
    assert raised.value.code == "too_large"
    assert attended(*people) == [None, None, None]


# --- The admin page ----------------------------------------------------------------------------


def page_url(event):
    return reverse("admin:events_event_attendance", args=[event.pk])


def test_organisers_see_the_confirmed_participants(client_a, event, people):
    participant(event, status=RegistrationStatus.PENDING, last_name="Pending")
    response = client_a.get(page_url(event))
    assert response.status_code == 200
    assert [p.last_name for p in response.context["participants"]] == ["Nowak", "Schulz", "Weber"]
    assert response.context["may_change"] is True
    assert b"attendance-import" in response.content  # an online event: the import is offered


def test_on_site_events_offer_no_import(client_a, org_a):
    on_site = past_event(organiser=org_a, format=EventFormat.ON_SITE, venue="Szczecin")
    response = client_a.get(page_url(on_site))
    assert response.status_code == 200
    assert b"attendance-import" not in response.content


def test_mark_one_and_many_from_the_page(client_a, event, people):
    anna, jan, eva = people
    response = client_a.post(page_url(event), {"action": "mark", "row": f"absent:{anna.pk}"})
    assert response.status_code == 302
    assert attended(*people) == [False, None, None]
    response = client_a.post(
        page_url(event), {"action": "mark", "mark": "present", "ids": [jan.pk, eva.pk]}
    )
    assert response.status_code == 302
    assert attended(*people) == [False, True, True]
    page = client_a.get(page_url(event))
    assert page.context["counts"] == {"present": 2, "absent": 1, "unknown": 0}


def test_import_from_the_page_lists_unmatched_rows(client_a, event, people):
    report = SimpleUploadedFile("report.csv", b"Email;Name\njan@example.org;Jan\nx@y.example;X\n")
    response = client_a.post(page_url(event), {"action": "import", "report": report})
    assert response.status_code == 200
    assert attended(*people) == [None, True, None]
    assert b"x@y.example" in response.content
    messages = [str(m) for m in response.context["messages"]]
    assert any("1 participant found in the report" in m for m in messages)


def test_a_bad_file_on_the_page_gets_a_message_not_an_error(client_a, event, people):
    report = SimpleUploadedFile("report.csv", b"\xff\xfe\xff\x00\xd8")
    response = client_a.post(page_url(event), {"action": "import", "report": report})
    assert response.status_code == 400
    assert response.context["import_form"].errors["report"]
    assert attended(*people) == [None, None, None]
    response = client_a.post(page_url(event), {"action": "import"})
    assert response.status_code == 400
    assert "Please choose the file" in str(response.context["import_form"].errors["report"])


def test_another_organisations_staff_get_not_found(client, event, people, manager_b):
    client.force_login(manager_b)
    assert client.get(page_url(event)).status_code == 404
    response = client.post(page_url(event), {"action": "mark", "row": f"present:{people[0].pk}"})
    assert response.status_code == 404
    assert attended(people[0]) == [None]


def test_co_organisers_see_the_attendance_read_only(client, event, people, org_b, manager_b):
    event.co_organisers.add(org_b)
    client.force_login(manager_b)
    response = client.get(page_url(event))
    assert response.status_code == 200
    assert response.context["may_change"] is False
    assert b'name="row"' not in response.content
    response = client.post(page_url(event), {"action": "mark", "row": f"present:{people[0].pk}"})
    assert response.status_code == 403
    assert attended(people[0]) == [None]


def test_editors_of_the_organiser_take_attendance(client, event, people, org_a):
    editor = MembershipFactory(organisation=org_a, role=MembershipRole.EDITOR).user
    client.force_login(editor)
    client.post(page_url(event), {"action": "mark", "row": f"present:{people[0].pk}"})
    assert attended(people[0]) == [True]


def test_the_page_is_linked_from_the_event_and_its_action(client_a, event):
    change = client_a.get(reverse("admin:events_event_change", args=[event.pk]))
    assert page_url(event).encode() in change.content
    response = client_a.post(
        reverse("admin:events_event_changelist"),
        {"action": "take_attendance", "_selected_action": [event.pk]},
    )
    assert response.status_code == 302 and response["Location"] == page_url(event)


def test_the_page_needs_a_fixed_number_of_queries(client_a, event, django_assert_max_num_queries):
    for index in range(3):
        participant(event, last_name=f"P{index}")
    client_a.get(page_url(event))  # warm the session and permission caches
    with django_assert_max_num_queries(10) as few:
        client_a.get(page_url(event))
    for index in range(20):
        participant(event, last_name=f"Q{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client_a.get(page_url(event))


def test_attendance_is_refused_for_an_event_not_started(client_a, org_a):
    upcoming = EventFactory(organiser=org_a, start=in_days(3))
    person = participant(upcoming)
    response = client_a.get(page_url(upcoming))
    assert response.status_code == 200 and response.context["is_open"] is False
    client_a.post(page_url(upcoming), {"action": "mark", "row": f"present:{person.pk}"})
    assert attended(person) == [None]


def test_marking_time_is_recorded(event, people):
    moment = timezone.now() - datetime.timedelta(minutes=5)
    attendance.attendance_mark(
        event=event, registration_ids=[people[0].pk], attended=True, now=moment
    )
    assert Registration.objects.get(pk=people[0].pk).attendance_marked_at == moment
