"""Translation catalogue helpers for `make messages` and the catalogue tests.

English is the source language: its catalogue repeats each message, so that no entry of any
catalogue is empty and English wording can later be edited without touching the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("de", "en", "pl")
PLURAL_FORMS = {
    "de": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "pl": ("nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);"),
}


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def fill_english() -> int:
    """Copy msgid into every empty msgstr of the English catalogue; return how many."""
    po = polib.pofile(str(catalogue_path("en")), wrapwidth=0)
    filled = 0
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            if not any(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                filled += 1
        elif not entry.msgstr:
            entry.msgstr = entry.msgid
            filled += 1
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    fix_headers(po, "en")
    po.save()
    return filled


def fix_headers(po: polib.POFile, language: str) -> None:
    po.metadata_is_fuzzy = False
    po.header = "Next2Met portal translations."
    po.metadata["Project-Id-Version"] = "next2met"
    po.metadata["Language-Team"] = language
    po.metadata.pop("Last-Translator", None)
    po.metadata.pop("PO-Revision-Date", None)
    po.metadata.pop("POT-Creation-Date", None)
    po.metadata["Language"] = language
    po.metadata["Plural-Forms"] = PLURAL_FORMS[language]
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"


def problems(language: str) -> list[str]:
    """Empty, fuzzy or wrongly pluralised entries of one catalogue, as readable lines."""
    po = polib.pofile(str(catalogue_path(language)))
    found = []
    if po.metadata_is_fuzzy:
        found.append(f"{language}: the catalogue header is marked fuzzy")
    if po.metadata.get("Plural-Forms", "").replace(" ", "") != PLURAL_FORMS[language].replace(
        " ", ""
    ):
        found.append(f"{language}: wrong Plural-Forms header {po.metadata.get('Plural-Forms')!r}")
    nplurals = 3 if language == "pl" else 2
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"{language}: fuzzy entry {entry.msgid!r}")
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(index, "") for index in range(nplurals)]
            if not all(forms):
                found.append(f"{language}: plural forms missing for {entry.msgid!r}")
        elif not entry.msgstr:
            found.append(f"{language}: empty translation for {entry.msgid!r}")
    return found


def main(argv: list[str]) -> int:
    if argv[1:] == ["fill-english"]:
        count = fill_english()
        for language in ("de", "pl"):
            po = polib.pofile(str(catalogue_path(language)), wrapwidth=0)
            fix_headers(po, language)
            po.save()
        print(f"catalogues: {count} English entries filled")
        return 0
    if argv[1:] == ["check"]:
        found = [line for language in LANGUAGES for line in problems(language)]
        print("\n".join(found) or "catalogues: complete")
        return 1 if found else 0
    print("usage: python -m tools.catalogues fill-english|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
