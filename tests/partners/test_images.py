"""Logos are real images, within limits, and stored re-encoded without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import image_normalise


def upload(image_format="JPEG", size=(400, 200), exif=True, name="logo.jpg"):
    image = Image.new("RGB", size, (11, 79, 138))
    buffer = io.BytesIO()
    kwargs = {}
    if exif:
        metadata = Image.Exif()
        metadata[0x013B] = "Secret Author"  # Artist
        kwargs["exif"] = metadata.tobytes()
    image.save(buffer, format=image_format, **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_image_is_reencoded_as_png_without_metadata():
    result = image_normalise(upload=upload(), max_side=100, name="witeno")
    data = result.read()
    assert result.name == "witeno.png"
    assert b"Secret Author" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.size == (100, 50)
        assert not image.getexif()


def test_a_file_that_is_not_an_image_is_refused():
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        image_normalise(upload=fake)
    assert error.value.code == "invalid_image"


def test_too_many_pixels_are_refused():
    with pytest.raises(ValidationError) as error:
        image_normalise(upload=upload(image_format="PNG", size=(6000, 5000), exif=False))
    assert error.value.code == "too_many_pixels"


def test_tiny_images_are_refused():
    with pytest.raises(ValidationError) as error:
        image_normalise(upload=upload(size=(10, 10)))
    assert error.value.code == "too_small"


def test_large_files_are_refused():
    big = SimpleUploadedFile("logo.png", b"0" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as error:
        image_normalise(upload=big)
    assert error.value.code == "file_too_large"


@pytest.mark.django_db
def test_logo_uploaded_in_the_admin_is_stored_as_png(
    client, portal_editor, org_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(portal_editor)
    response = client.post(
        f"/en/admin/partners/organisation/{org_a.pk}/change/",
        {
            "name_en": org_a.name_en,
            "slug": org_a.slug,
            "kind": org_a.kind,
            "country": "DE",
            "logo": upload(size=(1200, 600)),
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.logo.name.endswith(".png")
    assert (org_a.logo_width, org_a.logo_height) == (600, 300)


def test_formats_other_than_png_jpeg_and_webp_are_refused():
    with pytest.raises(ValidationError) as error:
        image_normalise(upload=upload("GIF", exif=False, name="logo.gif"))
    assert error.value.code == "invalid_format"
