import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from measures.services import measure_image_normalise, plain_text_clean, rich_text_sanitise


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
