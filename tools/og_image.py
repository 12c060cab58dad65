"""Draw the fallback link-preview image, `static/img/og-default.png` (1200 × 630 pixels).

Pages without an image of their own (lists, events, projects, the legal pages, measures without
a picture) name this image in their Open Graph and Twitter-card tags. It shows the portal's
logo, its name and its tagline in the colours of `static/css/main.css`. Run it again after a
change of the logo, colours or tagline and commit the result:

    .venv/bin/python -m tools.og_image

Only local fonts are used: DejaVu Sans where the system has it, otherwise Pillow's own font.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUTPUT = Path(__file__).resolve().parent.parent / "static" / "img" / "og-default.png"
WIDTH, HEIGHT = 1200, 630

# The palette of static/css/main.css (:root).
PRIMARY = "#0b4f8a"
PRIMARY_DARK = "#073860"
ACCENT = "#ffd43b"
WHITE = "#ffffff"

NAME = "Next2Met"


def gettext_noop(message: str) -> str:
    """Marks a message for `makemessages` (which finds it by this name) without needing
    Django's settings, as django.utils.translation.gettext_noop would."""
    return message


# The tagline of the site header (templates/base.html): one image serves every language, so it
# is drawn in the source language; the image's alternative text is translated.
TAGLINE = gettext_noop("Regions next to metropolises")

FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/Library/Fonts"),
)


def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans (bold) in `size` pixels if the system has it, else Pillow's default font."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_FOLDERS:
        if (folder / name).is_file():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size)


def fitting_font(draw: ImageDraw.ImageDraw, text: str, *, size: int, width: int, bold: bool):
    """The largest font up to `size` in which `text` fits into `width` pixels."""
    while size > 10:
        candidate = font(size, bold=bold)
        left, _top, right, _bottom = draw.textbbox((0, 0), text, font=candidate)
        if right - left <= width:
            return candidate
        size -= 2
    return font(size, bold=bold)


def draw_logo(draw: ImageDraw.ImageDraw, *, left: int, top: int, size: int) -> None:
    """The logo of static/img/logo.svg (drawn on a 36-unit grid), scaled to `size` pixels."""
    unit = size / 36

    def circle(cx: float, cy: float, r: float, fill: str) -> None:
        box = (left + (cx - r) * unit, top + (cy - r) * unit)
        box += (left + (cx + r) * unit, top + (cy + r) * unit)
        draw.ellipse(box, fill=fill)

    def line(x1: float, y1: float, x2: float, y2: float) -> None:
        points = [(left + x1 * unit, top + y1 * unit), (left + x2 * unit, top + y2 * unit)]
        draw.line(points, fill=WHITE, width=round(1.6 * unit))

    circle(18, 18, 18, WHITE)  # a thin white ring sets the logo off the blue background
    circle(18, 18, 17, PRIMARY_DARK)
    circle(18, 18, 6, ACCENT)
    for x1, y1, x2, y2 in ((10.5, 13.5, 15, 16), (25, 11, 21.5, 14.5)):
        line(x1, y1, x2, y2)
    for x1, y1, x2, y2 in ((26, 24.5, 22, 21.5), (11, 25, 15, 21)):
        line(x1, y1, x2, y2)
    for cx, cy in ((8, 12), (27, 9), (28, 26), (9, 27)):
        circle(cx, cy, 3, WHITE)


def render() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), PRIMARY)
    draw = ImageDraw.Draw(image)
    # A darker band at the bottom and an accent stripe above it, as in the site's footer.
    draw.rectangle((0, HEIGHT - 110, WIDTH, HEIGHT), fill=PRIMARY_DARK)
    draw.rectangle((0, HEIGHT - 122, WIDTH, HEIGHT - 110), fill=ACCENT)

    logo_size = 300
    logo_top = (HEIGHT - 122 - logo_size) // 2
    draw_logo(draw, left=90, top=logo_top, size=logo_size)

    text_left = 90 + logo_size + 70
    text_width = WIDTH - text_left - 80
    name_font = fitting_font(draw, NAME, size=140, width=text_width, bold=True)
    tagline_font = fitting_font(draw, TAGLINE, size=52, width=text_width, bold=False)
    draw.text((text_left, logo_top + 150), NAME, font=name_font, fill=WHITE, anchor="ls")
    draw.text((text_left, logo_top + 235), TAGLINE, font=tagline_font, fill=ACCENT, anchor="ls")
    return image


def main() -> int:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    render().save(OUTPUT, format="PNG", optimize=True)
    sys.stdout.write(f"Wrote {OUTPUT} ({WIDTH}×{HEIGHT})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
