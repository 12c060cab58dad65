"""Rules for text typed into public forms: NFC, and no characters that disguise text."""

from __future__ import annotations

import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Characters that make text display differently from what it says: `abc\u202egnp.exe` shows
# as `abcexe.png`. Embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the
# direction marks (U+200E, U+200F, U+061C): none is needed in the portal's languages.
DIRECTION_CONTROLS = frozenset(
    chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
)
# Zero-width space, non-joiner, joiner, word joiner, byte order mark and the tag characters
# (U+E0000–U+E007F): invisible, they make equal-looking names differ or hide text.
INVISIBLE_CHARACTERS = frozenset("\u200b\u200c\u200d\u2060\ufeff") | frozenset(
    chr(code) for code in range(0xE0000, 0xE0080)
)
# Everything str.splitlines() breaks at.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Line breaks and tabs a multi-line text may hold.
MULTILINE_ALLOWED = frozenset("\n\r\t\u2028\u2029")


def _code_point(character: str) -> str:
    return f"U+{ord(character):04X}"


@deconstructible
class PlainTextValidator:
    """Refuse characters that hide or disguise text, naming the first one found.

    Single-line text takes no line break and no control character; multi-line text may hold
    line breaks and tabs. NUL is left to Django's own validator of text fields.
    """

    messages = {
        "direction": _(
            "Please remove the invisible character that changes the direction of the text "
            "(%(character)s): it makes the text appear different from what it is."
        ),
        "invisible": _("Please remove the invisible character (%(character)s)."),
        "control": _("Please remove the control character (%(character)s)."),
        "line_break": _("Please write this on one line, without line breaks."),
    }

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        problem = self.problem(str(value))
        if problem is not None:
            code, character = problem
            raise ValidationError(
                self.messages[code], code=code, params={"character": _code_point(character)}
            )

    def problem(self, value: str) -> tuple[str, str] | None:
        """The kind of the first disallowed character and the character, or None."""
        for character in value:
            if character in DIRECTION_CONTROLS:
                return "direction", character
            if character in INVISIBLE_CHARACTERS:
                return "invisible", character
            if self.multiline:
                if character in MULTILINE_ALLOWED:
                    continue
            elif character in LINE_BREAKS:
                return "line_break", character
            if character != "\x00" and unicodedata.category(character) == "Cc":
                return "control", character
        return None

    def __eq__(self, other) -> bool:
        return isinstance(other, PlainTextValidator) and other.multiline == self.multiline


def normalise_text(value: str) -> str:
    """Unicode NFC: one spelling for text that looks the same (é, not e + combining accent)."""
    return unicodedata.normalize("NFC", value)


class PlainTextFormMixin:
    """For every text field of a public form: NFC, and no characters that disguise text.

    Text fields are the form's `CharField`s (e-mail fields included); a field is multi-line
    when its widget is a textarea. Submitted text is normalised before the fields see it, so
    lengths are checked, and values stored, in NFC.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_fields = [
            name for name, field in self.fields.items() if isinstance(field, forms.CharField)
        ]
        for name in text_fields:
            field = self.fields[name]
            multiline = isinstance(field.widget, forms.Textarea)
            field.validators.append(PlainTextValidator(multiline=multiline))
        if self.is_bound:
            self.data = _normalised_data(self.data, {self.add_prefix(name) for name in text_fields})


def _normalised_data(data, keys: set[str]):
    if hasattr(data, "getlist"):  # QueryDict, MultiValueDict
        data = data.copy()
        for key in keys & set(data.keys()):
            data.setlist(
                key,
                [normalise_text(v) if isinstance(v, str) else v for v in data.getlist(key)],
            )
        return data
    return {
        key: normalise_text(value) if key in keys and isinstance(value, str) else value
        for key, value in data.items()
    }


HONEYPOT_FIELD = "homepage"
STARTED_MAX_AGE = 24 * 3600


class SpamGuardFormMixin(forms.Form):
    """The guards of a public form without an account: a honeypot field people do not see and
    a signed start time, so that a form sent faster than `EVENTS_FORM_MIN_SECONDS` after it
    was shown, or older than a day, is sent back with a message (typed values kept).

    Subclasses set `started_salt`, so that a start time of one form does not pass another."""

    started_salt: str = ""

    homepage = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD].widget.attrs.update(autocomplete="off", tabindex="-1")
        if not self.is_bound:
            self.initial["started"] = self.started_token()

    def started_token(self) -> str:
        return signing.dumps(time.time(), salt=self.started_salt)

    @property
    def is_spam(self) -> bool:
        """A filled honeypot: answered like a success, but nothing is stored or sent."""
        return bool(self.data.get(HONEYPOT_FIELD))

    def started_value(self) -> str:
        """The form's start time to render again: kept while valid, otherwise a fresh one."""
        value = self.data.get("started", "") if self.is_bound else self.initial.get("started")
        try:
            signing.loads(value or "", salt=self.started_salt, max_age=STARTED_MAX_AGE)
        except signing.BadSignature:
            return self.started_token()
        return value

    def clean(self):
        cleaned = super().clean()
        invalid = forms.ValidationError(
            _("The form could not be checked. Please send it again."), code="invalid"
        )
        try:
            started = signing.loads(
                self.data.get("started", ""), salt=self.started_salt, max_age=STARTED_MAX_AGE
            )
            elapsed = time.time() - float(started)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("The form was open for too long. Please check your entries and send it again."),
                code="expired",
            ) from None
        except (signing.BadSignature, TypeError, ValueError):
            raise invalid from None
        if elapsed < settings.EVENTS_FORM_MIN_SECONDS:
            raise forms.ValidationError(
                _("The form was sent unusually fast. Please check your entries and send it again."),
                code="too_fast",
            )
        return cleaned
