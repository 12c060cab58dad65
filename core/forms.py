"""Rules for text typed into public forms: NFC, and no characters that disguise text."""

from __future__ import annotations

import unicodedata

from django import forms
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
