"""The measure admin's own rules for partner staff: sanitised text, one to three themes, only
their own organisations as owners, published measures of others as inspiration.

That partner staff never reach another organisation's measures in any admin view is checked
with every other partner-owned model by the matrix in tests/partners/test_admin_isolation.py.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from core.workflow import Status
from measures.models import Measure
from tests.measures.factories import MeasureFactory, ThemeFactory

pytestmark = pytest.mark.django_db


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
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["results"]}
    assert str(published.pk) in ids


def test_changelist_shows_missing_languages(client, portal_editor):
    MeasureFactory(title_en="Only English", title_pl="", summary_pl="", description_pl="")
    client.force_login(portal_editor)
    response = client.get(reverse("admin:measures_measure_changelist"))
    assert response.status_code == 200
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
