"""Questions organisers add to an event's registration form: asked in the registrant's language,
checked, stored with the registration, changeable until registration closes, in the organisers'
export, erased with the person, and never lost when a question changes."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import RateCounter
from events import selectors, services
from events.models import (
    Answer,
    Event,
    Question,
    QuestionChoice,
    QuestionKind,
    Registration,
    RegistrationStatus,
)
from tests.events.factories import EventFactory, manage_token
from tests.events.helpers import registration_data

pytestmark = pytest.mark.django_db


def question(event, kind, text_en, *, required=False, position=0, choices=(), **texts):
    made = Question.objects.create(
        event=event, kind=kind, text_en=text_en, required=required, position=position, **texts
    )
    for index, (label_en, label_pl) in enumerate(choices):
        QuestionChoice.objects.create(
            question=made, label_en=label_en, label_pl=label_pl, position=index
        )
    return made


@pytest.fixture
def event(org_a):
    event = EventFactory(organiser=org_a, capacity=20, title_en="Workshop in Gorzów")
    question(
        event,
        QuestionKind.CHOICE,
        "Which interpretation do you need?",
        text_pl="Jakiego tłumaczenia potrzebujesz?",
        required=True,
        position=1,
        choices=[("German–Polish", "niemiecko-polskie"), ("None", "żadnego")],
    )
    question(
        event,
        QuestionKind.CHOICES,
        "What interests you?",
        text_pl="Co Cię interesuje?",
        position=2,
        choices=[("Clusters", "Klastry"), ("Training", "Szkolenia"), ("Funding", "Finansowanie")],
    )
    question(event, QuestionKind.YES_NO, "Do you come by train?", required=True, position=3)
    question(event, QuestionKind.COUNTRY, "Where is your team?", position=4)
    question(
        event,
        QuestionKind.LONG_TEXT,
        "Accessibility needs",
        text_pl="Potrzeby dotyczące dostępności",
        position=5,
    )
    question(event, QuestionKind.SHORT_TEXT, "What do you expect?", position=6)
    return event


def field(event, text_en):
    return Question.objects.get(event=event, text_en=text_en).field_name


def choice(event, label_en):
    return str(QuestionChoice.objects.get(question__event=event, label_en=label_en).pk)


def answers_data(event, **changes):
    data = {
        field(event, "Which interpretation do you need?"): choice(event, "German–Polish"),
        field(event, "What interests you?"): [choice(event, "Clusters"), choice(event, "Funding")],
        field(event, "Do you come by train?"): "yes",
        field(event, "Where is your team?"): "PL",
        field(event, "Accessibility needs"): "Step-free access, please.",
        field(event, "What do you expect?"): '=HYPERLINK("x")',
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def register(client, event, language="pl", **changes):
    data = {**registration_data(), **answers_data(event, **changes)}
    response = client.post(f"/{language}/events/{event.slug}/register/", data)
    # The request left its language active in this thread: back to the tests' own.
    translation.activate("en")
    return response


def test_the_form_asks_the_questions_in_the_registrants_language_with_fallback(client, event):
    html = client.get(f"/pl/events/{event.slug}/register/").content.decode()

    assert "Pytania od organizatorów" in html
    assert "Jakiego tłumaczenia potrzebujesz?" in html
    assert "niemiecko-polskie" in html
    # No Polish text for this question: the English one, marked optional in Polish.
    assert "What do you expect? (opcjonalnie)" in html
    assert 'type="radio"' in html and 'type="checkbox"' in html


def test_answers_are_stored_with_the_registration(client, event):
    response = register(client, event)

    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    given = {answer.question.text_en: answer for answer in registration.answers.all()}
    assert given["Which interpretation do you need?"].choices.get().label_en == "German–Polish"
    assert {c.label_en for c in given["What interests you?"].choices.all()} == {
        "Clusters",
        "Funding",
    }
    assert given["Do you come by train?"].text == "yes"
    assert given["Where is your team?"].text == "PL"
    assert given["Accessibility needs"].text == "Step-free access, please."


def test_missing_and_invalid_answers_are_refused_in_the_language_and_kept(client, event):
    other_event = EventFactory()
    foreign = question(other_event, QuestionKind.CHOICE, "Elsewhere", choices=[("A", "A")])
    response = register(
        client,
        event,
        **{
            field(event, "Which interpretation do you need?"): str(
                foreign.choices.get().pk
            ),  # another question's answer
            field(event, "Do you come by train?"): None,  # required, missing
            field(event, "Where is your team?"): "XX",
            field(event, "What do you expect?"): "x" * 301,
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "To pole jest wymagane." in html
    assert "Wybierz poprawną wartość" in html
    assert "Step-free access, please." in html  # what was typed is kept
    assert not Registration.objects.exists()
    assert not Answer.objects.exists()


def test_hostile_text_in_an_answer_is_refused(client, event):
    response = register(client, event, **{field(event, "What do you expect?"): "abc\u202egnp.exe"})
    assert response.status_code == 200
    assert "zmieniający kierunek tekstu" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_retired_question_is_no_longer_asked_and_its_answers_stay(client, event):
    register(client, event)
    asked = Question.objects.get(text_en="Accessibility needs")
    asked.retired_at = timezone.now()
    asked.save()

    html = client.get(f"/en/events/{event.slug}/register/").content.decode()
    assert "Accessibility needs" not in html
    assert Answer.objects.filter(question=asked).get().text == "Step-free access, please."


def test_answered_questions_and_chosen_answers_cannot_be_deleted(client, event):
    register(client, event)
    with pytest.raises(ProtectedError):
        Question.objects.get(text_en="Accessibility needs").delete()
    with pytest.raises(ProtectedError):
        QuestionChoice.objects.get(label_en="Funding").delete()
    # An answer nobody chose goes.
    QuestionChoice.objects.get(label_en="Training").delete()


def test_the_admin_refuses_to_delete_an_answered_question(client_a, event, client):
    register(client, event)
    answered = Question.objects.get(text_en="Accessibility needs")
    response = client_a.post(
        reverse("admin:events_question_delete", args=[answered.pk]), {"post": "yes"}
    )
    assert response.status_code == 200
    assert Question.objects.filter(pk=answered.pk).exists()
    # The confirmation page names the answers that protect it.
    assert "Accessibility needs: Step-free access, please." in response.content.decode()


def test_questions_are_confined_to_the_organisers(client, manager_b, event):
    client.force_login(manager_b)
    listing = client.get(reverse("admin:events_question_changelist"))
    assert listing.status_code == 200
    assert "Which interpretation" not in listing.content.decode()
    some = Question.objects.filter(event=event).first()
    assert client.get(reverse("admin:events_question_change", args=[some.pk])).status_code in (
        302,
        404,
    )


def manage_url(registration, language="pl"):
    return f"/{language}/events/registration/{manage_token(registration)}/"


def test_the_manage_page_shows_and_changes_the_answers(client, event):
    register(client, event)
    registration = Registration.objects.get()
    page = client.get(manage_url(registration))
    html = page.content.decode()
    assert "Twoje odpowiedzi" in html
    assert "Step-free access, please." in html

    data = {"action": "answers"}
    data.update(
        {
            f"answers-{key}": value
            for key, value in answers_data(
                event,
                **{
                    field(event, "Accessibility needs"): "A sign-language interpreter.",
                    field(event, "What interests you?"): [choice(event, "Training")],
                },
            ).items()
        }
    )
    response = client.post(manage_url(registration), data)

    assert response.status_code == 302
    given = {a.question.text_en: a for a in Answer.objects.filter(registration=registration)}
    assert given["Accessibility needs"].text == "A sign-language interpreter."
    assert [c.label_en for c in given["What interests you?"].choices.all()] == ["Training"]


def test_invalid_changes_of_answers_keep_the_old_ones(client, event):
    register(client, event)
    registration = Registration.objects.get()
    url = reverse("events:manage", args=[manage_token(registration)])
    data = {"action": "answers"}
    data.update(
        {
            f"answers-{key}": value
            for key, value in answers_data(
                event, **{field(event, "Do you come by train?"): "maybe"}
            ).items()
        }
    )
    response = client.post(url, data)

    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    train = Answer.objects.get(registration=registration, question__text_en="Do you come by train?")
    assert train.text == "yes"


def test_answers_are_fixed_once_registration_closes(client, event):
    register(client, event)
    registration = Registration.objects.get()
    Event.objects.filter(pk=event.pk).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    url = reverse("events:manage", args=[manage_token(registration)])

    html = client.get(url).content.decode()
    assert "Step-free access, please." in html
    assert 'name="action" value="answers"' not in html

    data = {"action": "answers", f"answers-{field(event, 'Accessibility needs')}": "Changed"}
    response = client.post(url, data)
    assert response.status_code == 409
    assert Answer.objects.get(question__text_en="Accessibility needs").text != "Changed"


def test_the_export_has_a_column_per_question_and_is_formula_safe(client, client_a, event):
    register(client, event)
    response = client_a.post(
        reverse("admin:events_event_changelist"),
        {"action": "export_participants", ACTION_CHECKBOX_NAME: [event.pk]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))

    assert cells["Which interpretation do you need?"] == "German–Polish"
    assert cells["What interests you?"] == "Clusters; Funding"
    assert cells["Do you come by train?"] == "yes"
    assert cells["Where is your team?"] == "Poland"
    assert cells["Accessibility needs"] == "Step-free access, please."
    assert cells["What do you expect?"] == '\'=HYPERLINK("x")'


def test_erasure_removes_every_answer(client, event):
    register(client, event)
    registration = Registration.objects.get()

    services.registration_erase(registration=registration)

    assert not Answer.objects.exists()


def test_the_purge_keeps_only_answers_that_say_nothing_about_the_person(client, event, settings):
    settings.EVENTS_PURGE_DAYS = 30
    register(client, event)
    registration = Registration.objects.get()
    services.registration_confirm(registration=registration)
    past = timezone.now() - datetime.timedelta(days=40)
    Event.objects.filter(pk=event.pk).update(start=past, end=past + datetime.timedelta(hours=2))

    call_command("purge_registrations", stdout=io.StringIO())

    kept = {a.question.kind for a in Answer.objects.filter(registration=registration)}
    assert kept == {
        QuestionKind.CHOICE,
        QuestionKind.CHOICES,
        QuestionKind.YES_NO,
        QuestionKind.COUNTRY,
    }
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED


def test_registration_form_query_count_does_not_grow_with_questions(
    client, event, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert client.get(f"/en/events/{event.slug}/register/").status_code == 200
    for position in range(10):
        question(event, QuestionKind.CHOICE, f"Extra {position}", choices=[("a", "a"), ("b", "b")])
    with django_assert_max_num_queries(8):
        assert client.get(f"/en/events/{event.slug}/register/").status_code == 200


def test_given_answers_follow_the_language(client, event):
    register(client, event)
    registration = Registration.objects.get()
    from django.utils.translation import override

    with override("pl"):
        shown = {
            given.question: given.answer
            for given in selectors.registration_answers(registration=registration)
        }
    assert shown["Jakiego tłumaczenia potrzebujesz?"] == "niemiecko-polskie"
    assert shown["Do you come by train?"] == "tak"
    assert shown["Where is your team?"] == "Polska"


ANSWER_VALUES = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(["yes", "no", "PL", "DE", "0", "-1", "999999999999", "\x00", "\u202e"]),
    st.lists(st.sampled_from(["1", "2", "x", ""]), max_size=3),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_combination_of_answers_is_stored_whole_or_refused(client, event, data):
    """Any subset of the questions answered with valid, foreign or hostile values: the form is
    accepted and every answer stored, or refused with nothing stored; never a server error."""
    Registration.objects.all().delete()
    RateCounter.objects.all().delete()  # every example is a first visit
    valid = answers_data(event)
    chosen = {}
    for name, good in valid.items():
        use = data.draw(st.sampled_from(["good", "missing", "drawn"]), label=name)
        if use == "good":
            chosen[name] = good
        elif use == "drawn":
            value = data.draw(ANSWER_VALUES, label=f"{name} value")
            if value is not None:
                chosen[name] = value
    payload = {**registration_data(email="h@example.org"), **chosen}
    response = client.post(f"/en/events/{event.slug}/register/", payload)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert not Registration.objects.exists()
        assert not Answer.objects.exists()
    else:
        registration = Registration.objects.get()
        several = field(event, "What interests you?")

        def answered(name, value) -> bool:
            # As the form reads a posted value: every item for several choices, otherwise the
            # last one, with white space trimmed.
            values = value if isinstance(value, list) else [value]
            if name == several:
                return bool(values)
            return bool(values and values[-1].strip())

        stored = Answer.objects.filter(registration=registration).count()
        assert stored == sum(answered(name, value) for name, value in chosen.items())


def error_links(html: str) -> list[str]:
    """The targets of the error summary's links, each checked to exist on the page."""
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    for target in targets:
        assert f'id="{target}"' in html, f"the error summary links to a missing #{target}"
    return targets


@pytest.mark.parametrize("language", ["de", "en", "pl"])
def test_error_summary_links_reach_every_kind_of_question(client, event, language):
    """Radio buttons and checkboxes have no element with the field's own id: the summary links
    to the first of them."""
    response = register(
        client,
        event,
        language=language,
        **{
            field(event, "Which interpretation do you need?"): None,
            field(event, "Do you come by train?"): None,
            field(event, "What interests you?"): ["999999"],
            field(event, "Where is your team?"): "XX",
        },
    )
    assert response.status_code == 200
    assert not Registration.objects.exists()
    targets = error_links(response.content.decode())
    assert len(targets) == 4
    assert f"id_{field(event, 'Which interpretation do you need?')}_0" in targets
