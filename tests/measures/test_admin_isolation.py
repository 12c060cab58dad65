"""The partners' admin isolation matrix, run for measures, plus the measure admin's own rules.

The matrix's checks (tests/partners/test_admin_isolation.py) are taken over unchanged and run
with the rows below: partner staff of organisation A never reach organisation B's measures.
"""

import io
import types

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from core.workflow import Status
from measures.models import Measure
from tests.measures.factories import MeasureFactory, ThemeFactory
from tests.partners import test_admin_isolation as matrix
from tests.partners.isolation_cases import ScopedAdminCase

client_a = matrix.client_a
client_portal = matrix.client_portal

pytestmark = pytest.mark.django_db


def _make_measure(organisation):
    return MeasureFactory(
        organisation=organisation,
        slug=f"measure-of-{organisation.slug}",
        title_en=f"Measure of {organisation.name_en}",
        status=Status.DRAFT,
    )


MEASURE_CASES = [
    ScopedAdminCase(
        id="measure",
        model=Measure,
        make=_make_measure,
        # Drafts of other organisations are never offered as "inspired by".
        autocomplete_from=(("measures", "inspiration", "source"),),
        change_data=lambda obj: {
            "title_en": "Changed by someone else",
            "slug": obj.slug,
            "summary_en": "Changed.",
            "kind": "service",
            "themes": [theme.pk for theme in obj.themes.all()],
            "organisation": obj.organisation_id,
            "country": "DE",
            "start_year": "2020",
            "inspirations_received-TOTAL_FORMS": "0",
            "inspirations_received-INITIAL_FORMS": "0",
        },
    ),
]


@pytest.fixture
def entries(org_a, org_b, manager_a, manager_b):
    return {case.id: (case.make(org_a), case.make(org_b)) for case in MEASURE_CASES}


def _rerun(test):
    """The matrix's test function, parametrised with the measure rows instead of its own."""
    clone = types.FunctionType(
        test.__code__, test.__globals__, test.__name__, test.__defaults__, test.__closure__
    )
    marks = [
        mark
        for mark in getattr(test, "pytestmark", [])
        if not (mark.name == "parametrize" and mark.args[0] == "case")
    ]
    cases = [pytest.param(case, id=case.id) for case in MEASURE_CASES]
    clone.pytestmark = [*marks, pytest.mark.parametrize("case", cases).mark]
    return clone


for _name in dir(matrix):
    _test = getattr(matrix, _name)
    if _name.startswith("test_") and any(
        mark.name == "parametrize" and mark.args[0] == "case"
        for mark in getattr(_test, "pytestmark", [])
    ):
        globals()[_name] = _rerun(_test)


# --- The measure admin's own rules ----------------------------------------------------------


def _form_data(organisation, themes, **changes):
    data = {
        "title_en": "Digital coffee",
        "slug": "digital-coffee",
        "summary_en": "A fortnightly online meeting.",
        "description_en": '<p onclick="steal()">Members <script>x()</script>meet.</p>',
        "kind": "network",
        "themes": [theme.pk for theme in themes],
        "organisation": organisation.pk,
        "country": "PL",
        "start_year": "2020",
        "inspirations_received-TOTAL_FORMS": "0",
        "inspirations_received-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_editor_adds_a_measure_with_sanitised_text(client, editor_a, org_a):
    client.force_login(editor_a)
    theme = ThemeFactory()
    response = client.post(reverse("admin:measures_measure_add"), _form_data(org_a, [theme]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    measure = Measure.objects.get(slug="digital-coffee")
    assert measure.description_en == "<p>Members meet.</p>"
    assert measure.status == Status.DRAFT
    assert list(measure.theme_ids) == [theme.pk]


@pytest.mark.parametrize("count", [0, 4])
def test_a_measure_has_one_to_three_themes(client, editor_a, org_a, count):
    client.force_login(editor_a)
    themes = ThemeFactory.create_batch(count)
    response = client.post(reverse("admin:measures_measure_add"), _form_data(org_a, themes))
    assert response.status_code == 200
    assert "themes" in response.context["adminform"].form.errors
    assert not Measure.objects.filter(slug="digital-coffee").exists()


def test_editor_cannot_create_a_measure_for_another_organisation(client, editor_a, org_b):
    client.force_login(editor_a)
    response = client.post(
        reverse("admin:measures_measure_add"), _form_data(org_b, [ThemeFactory()])
    )
    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert not Measure.objects.filter(slug="digital-coffee").exists()


def test_published_measures_of_others_can_be_named_as_inspiration(client, editor_a, org_b):
    client.force_login(editor_a)
    published = MeasureFactory(organisation=org_b, title_en="Published elsewhere")
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "measures", "model_name": "inspiration", "field_name": "source"},
    )
    ids = {item["id"] for item in response.json()["results"]}
    assert str(published.pk) in ids


def test_changelist_shows_missing_languages(client, portal_editor):
    MeasureFactory(title_en="Only English", title_pl="", summary_pl="", description_pl="")
    client.force_login(portal_editor)
    response = client.get(reverse("admin:measures_measure_changelist"))
    assert "Only English" in response.content.decode()
    assert ">PL<" in response.content.decode()


def test_the_admin_explains_the_rules_of_the_service_in_the_editors_language(
    client, editor_a, org_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor_a)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "navy").save(buffer, format="PNG")
    upload = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
    with translation.override("de"):
        url = reverse("admin:measures_measure_add")
    data = _form_data(org_a, ThemeFactory.create_batch(4), image=upload)
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["themes"] == ["Wählen Sie ein bis drei Themen."]
    assert errors["image_alt_en"] == [
        "Beschreiben Sie das Bild für Menschen, die es nicht sehen können."
    ]
    assert "Wählen Sie ein bis drei Themen." in response.content.decode()
    assert not Measure.objects.filter(slug="digital-coffee").exists()
