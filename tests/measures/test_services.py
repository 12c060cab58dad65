import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from measures.models import RICH_TEXT_FIELDS, Measure, MeasureKind
from measures.services import (
    MeasureEntry,
    measure_bulk_create,
    measure_clean,
    measure_image_normalise,
    measure_save,
    plain_text_clean,
    rich_text_sanitise,
)
from tests.measures.factories import TargetGroupFactory, ThemeFactory
from tests.partners.factories import OrganisationFactory


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p onclick="x()" style="color:red">Hi</p>', "<p>Hi</p>"),
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://example.org" target="_blank">x</a>',
            '<a href="https://example.org" rel="noopener noreferrer">x</a>',
        ),
        ("<h1>Big</h1><h3>Small</h3>", "Big<h3>Small</h3>"),
        ("<img src=x onerror=alert(1)>", ""),
        (
            "<ul><li><strong>a</strong> <em>b</em></li></ul>",
            "<ul><li><strong>a</strong> <em>b</em></li></ul>",
        ),
        (
            "Line one\nline two\n\nNew paragraph",
            "<p>Line one<br>line two</p><p>New paragraph</p>",
        ),
        ("Plain & simple", "<p>Plain &amp; simple</p>"),
    ],
)
def test_rich_text_keeps_only_the_allowed_structure(html, expected):
    assert rich_text_sanitise(html=html) == expected


def test_plain_text_loses_control_characters():
    assert plain_text_clean(text=" a\x00b\r\nc\x07 ") == "ab\nc"


def _image(fmt="JPEG", size=(200, 100)):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "navy")
    exif = Image.Exif()
    exif[0x010E] = "secret description"
    image.save(buffer, format=fmt, exif=exif)
    return SimpleUploadedFile(f"photo.{fmt.lower()}", buffer.getvalue())


def test_images_are_reencoded_without_metadata():
    result = measure_image_normalise(upload=_image(), name="my-measure")
    assert result.name == "my-measure.webp"
    with Image.open(io.BytesIO(result.read())) as image:
        assert image.format == "WEBP"
        assert not image.getexif()


def test_non_images_are_refused():
    with pytest.raises(ValidationError):
        measure_image_normalise(upload=SimpleUploadedFile("x.png", b"<svg onload=alert(1)>"))


# --- The rules of every write: measure_clean, measure_save, measure_bulk_create ---------------

HOSTILE = '<p onclick="steal()">Members <script>x()</script>meet.</p>'


def test_rich_text_is_sanitised_in_every_language_and_plain_text_cleaned():
    values = {f"{name}_{code}": HOSTILE for name in RICH_TEXT_FIELDS for code in ("de", "en", "pl")}
    values.update(title_pl=" Tytuł\x00 ", summary_de="Kurz\x07.", city=" kept as it is ")
    cleaned = measure_clean(values=values)
    for name in RICH_TEXT_FIELDS:
        for code in ("de", "en", "pl"):
            assert cleaned[f"{name}_{code}"] == "<p>Members meet.</p>", (name, code)
    assert (cleaned["title_pl"], cleaned["summary_de"]) == ("Tytuł", "Kurz.")
    assert cleaned["city"] == " kept as it is "


@pytest.mark.parametrize(("count", "valid"), [(0, False), (1, True), (3, True), (4, False)])
def test_a_measure_has_one_to_three_themes(count, valid):
    themes = [object()] * count
    if valid:
        assert measure_clean(values={"themes": themes})["themes"] == themes
    else:
        with pytest.raises(ValidationError) as raised:
            measure_clean(values={"themes": themes})
        assert raised.value.message_dict == {"themes": ["Choose one to three themes."]}


def test_an_uploaded_image_is_normalised_and_needs_a_text_alternative():
    with translation.override("pl"):
        with pytest.raises(ValidationError) as raised:
            measure_clean(values={"slug": "cafe", "image": _image()})
    assert raised.value.message_dict == {
        "image_alt_en": ["Opisz zdjęcie dla osób, które nie mogą go zobaczyć."]
    }
    cleaned = measure_clean(values={"slug": "cafe", "image": _image(), "image_alt_pl": "Kawa"})
    assert cleaned["image"].name == "cafe.webp"
    with pytest.raises(ValidationError) as raised:
        measure_clean(values={"image": SimpleUploadedFile("x.png", b"<svg onload=alert(1)>")})
    assert list(raised.value.message_dict) == ["image"]  # not also "describe it"


@pytest.mark.django_db
def test_measure_save_creates_changes_and_leaves_unchanged_measures_alone():
    organisation = OrganisationFactory()
    themes = ThemeFactory.create_batch(2)
    group = TargetGroupFactory()
    values = {
        "slug": "digital-coffee",
        "title_en": "Digital coffee",
        "summary_en": "A fortnightly online meeting.",
        "description_pl": HOSTILE,
        "kind": MeasureKind.NETWORK,
        "organisation": organisation,
        "country": "PL",
        "start_year": 2020,
    }
    measure = measure_save(values=values, themes=themes, target_groups=[group])
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.description_pl == "<p>Members meet.</p>"
    assert sorted(measure.theme_ids) == sorted(theme.pk for theme in themes)
    assert list(measure.target_group_ids) == [group.pk]

    updated_at = measure.updated_at
    measure_save(measure=measure, values=values, themes=themes, target_groups=[group])
    assert Measure.objects.get(pk=measure.pk).updated_at == updated_at

    measure_save(measure=measure, values={**values, "city": "Szczecin"}, themes=themes[:1])
    measure = Measure.objects.get(pk=measure.pk)
    assert (measure.city, list(measure.theme_ids)) == ("Szczecin", [themes[0].pk])
    assert measure.updated_at > updated_at


@pytest.mark.django_db
def test_measure_save_refuses_a_measure_without_themes_and_writes_nothing():
    organisation = OrganisationFactory()
    values = {"slug": "no-theme", "title_en": "T", "summary_en": "S", "kind": "network"}
    values.update(organisation=organisation, country="PL")
    for themes in (None, [], ThemeFactory.create_batch(4)):
        with pytest.raises(ValidationError):
            measure_save(values=values, themes=themes)
    assert not Measure.objects.filter(slug="no-theme").exists()


@pytest.mark.django_db
def test_bulk_created_measures_follow_the_same_rules():
    organisation = OrganisationFactory()
    theme = ThemeFactory()
    entry = MeasureEntry(
        values={
            "slug": "generated-1",
            "title_en": "Generated",
            "summary_en": "Summary.",
            "description_en": HOSTILE,
            "challenge_de": "Zeile eins\n\nZeile zwei",
            "kind": MeasureKind.SERVICE,
            "organisation": organisation,
            "country": "DE",
            "start_year": 2020,
        },
        themes=[theme],
    )
    measure_bulk_create(entries=[entry])
    measure = Measure.objects.get(slug="generated-1")
    assert measure.description_en == "<p>Members meet.</p>"
    assert measure.challenge_de == "<p>Zeile eins</p><p>Zeile zwei</p>"
    assert list(measure.theme_ids) == [theme.pk]
    with pytest.raises(ValidationError):
        measure_bulk_create(entries=[MeasureEntry(values={"slug": "generated-2"}, themes=[])])
    assert not Measure.objects.filter(slug="generated-2").exists()
