"""JSON bodies read by the web pages' own forms: ISO days (2026-10-20) as the forms read them (20/10/2026)."""

from __future__ import annotations

import re

ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def form_day(value: str | None) -> str:
    """An ISO day as the form reads it; anything else goes to the form's own checks (and its message)."""
    match = ISO_DAY.match(value or "")
    return f"{match[3]}/{match[2]}/{match[1]}" if match else (value or "")
