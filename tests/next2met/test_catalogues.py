"""The translation catalogues are complete: no empty or fuzzy entry, correct plural forms."""

import polib
import pytest

from tools import catalogues


@pytest.mark.parametrize("language", ["de", "en", "pl"])
def test_catalogue_is_complete(language):
    assert catalogues.problems(language) == []


def test_polish_catalogue_has_three_plural_forms():
    po = polib.pofile(str(catalogues.catalogue_path("pl")))
    header = po.metadata["Plural-Forms"].replace(" ", "")
    assert header.startswith("nplurals=3;")
    assert "n%10>=2&&n%10<=4&&(n%100<12||n%100>14)" in header


def test_problems_reports_empty_fuzzy_and_wrong_plural_header(tmp_path, monkeypatch):
    po = polib.POFile()
    po.metadata = {"Plural-Forms": "nplurals=2; plural=(n != 1);", "Language": "pl"}
    po.append(polib.POEntry(msgid="Events", msgstr=""))
    po.append(polib.POEntry(msgid="Measures", msgstr="Działania", flags=["fuzzy"]))
    po.append(
        polib.POEntry(
            msgid="%(n)s seat",
            msgid_plural="%(n)s seats",
            msgstr_plural={0: "%(n)s miejsce", 1: "%(n)s miejsca", 2: ""},
        )
    )
    folder = tmp_path / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po.save(str(folder / "django.po"))
    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path)
    found = catalogues.problems("pl")
    assert any("wrong Plural-Forms" in line for line in found)
    assert any("empty translation for 'Events'" in line for line in found)
    assert any("fuzzy entry 'Measures'" in line for line in found)
    assert any("plural forms missing" in line for line in found)
