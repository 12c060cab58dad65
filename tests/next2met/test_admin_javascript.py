"""The admin's JavaScript (filter boxes, calendar and clock, actions) speaks German and Polish."""

import json
import re
from pathlib import Path

import django.contrib.admin
import pytest

ADMIN_JS = Path(django.contrib.admin.__file__).parent / "static" / "admin" / "js"
STRING = r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\""""
CALL = re.compile(rf"\b(gettext|ngettext|pgettext)\(\s*((?:{STRING})(?:\s*,\s*(?:{STRING}))*)")

pytestmark = pytest.mark.django_db


def _unquote(literal: str) -> str:
    return re.sub(r"\\(.)", r"\1", literal[1:-1])


def admin_messages() -> set[str]:
    """The catalogue keys of every message the admin's own scripts translate."""
    keys = set()
    for script in ADMIN_JS.rglob("*.js"):
        if "vendor" in script.parts or script.name.endswith(".min.js"):
            continue
        for function, arguments in CALL.findall(script.read_text(encoding="utf-8")):
            strings = [_unquote(literal) for literal in re.findall(STRING, arguments)]
            if function == "pgettext":
                keys.add(f"{strings[0]}\x04{strings[1]}")
            else:
                keys.add(strings[0])
    return keys


def test_the_admin_scripts_are_found():
    keys = admin_messages()
    # SelectFilter2.js, calendar.js, DateTimeShortcuts.js and actions.js
    assert {"Choose all %s", "January", "Now", "%(sel)s of %(cnt)s selected"} <= keys
    assert "abbrev. month January\x04Jan" in keys


@pytest.mark.parametrize("language", ["de", "pl"])
def test_every_admin_script_message_is_translated(admin_client, language):
    response = admin_client.get(f"/{language}/admin/jsi18n/")
    assert response.status_code == 200
    found = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    assert found, "no catalogue in the response"
    catalogue = json.loads(found[1])
    missing = sorted(key for key in admin_messages() if not catalogue.get(key))
    assert missing == []


def test_german_filter_boxes_name_the_chosen_things(admin_client):
    catalogue = admin_client.get("/de/admin/jsi18n/").content.decode()
    assert json.dumps("Alle %s auswählen") in catalogue
    assert json.dumps("Markierte %s entfernen") in catalogue
