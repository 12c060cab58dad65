"""Uploads: oversized files, image bombs and files disguised as images are refused clearly.

Partner logos and measure images go through the same check (core.images.image_normalise)
behind Django's own image field; tests cover the check itself, the two admin forms and one
upload through the admin as a partner manager sees it.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import MAX_UPLOAD_BYTES, image_normalise
from measures.forms import MeasureAdminForm
from partners.forms import OrganisationAdminForm
from partners.models import Organisation

pytestmark = pytest.mark.django_db


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes that claim to be a PNG of width × height pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def encoded(size=(400, 200), image_format="PNG", mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=image_format)
    return buffer.getvalue()


def as_upload(content: bytes, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


DISGUISED = {
    "html": b"<!doctype html><html><body><script>alert(1)</script></body></html>",
    "svg": (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(1)</script></svg>"
    ),
    "pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
    "empty": b"",
    "truncated png": encoded()[:60],
    "png signature only": b"\x89PNG\r\n\x1a\n",
}
BOMBS = {
    "declares 100000 x 100000": png_declaring(100_000, 100_000),
    "declares 30000 x 30000": png_declaring(30_000, 30_000),
}


# --- The check itself ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(DISGUISED))
def test_files_disguised_as_images_are_refused(kind):
    with pytest.raises(ValidationError) as error:
        image_normalise(upload=as_upload(DISGUISED[kind]))
    assert error.value.code == "invalid_image"
    assert "Upload a PNG, JPEG or WebP image." in error.value.messages[0]


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_images_declaring_huge_dimensions_are_refused_as_too_large(name):
    with pytest.raises(ValidationError) as error:
        image_normalise(upload=as_upload(BOMBS[name]))
    assert error.value.code == "too_many_pixels"
    assert error.value.messages[0] == (
        "The image has too many pixels; at most 25,000,000 are accepted."
    )


def test_an_image_whose_data_does_not_match_its_header_is_refused():
    with pytest.raises(ValidationError) as error:
        image_normalise(upload=as_upload(png_declaring(4000, 32)))
    assert error.value.code == "invalid_image"


def test_a_small_file_that_decompresses_to_a_huge_image_is_refused():
    bomb = encoded(size=(10_000, 10_000), mode="1")  # 100 million pixels in a few kilobytes
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as error:
        image_normalise(upload=as_upload(bomb))
    assert error.value.code == "too_many_pixels"


def test_an_oversized_file_is_refused_before_it_is_read():
    class Unreadable(SimpleUploadedFile):
        def read(self, *args, **kwargs):
            raise AssertionError("the file was read")

    big = Unreadable("logo.png", b"", content_type="image/png")
    big.size = MAX_UPLOAD_BYTES + 1
    with pytest.raises(ValidationError) as error:
        image_normalise(upload=big)
    assert error.value.code == "file_too_large"
    assert "images may be at most 5.0" in error.value.messages[0]


def test_script_appended_to_a_real_image_does_not_survive():
    polyglot = encoded() + b"<script>alert(1)</script><?php system($_GET['c']); ?>"
    result = image_normalise(upload=as_upload(polyglot, name="logo.png.html"))
    data = result.read()
    assert result.name == "logo-pnghtml.png" or result.name.endswith(".png")
    assert b"<script" not in data and b"<?php" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"


def test_the_file_name_of_an_upload_cannot_choose_the_stored_path():
    result = image_normalise(upload=as_upload(encoded(), name="../../settings.py"))
    assert "/" not in result.name and ".." not in result.name
    assert result.name.endswith(".png")


# --- The admin forms -------------------------------------------------------------------------


def organisation_form(upload):
    return OrganisationAdminForm(
        data={"name_en": "Alpha", "slug": "alpha", "kind": "cluster", "country": "DE"},
        files={"logo": upload},
    )


def measure_form(upload):
    return MeasureAdminForm(
        data={"slug": "m", "image_alt_en": "A picture"}, files={"image": upload}
    )


FORMS = {"organisation logo": (organisation_form, "logo"), "measure image": (measure_form, "image")}


@pytest.mark.parametrize("form_name", sorted(FORMS))
@pytest.mark.parametrize(
    "content",
    [*DISGUISED.values(), *BOMBS.values()],
    ids=[*sorted(DISGUISED), *sorted(BOMBS)],
)
def test_admin_forms_refuse_bad_uploads_with_a_message(form_name, content):
    make, field = FORMS[form_name]
    form = make(as_upload(content))
    assert not form.is_valid()
    (message,) = form.errors[field]
    assert any(
        expected in message
        for expected in (
            "Upload a valid image.",
            "Upload a PNG, JPEG or WebP image.",
            "too many pixels",
            "The submitted file is empty.",
        )
    ), message


@pytest.mark.parametrize("form_name", sorted(FORMS))
def test_admin_forms_refuse_oversized_images(form_name, monkeypatch):
    monkeypatch.setattr("core.images.MAX_UPLOAD_BYTES", 10_000)
    make, field = FORMS[form_name]
    form = make(as_upload(encoded(size=(1000, 1000), image_format="BMP"), name="big.bmp"))
    assert not form.is_valid()
    (message,) = form.errors[field]
    assert "images may be at most" in message


def test_a_disguised_logo_uploaded_in_the_admin_is_refused_and_not_stored(
    client, manager_a, org_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(manager_a)
    response = client.post(
        f"/en/admin/partners/organisation/{org_a.pk}/change/",
        {
            "name_en": org_a.name_en,
            "slug": org_a.slug,
            "kind": org_a.kind,
            "country": "DE",
            "logo": as_upload(DISGUISED["svg"]),
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Upload a valid image." in response.content.decode()
    assert not Organisation.objects.get(pk=org_a.pk).logo
    assert not list(tmp_path.rglob("*.png"))
