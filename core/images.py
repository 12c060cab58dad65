"""Uploaded images: checked with Pillow, re-encoded, stripped of metadata.

Only the pixels of an upload are kept: the file is decoded, checked against size limits and
written anew as PNG (or WebP), so that metadata (camera, location, author), embedded scripts and
malformed data never reach the media folder.
"""

from __future__ import annotations

import io
import warnings
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
MIN_SIDE = 32


def image_normalise(
    *,
    upload,
    max_side: int = 800,
    output_format: str = "PNG",
    name: str = "",
) -> ContentFile:
    """Return the upload re-encoded, at most `max_side` pixels wide and high.

    Raises ValidationError with a message for the person who uploaded it.
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; images may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="file_too_large",
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                if image_format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _("Upload a PNG, JPEG or WebP image."), code="invalid_format"
                    )
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _("The image has too many pixels (%(width)s × %(height)s).")
                        % {"width": width, "height": height},
                        code="too_many_pixels",
                    )
                if min(width, height) < MIN_SIDE:
                    raise ValidationError(
                        _("The image is too small: it needs at least %(min)s pixels on each side.")
                        % {"min": MIN_SIDE},
                        code="too_small",
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as source:
                source.load()
                image = ImageOps.exif_transpose(source)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow refuses to open images far beyond the limit, before their size is known.
        raise ValidationError(
            _("The image has too many pixels; at most %(limit)s are accepted.")
            % {"limit": number_format(MAX_PIXELS, force_grouping=True)},
            code="too_many_pixels",
        ) from error
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise ValidationError(
            _("The file is not an image that can be read. Upload a PNG, JPEG or WebP image."),
            code="invalid_image",
        ) from error

    image = image.convert("RGBA" if _has_transparency(image) else "RGB")
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    if output_format == "WEBP":
        image.save(output, format="WEBP", quality=85, method=6)
        extension = "webp"
    else:
        image.save(output, format="PNG", optimize=True)
        extension = "png"
    stem = slugify(name or PurePath(getattr(upload, "name", "") or "image").stem) or "image"
    return ContentFile(output.getvalue(), name=f"{stem}.{extension}")


def _has_transparency(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA"):
        return True
    return image.mode == "P" and "transparency" in image.info
