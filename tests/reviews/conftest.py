"""Fixtures and helpers of the review tests: published entries of organisation A, the staff who
change them, and the admin change form as a browser sends it."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from next2met.models import StaffLanguage
from partners.models import MembershipRole
from partners.roles import Role
from tests.events.factories import EventFactory
from tests.measures.factories import MeasureFactory, ThemeFactory
from tests.partners.factories import MembershipFactory, UserFactory


class _AdminFormReader(HTMLParser):
    """The fields a browser sends with the admin's change form (`<form id="…_form">`): text
    inputs, hidden inputs, checked boxes, selected options and text areas, as the page shows
    them; buttons and files are left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._inside = False
        self._select: dict | None = None
        self._textarea: list | None = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._inside = (attributes.get("id") or "").endswith("_form")
            return
        if not self._inside or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self._add(name, attributes.get("value") or "on")
                return
            self._add(name, attributes.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {
                "name": name,
                "multiple": "multiple" in attributes,
                "first": None,
                "chosen": [],
            }
        elif tag == "option" and self._select is not None:
            value = attributes.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attributes:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._add(name, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select = self._select
            chosen = select["chosen"]
            if not chosen and not select["multiple"] and select["first"] is not None:
                chosen = [select["first"]]
            self.data.setdefault(select["name"], []).extend(chosen)
            self._select = None


def form_fields(html: str) -> dict[str, list[str]]:
    reader = _AdminFormReader()
    reader.feed(html)
    return reader.data


def admin_url(obj, action: str = "change", *args) -> str:
    meta = obj._meta
    with translation.override("en"):
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk, *args])


def open_form(client, obj) -> dict[str, list[str]]:
    """The change form of `obj` as the page shows it (with its `_review_token`)."""
    response = client.get(admin_url(obj))
    assert response.status_code == 200
    return form_fields(response.content.decode())


def post_form(client, obj, changes: dict | None = None, *, form=None, **extra):
    """Send the change form of `obj` (opened now, or `form`) with `changes`; a value None
    leaves the field out."""
    data = dict(open_form(client, obj) if form is None else form)
    for name, value in {**(changes or {}), **extra}.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [str(value)]
    return client.post(admin_url(obj), data)


def form_errors(response) -> dict:
    form = response.context["adminform"].form
    return {"errors": form.errors, "non_field": list(form.non_field_errors())}


# --- People ------------------------------------------------------------------------------


@pytest.fixture
def trusted_manager(org_b):
    """A manager of organisation B, which a portal editor marked as trusted."""
    org_b.trusted = True
    org_b.save()
    return MembershipFactory(
        organisation=org_b, role=MembershipRole.MANAGER, user__username="trusted-manager"
    ).user


@pytest.fixture
def reviewers(db):
    """Two portal editors with e-mail, one working in German, one in Polish."""
    made = {}
    for username, language in (("jens", "de"), ("ewa", "pl")):
        user = UserFactory(
            username=username, email=f"{username}@example.org", is_staff=True, first_name=username
        )
        user.groups.add(Group.objects.get(name=Role.PORTAL_EDITOR))
        StaffLanguage.objects.create(user=user, language=language)
        made[username] = user
    return made


# --- Entries -----------------------------------------------------------------------------


@pytest.fixture
def themes(db):
    return [
        ThemeFactory(slug="energy", name_en="Energy", name_de="Energie", name_pl="Energia"),
        ThemeFactory(slug="health", name_en="Health", name_de="Gesundheit", name_pl="Zdrowie"),
        ThemeFactory(
            slug="skills", name_en="Skills", name_de="Kompetenzen", name_pl="Umiejętności"
        ),
        ThemeFactory(slug="water", name_en="Water", name_de="Wasser", name_pl="Woda"),
    ]


@pytest.fixture
def measure(org_a, themes):
    """A published measure of organisation A."""
    return MeasureFactory(
        organisation=org_a,
        slug="broadband",
        title_en="Broadband for villages",
        title_de="Breitband für Dörfer",
        title_pl="Szerokopasmowy internet dla wsi",
        themes=[themes[0]],
    )


@pytest.fixture
def event(org_a):
    """A published event of organisation A."""
    return EventFactory(organiser=org_a, slug="matchmaking", title_en="Matchmaking day")
