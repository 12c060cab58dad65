"""CSV for spreadsheet programs: shared by every export of the portal."""

from __future__ import annotations

# Written first, so that spreadsheet programs recognise UTF-8 (umlauts, Polish letters).
BOM = "\ufeff"
# Spreadsheet programs read cells starting with these characters as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """The value as text that a spreadsheet program shows and never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
