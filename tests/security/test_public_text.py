"""Text typed into public forms: no characters that disguise it, one Unicode spelling (NFC).

`abc\u202egnp.exe` would show as `abcexe.png` in the admin; zero-width characters make two
equal-looking names differ; control characters and line breaks in names end up in e-mails and
exports. Such text is refused with a message that names the character; all text is stored NFC.
"""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.forms import DIRECTION_CONTROLS, INVISIBLE_CHARACTERS, LINE_BREAKS
from events.forms import RegistrationForm
from events.models import EventKind, Registration
from next2met.forms import StaffPasswordResetForm
from tests.events.factories import EventFactory

from .helpers import registration_data

SINGLE_LINE = ("first_name", "last_name", "organisation", "position")
MULTI_LINE = ("message", "profile_offer", "profile_seek")

# (Every test here needs the database: the security tests empty the shared cache around each.)
pytestmark = pytest.mark.django_db


def post(client, event, **changes):
    return client.post(reverse("events:register", args=[event.slug]), registration_data(**changes))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("first_name", "abc\u202egnp.exe", "changes the direction of the text (U+202E)"),
        ("last_name", "Now\u2067ak", "changes the direction of the text (U+2067)"),
        ("organisation", "Klaster\u200bICT", "invisible character (U+200B)"),
        ("organisation", "\ufeffKlaster", "invisible character (U+FEFF)"),
        ("position", "Chef\u2060in", "invisible character (U+2060)"),
        ("first_name", "An\x07na", "control character (U+0007)"),
        ("first_name", "An\tna", "control character (U+0009)"),
        ("last_name", "Nowak\r\nBcc: x@example.org", "on one line, without line breaks"),
        ("organisation", "Klaster\u2028ICT", "on one line, without line breaks"),
        ("message", "Hello\x1b[31m", "control character (U+001B)"),
        ("message", "Hello\u202d", "changes the direction of the text (U+202D)"),
        ("profile_offer", "IT\u200dservices", "invisible character (U+200D)"),
        ("profile_seek", "Part\x0cners", "control character (U+000C)"),
        ("email", "anna@exam\u202eple.org", "changes the direction of the text (U+202E)"),
        ("last_name", "Nowak\u200f", "changes the direction of the text (U+200F)"),
        ("organisation", "Klaster\U000e0041ICT", "invisible character (U+E0041)"),
    ],
)
def test_disguising_characters_are_refused_by_name_and_the_form_kept(client, name, value, message):
    event = EventFactory(kind=EventKind.MATCHMAKING)
    response = post(client, event, **{"organisation": "Klaster <Ost>", name: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    kept = 'value="anna@example.org"' if name == "organisation" else 'value="Klaster &lt;Ost&gt;"'
    assert kept in html
    assert not Registration.objects.exists()


def test_the_messages_are_translated(client):
    event = EventFactory()
    response = client.post(
        f"/pl/events/{event.slug}/register/", registration_data(first_name="abc\u202egnp.exe")
    )
    assert "Usuń niewidoczny znak zmieniający kierunek tekstu (U+202E)" in response.content.decode()


def test_multi_line_text_keeps_its_lines_and_tabs(client):
    event = EventFactory(kind=EventKind.MATCHMAKING)
    response = post(
        client,
        event,
        message="Guten Tag,\r\nwir kommen zu zweit.\r\n\r\n\tAnna",
        profile_offer="IT-Beratung\nSchulungen",
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.message == "Guten Tag,\r\nwir kommen zu zweit.\r\n\r\n\tAnna"
    assert registration.profile_offer == "IT-Beratung\nSchulungen"


def test_text_is_stored_in_one_unicode_spelling(client):
    event = EventFactory(kind=EventKind.MATCHMAKING)
    decomposed = unicodedata.normalize("NFD", "Zoë Wąsowska-Müller")
    response = post(
        client,
        event,
        first_name=decomposed.split()[0],
        last_name=decomposed.split()[1],
        organisation=unicodedata.normalize("NFD", "Łódzki Klaster Ćwiczeń"),
        email=unicodedata.normalize("NFD", "zoe@przykład.pl"),
        profile_seek=unicodedata.normalize("NFD", "Partnerów z Śląska"),
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.first_name == "Zoë" and len(registration.first_name) == 3
    assert registration.last_name == "Wąsowska-Müller"
    assert registration.organisation == "Łódzki Klaster Ćwiczeń"
    assert registration.email == "zoe@przykład.pl"
    assert registration.profile_seek == "Partnerów z Śląska"


def test_the_password_reset_refuses_a_disguised_address_and_sends_nothing(client, mailoutbox):
    response = client.post("/en/admin/password_reset/", {"email": "staff@exam\u202eple.org"})
    assert response.status_code == 200
    assert "changes the direction of the text (U+202E)" in response.content.decode()
    assert mailoutbox == []


def test_the_password_reset_address_is_normalised():
    form = StaffPasswordResetForm({"email": unicodedata.normalize("NFD", "staff@przykład.pl")})
    assert form.is_valid()
    assert form.cleaned_data["email"] == "staff@przykład.pl"


# --- Property: refused exactly when a disguising character is there ---------------------------

FORBIDDEN_EVERYWHERE = DIRECTION_CONTROLS | INVISIBLE_CHARACTERS


def disguising(text: str, *, multiline: bool) -> bool:
    for character in text:
        if character in FORBIDDEN_EVERYWHERE:
            return True
        if multiline and character in "\n\r\t\u2028\u2029":
            continue
        if character in LINE_BREAKS or unicodedata.category(character) == "Cc":
            return True
    return False


interesting = st.sampled_from(
    sorted(FORBIDDEN_EVERYWHERE | LINE_BREAKS)
    + ["\t", "\x07", "\x7f", "\x9b", "e\u0301", "A\u030a", "\u00ad", "\u200e", " "]
)
drawn_text = st.lists(
    st.one_of(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), interesting),
    min_size=1,
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=drawn_text, name=st.sampled_from(SINGLE_LINE + MULTI_LINE))
def test_a_text_field_refuses_exactly_the_disguising_characters(text, name):
    event = EventFactory.build(kind=EventKind.MATCHMAKING)
    form = RegistrationForm(registration_data(**{name: text}), event=event)
    form.is_valid()
    multiline = name in MULTI_LINE
    expected = unicodedata.normalize("NFC", text)
    # What the field stores after its own trimming of surrounding whitespace.
    stored = expected.strip()
    if disguising(stored, multiline=multiline):
        assert name in form.errors
        (error,) = form.errors.as_data()[name]
        assert error.code in ("direction", "invisible", "control", "line_break")
    elif stored or name not in ("first_name", "last_name", "organisation"):
        assert name not in form.errors, form.errors
        value = form.cleaned_data[name]
        assert value == stored
        assert unicodedata.is_normalized("NFC", value)
