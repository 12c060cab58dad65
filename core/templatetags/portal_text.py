"""Text helpers shared by every template."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# After a slash or an @, before a dot and other separators: where a web or e-mail address may
# break at the end of a line without looking cut in the middle of a word.
_BREAK_AFTER = re.compile(r"(//|/|@)")
_BREAK_BEFORE = re.compile(r"(?<=[^/.])([.?&=_#~])")


@register.filter
def breakable_address(value) -> SafeString:
    """A web or e-mail address with line-break opportunities (<wbr>) at its separators."""
    text = escape(str(value or ""))
    # Entities from escaping (&amp; &#x27; …) must stay whole: mark breaks on the raw text
    # between them only.
    pieces = re.split(r"(&[#\w]+;)", text)
    marked = []
    for piece in pieces:
        if piece.startswith("&") and piece.endswith(";"):
            marked.append(piece)
            continue
        piece = _BREAK_AFTER.sub(r"\1<wbr>", piece)
        piece = _BREAK_BEFORE.sub(r"<wbr>\1", piece)
        marked.append(piece)
    return mark_safe("".join(marked))  # noqa: S308 (built from escaped text)
