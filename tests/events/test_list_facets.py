"""The event list's filters count and order their choices as every faceted list does."""

import re

import pytest

from tests.events.factories import EventFactory
from tests.partners.factories import OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def option_labels(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select {name}"
    return [label.strip() for label in re.findall(r"<option [^>]*>(.*?)</option>", select[1])]


def test_organisers_and_projects_are_in_the_alphabetical_order_of_the_language(client):
    for name in ("Zentrum Nord", "Ärztekammer Stettin"):
        EventFactory(organiser=OrganisationFactory(name_en=name))
    bank = OrganisationFactory(name_en="Bank West")
    for acronym in ("ZUKUNFT", "Ökoregion", "BRIDGE"):
        EventFactory(project=ProjectFactory(acronym=acronym), organiser=bank)
    page = client.get("/de/events/").content.decode()
    assert option_labels(page, "organiser") == [
        "Alle Veranstalter",
        "Ärztekammer Stettin (1)",
        "Bank West (3)",
        "Zentrum Nord (1)",
    ]
    assert option_labels(page, "project")[1:] == ["BRIDGE (1)", "Ökoregion (1)", "ZUKUNFT (1)"]
