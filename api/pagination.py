"""Cursor pagination in id order: stable under inserts, one index range scan per page.

A cursor is opaque to clients (base64 of the last id of the page before); `next` is the address
of the following page, or null on the last one.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from api.errors import ApiError

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_CURSOR = re.compile(r"after:([0-9]{1,18})")
CURSOR_MAX_LENGTH = 64


def cursor_encode(*, after: int) -> str:
    return base64.urlsafe_b64encode(f"after:{after}".encode()).decode().rstrip("=")


def cursor_decode(*, cursor: str | None) -> int:
    """The id after which a page starts (0 for the first page); 400 for a cursor this API did
    not write."""
    if not cursor:
        return 0
    invalid = ApiError(400, parameter="cursor", message=_("This cursor is not valid."))
    if len(cursor) > CURSOR_MAX_LENGTH or not cursor.isascii():
        raise invalid
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError) as error:
        raise invalid from error
    match = _CURSOR.fullmatch(text)
    if match is None:
        raise invalid
    return int(match.group(1))


@dataclass(frozen=True)
class Window:
    after: int
    limit: int


def window_from(*, cursor: str | None, limit: int) -> Window:
    return Window(after=cursor_decode(cursor=cursor), limit=limit)


def page_build(
    *, items: list[dict[str, Any]], ids: list[int], window: Window, path: str, query: QueryDict
) -> dict[str, Any]:
    """A page of `items` (with their `ids`, at most limit + 1 of them: one more than the page
    says whether a next page exists)."""
    shown = items[: window.limit]
    next_url = None
    if len(ids) > window.limit:
        params = query.copy()
        params["cursor"] = cursor_encode(after=ids[window.limit - 1])
        next_url = f"{settings.SITE_URL}{path}?{params.urlencode()}"
    return {"limit": window.limit, "next": next_url, "results": shown}
